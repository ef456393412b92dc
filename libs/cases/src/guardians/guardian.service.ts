import { Injectable } from '@nestjs/common';
import { AccessControl, actsFor, UserDirectory } from '@passend/identity';
import { Clock, DomainError, type Actor, type FieldProblem } from '@passend/platform';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CaseAccess } from '../access/case-access.js';
import { institutionCasesPolicy } from '../access/case-policy.js';
import { CaseRecords } from '../cases/case-records.js';
import type { CaseResponse } from '../cases/cases.dto.js';
import { CasePersonalData } from '../children/personal-data.js';
import { compareDates, isLocalDate, todayInAmsterdam } from '../domain/local-date.js';
import { milestoneProblems } from '../domain/norm-clock.js';
import { CaseEffects, type CaseEvent } from '../timeline/case-effects.js';
import type { AssignGuardianRequest, CaseloadResponse } from './guardian.dto.js';

/**
 * Guardian assignments with their history. One open assignment of each kind per case: a new one
 * closes the previous one on its first day, and a new permanent guardian also ends any duty
 * guardian's stand-in. The first permanent guardian meets the case's first norm milestone.
 */
@Injectable()
export class GuardianService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly cases: CaseAccess,
    private readonly records: CaseRecords,
    private readonly personalData: CasePersonalData,
    private readonly effects: CaseEffects,
    private readonly users: UserDirectory,
    private readonly clock: Clock,
  ) {}

  async assign(actor: Actor, measureId: string, request: AssignGuardianRequest): Promise<CaseResponse> {
    const today = todayInAmsterdam(this.clock.now());
    return this.cases.change(actor, measureId, 'assign_guardian', async (manager, head) => {
      const problems: FieldProblem[] = [];
      const guardian = await this.users.standingOf(request.guardianUserId, manager);
      if (!actsFor(guardian, 'guardian', head.institutionId)) {
        problems.push({ field: 'guardianUserId', message: "guardianUserId must be an active guardian of the case's institution" });
      }
      if (!isLocalDate(request.fromDate)) problems.push({ field: 'fromDate', message: 'fromDate is not a calendar date' });
      else if (compareDates(request.fromDate, head.rulingDate) < 0) problems.push({ field: 'fromDate', message: `fromDate cannot be before the ruling (${head.rulingDate})` });
      else if (compareDates(request.fromDate, today) > 0) problems.push({ field: 'fromDate', message: `fromDate cannot be in the future (today is ${today})` });

      const [current] = (await manager.query(
        `SELECT guardian_user_id, from_date::text FROM cases.guardian_assignment WHERE measure_id = $1 AND kind = $2 AND to_date IS NULL`,
        [measureId, request.kind],
      )) as { guardian_user_id: string; from_date: string }[];
      if (current?.guardian_user_id === request.guardianUserId) problems.push({ field: 'guardianUserId', message: `this guardian is already the ${request.kind} guardian of the case` });
      else if (current && isLocalDate(request.fromDate) && compareDates(request.fromDate, current.from_date) < 0) {
        problems.push({ field: 'fromDate', message: `fromDate cannot be before the current ${request.kind} guardian's start (${current.from_date})` });
      }

      const [met] = (await manager.query(`SELECT met_on::text FROM cases.milestone WHERE measure_id = $1 AND kind = 'permanent_guardian'`, [measureId])) as { met_on: string }[];
      const meetsMilestone = request.kind === 'permanent' && !met;
      if (meetsMilestone) {
        // the dates were checked above (as fromDate); the norm adds comply or explain
        const dateOk = !problems.some((p) => p.field === 'fromDate');
        const norm = milestoneProblems('permanent_guardian', { rulingDate: head.rulingDate, metOn: dateOk ? request.fromDate : null, today, explanation: request.explanation ?? null });
        problems.push(...norm.map((p) => (p.field === 'metOn' ? { ...p, field: 'fromDate' } : p)));
      } else if (request.explanation) {
        problems.push({ field: 'explanation', message: 'only the first permanent guardian of a case meets the norm: no explanation is needed here' });
      }
      if (problems.length) throw DomainError.validation(problems);

      // ends the previous assignment(s) on the new guardian's first day (never before their own start)
      const closed = (await manager.query(
        `UPDATE cases.guardian_assignment SET to_date = GREATEST(from_date, $3::date)
          WHERE measure_id = $1 AND to_date IS NULL AND (kind = $2 OR $2 = 'permanent') RETURNING guardian_user_id, kind`,
        [measureId, request.kind, request.fromDate],
      )) as { guardian_user_id: string; kind: string }[];
      const assignmentId = randomUUID();
      await manager.query(
        `INSERT INTO cases.guardian_assignment (id, measure_id, guardian_user_id, kind, from_date, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
        [assignmentId, measureId, request.guardianUserId, request.kind, request.fromDate, actor.principal.userId],
      );
      const events: CaseEvent[] = [
        {
          kind: 'guardian_assigned',
          summary: `${request.kind} guardian assigned from ${request.fromDate}${closed.length ? `; ended ${closed.map((c) => c.kind).join(' and ')} assignment` : ''}`,
          refs: { assignmentId, guardianUserId: request.guardianUserId, kind: request.kind, fromDate: request.fromDate, endedGuardianUserIds: closed.map((c) => c.guardian_user_id) },
        },
      ];
      if (meetsMilestone) {
        const milestoneId = randomUUID();
        const explanation = request.explanation;
        await manager.query(
          `INSERT INTO cases.milestone (id, measure_id, kind, met_on, explanation_code, explanation_text_enc, recorded_by) VALUES ($1, $2, 'permanent_guardian', $3, $4, $5, $6)`,
          [milestoneId, measureId, request.fromDate, explanation?.reasonCode ?? null, explanation ? this.personalData.seal('milestone', milestoneId, 'explanation_text_enc', explanation.text.trim()) : null, actor.principal.userId],
        );
        events.push({
          kind: 'milestone_recorded',
          summary: `milestone permanent_guardian met on ${request.fromDate}${explanation ? `, explained: ${explanation.reasonCode}` : ''}`,
          refs: { milestoneId, milestone: 'permanent_guardian', metOn: request.fromDate, explanationCode: explanation?.reasonCode ?? null },
        });
      }
      await this.effects.changed(manager, actor, measureId, ...events);
      return this.records.load(manager, measureId, today);
    });
  }

  /** Open cases per guardian of the institution, and how many wait for a permanent guardian: for the institution's team leads. */
  async caseload(actor: Actor, institutionId: string): Promise<CaseloadResponse> {
    const [lead] = (await this.dataSource.query(`SELECT 1 FROM cases.team_lead WHERE institution_id = $1 AND user_id = $2`, [institutionId, actor.principal.userId])) as unknown[];
    await this.access.authorize(actor, { policy: institutionCasesPolicy, action: 'read_caseload', record: { institutionId, actorLeadsTeam: lead !== undefined }, subjectId: institutionId, purpose: 'care' });
    // the institution's active guardians from identity, then their open cases from our own tables
    const active = await this.users.activeGuardians(institutionId);
    const counts = (await this.dataSource.query(
      `SELECT a.guardian_user_id AS "userId",
              count(m.id) FILTER (WHERE a.kind = 'permanent')::int AS "permanentCases",
              count(m.id) FILTER (WHERE a.kind = 'temporary')::int AS "temporaryCases"
         FROM cases.guardian_assignment a
         JOIN cases.measure m ON m.id = a.measure_id AND m.status = 'open'
        WHERE a.to_date IS NULL AND a.guardian_user_id = ANY($1::uuid[])
        GROUP BY a.guardian_user_id`,
      [active.map((g) => g.userId)],
    )) as { userId: string; permanentCases: number; temporaryCases: number }[];
    const byUser = new Map(counts.map((c) => [c.userId, c]));
    const guardians: CaseloadResponse['guardians'] = active.map((g) => ({
      userId: g.userId,
      displayName: g.displayName,
      permanentCases: byUser.get(g.userId)?.permanentCases ?? 0,
      temporaryCases: byUser.get(g.userId)?.temporaryCases ?? 0,
    }));
    const [totals] = (await this.dataSource.query(
      `SELECT count(*)::int AS "openCases",
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM cases.guardian_assignment a WHERE a.measure_id = m.id AND a.kind = 'permanent' AND a.to_date IS NULL))::int AS "withoutPermanentGuardian"
         FROM cases.measure m WHERE m.institution_id = $1 AND m.status = 'open'`,
      [institutionId],
    )) as { openCases: number; withoutPermanentGuardian: number }[];
    return { institutionId, ...totals!, guardians };
  }
}
