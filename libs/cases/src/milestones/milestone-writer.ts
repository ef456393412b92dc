import { DomainError, ErrorCode } from '@passend/platform';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { CasePersonalData } from '../children/personal-data.js';
import type { Explanation } from '../domain/explanation-reasons.js';
import type { Milestone } from '../domain/norm-clock.js';
import type { CaseEvent } from '../timeline/case-effects.js';

export interface MilestoneRow {
  measureId: string;
  kind: Milestone;
  metOn: string;
  explanation: Explanation | null;
  agreedBy: string[] | null;
  offeringId: string | null;
  needId: string | null;
  recordedBy: string;
}

/** A milestone is met once per case: a second one is a conflict. */
export async function refuseSecondMilestone(manager: EntityManager, measureId: string, kind: Milestone): Promise<void> {
  const [existing] = (await manager.query(`SELECT met_on::text FROM cases.milestone WHERE measure_id = $1 AND kind = $2`, [measureId, kind])) as { met_on: string }[];
  if (existing) throw new DomainError(ErrorCode.Conflict, `The ${kind} milestone was recorded already (met on ${existing.met_on})`, { reason: 'milestone_recorded' });
}

/** Writes a checked milestone (its explanation encrypted) and returns its id and its timeline event. */
export async function writeMilestone(manager: EntityManager, personalData: CasePersonalData, row: MilestoneRow): Promise<{ milestoneId: string; event: CaseEvent }> {
  const milestoneId = randomUUID();
  const { explanation } = row;
  await manager.query(
    `INSERT INTO cases.milestone (id, measure_id, kind, met_on, explanation_code, explanation_text_enc, agreed_by, offering_id, need_id, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      milestoneId, row.measureId, row.kind, row.metOn, explanation?.reasonCode ?? null,
      explanation ? personalData.seal('milestone', milestoneId, 'explanation_text_enc', explanation.text.trim()) : null,
      row.agreedBy, row.offeringId, row.needId, row.recordedBy,
    ],
  );
  return {
    milestoneId,
    event: {
      kind: 'milestone_recorded',
      summary: `milestone ${row.kind} met on ${row.metOn}${explanation ? `, explained: ${explanation.reasonCode}` : ''}${row.agreedBy ? `, agreed by ${row.agreedBy.join('/')}` : ''}`,
      refs: { milestoneId, milestone: row.kind, metOn: row.metOn, explanationCode: explanation?.reasonCode ?? null, offeringId: row.offeringId, ...(row.needId ? { needId: row.needId } : {}) },
    },
  };
}
