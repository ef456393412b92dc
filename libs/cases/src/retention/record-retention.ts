import { Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '@passend/audit';
import { defineJob, InjectConfig, JobHandler, OutboxWriter, type PassendConfig } from '@passend/platform';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { todayInAmsterdam, type LocalDate } from '../domain/local-date.js';
import { MeasureAnonymised } from '../events.js';

/** Daily at 03:30 Amsterdam time: anonymise the records whose retention term has passed. Idempotent. */
export const ApplyRetention = defineJob<Record<string, never>>('cases.apply-retention', { queue: 'cases', schedule: { pattern: '30 3 * * *' } });

export const DEFAULT_RETENTION_YEARS = 20;

export interface RetentionResult {
  /** the last day a measure may have ended for its child's record to be anonymised */
  endedOnOrBefore: LocalDate;
  children: number;
  measures: number;
  durationMs: number;
}

/** `today` minus whole years, on the calendar (29 February falls back to 28 February). */
export function yearsBefore(today: LocalDate, years: number): LocalDate {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const year = y - years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}` as LocalDate;
}

/**
 * Retention of children's records (Jeugdwet: 20 years; CASE_RETENTION_YEARS). An institution's
 * record of a child whose measures there are all closed, the last one ended at least the term ago,
 * is anonymised in one transaction per batch: the identity goes (the four encrypted fields), the
 * BSN lookup hash becomes a random value (the record is no longer found by BSN, and another
 * institution's record of the same child is no longer linked to it), and the free texts of its
 * cases go (need notes, milestone explanations — their codes stay —, experiences of the help, the
 * client's voice). The statistics keep what they count: measures, dates, regions, categories,
 * milestones. Each record's anonymisation is audited, and `MeasureAnonymised` tells the contexts
 * that keep free text of their own (matching) to remove it. A record anonymised is no longer
 * readable as a case (404).
 */
@Injectable()
export class RecordRetention {
  private readonly logger = new Logger('cases');
  private readonly years: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly auditLog: AuditLog,
    @InjectConfig() config: PassendConfig,
  ) {
    this.years = config.retention?.caseYears ?? DEFAULT_RETENTION_YEARS;
  }

  @JobHandler(ApplyRetention)
  async run(): Promise<RetentionResult> {
    const result = await this.apply();
    this.logger.log({ msg: 'retention applied', children: result.children, measures: result.measures, endedOnOrBefore: result.endedOnOrBefore });
    return result;
  }

  async apply(options: { now?: Date; batchSize?: number } = {}): Promise<RetentionResult> {
    const started = Date.now();
    const endedOnOrBefore = yearsBefore(todayInAmsterdam(options.now ?? new Date()), this.years);
    const batchSize = options.batchSize ?? 200;
    const result: RetentionResult = { endedOnOrBefore, children: 0, measures: 0, durationMs: 0 };
    for (;;) {
      const done = await this.dataSource.transaction(async (manager) => {
        // records due: not anonymised, every measure closed, the last one ended on or before the day
        const children = ((await manager.query(
          `SELECT c.id FROM cases.child c
            WHERE c.anonymised_at IS NULL
              AND EXISTS (SELECT 1 FROM cases.measure m WHERE m.child_id = c.id)
              AND NOT EXISTS (SELECT 1 FROM cases.measure m WHERE m.child_id = c.id AND (m.status <> 'closed' OR m.end_date IS NULL OR m.end_date > $1::date))
            ORDER BY c.id LIMIT $2 FOR UPDATE OF c SKIP LOCKED`,
          [endedOnOrBefore, batchSize],
        )) as { id: string }[]).map((r) => r.id);
        if (children.length === 0) return 0;
        const measures = ((await manager.query(`SELECT id FROM cases.measure WHERE child_id = ANY($1::uuid[]) ORDER BY id`, [children])) as { id: string }[]).map((r) => r.id);
        await manager.query(
          `UPDATE cases.child c SET given_names_enc = NULL, family_name_enc = NULL, bsn_enc = NULL, date_of_birth_enc = NULL,
                  bsn_hmac = r.hmac, anonymised_at = now(), updated_at = now()
             FROM unnest($1::uuid[], $2::text[]) AS r(id, hmac) WHERE c.id = r.id`,
          [children, children.map(() => randomBytes(32).toString('hex'))],
        );
        await manager.query(`UPDATE cases.need SET notes_enc = NULL WHERE measure_id = ANY($1::uuid[]) AND notes_enc IS NOT NULL`, [measures]);
        await manager.query(`UPDATE cases.milestone SET explanation_text_enc = NULL WHERE measure_id = ANY($1::uuid[]) AND explanation_text_enc IS NOT NULL`, [measures]);
        await manager.query(
          `UPDATE cases.help_experience e SET professional_explanation_enc = NULL FROM cases.milestone ms
            WHERE ms.id = e.milestone_id AND ms.measure_id = ANY($1::uuid[]) AND e.professional_explanation_enc IS NOT NULL`,
          [measures],
        );
        await manager.query(`UPDATE cases.client_voice SET statement_enc = NULL WHERE measure_id = ANY($1::uuid[]) AND statement_enc IS NOT NULL`, [measures]);
        await this.outbox.publishMany(manager, MeasureAnonymised, measures.map((measureId) => ({ measureId })));
        const system = { userId: null, clientAddress: null, correlationId: undefined };
        for (const id of children) await this.auditLog.record(system, { action: 'anonymise', subjectType: 'child', subjectId: id, purpose: 'retention', outcome: 'success' }, manager);
        result.children += children.length;
        result.measures += measures.length;
        return children.length;
      });
      if (done < batchSize) break;
    }
    result.durationMs = Date.now() - started;
    return result;
  }
}
