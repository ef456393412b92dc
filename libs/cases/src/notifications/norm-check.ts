import { Injectable, Logger } from '@nestjs/common';
import { InjectConfig, JobHandler, JobProducer, type PassendConfig } from '@passend/platform';
import { DataSource } from 'typeorm';
import { todayInAmsterdam, type LocalDate } from '../domain/local-date.js';
import { type Milestone, type NormSettings } from '../domain/norm-clock.js';
import { normSettingsOf } from '../cases/norm-settings.js';
import { CheckNorms } from './jobs.js';
import { normFlags, type NormFlag } from './norm-flags.js';

export interface NormCheckOptions {
  /** the moment of the check (tests move it); its Amsterdam day is "today" */
  now?: Date;
  settings?: NormSettings;
  /** open measures read and flagged per statement */
  batchSize?: number;
}

export interface NormCheckResult {
  /** the Amsterdam day the clocks were computed for */
  today: LocalDate;
  /** open measures checked */
  measures: number;
  /** open clocks due soon / overdue today (each clock once, whoever is told) */
  dueSoon: number;
  overdue: number;
  /** notifications this run created; 0 on a second run the same day */
  created: number;
  /** flagged clocks with nobody to tell: no active guardian on the case and no team lead at the institution */
  withoutRecipient: number;
}

interface MeasureRow {
  id: string;
  ruling_date: string;
  urgent_help_due_on: string | null;
  met_on: Partial<Record<Milestone, string>>;
}

export const DEFAULT_NORM_CHECK_BATCH = 1_000;

/**
 * The norm check. For every open measure it computes the three clocks with the pure domain
 * (normFlags → normClocks) and notifies, for each clock due soon or overdue:
 * - the case's guardian: the permanent guardian, or without one the temporary (duty) guardian;
 *   an assignment whose user is inactive or no longer a guardian of the institution is passed over;
 * - every team lead of the measure's institution (cases.team_lead), so a child without any
 *   guardian is seen by the team leads.
 * Notifications are unique per recipient, measure, milestone and kind and are inserted with
 * ON CONFLICT DO NOTHING: running the check twice creates nothing the second time, and a clock
 * flagged due_soon yesterday gets one 'overdue' notification when it becomes overdue.
 *
 * Measures are read in keyset batches (id order) with their milestones, flagged in memory, and
 * each batch's notifications go in with one statement. A measure whose end date has passed is
 * not checked, even while its status is still open.
 */
@Injectable()
export class NormCheck {
  private readonly logger = new Logger('cases');

  private readonly settings: NormSettings;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobProducer,
    @InjectConfig() config: PassendConfig,
  ) {
    this.settings = normSettingsOf(config);
  }

  @JobHandler(CheckNorms)
  async run(): Promise<NormCheckResult> {
    return this.check();
  }

  /** On demand: puts a check on the queue for the worker; returns the job id. */
  async enqueue(): Promise<string> {
    return this.jobs.enqueue(CheckNorms, {});
  }

  async check(options: NormCheckOptions = {}): Promise<NormCheckResult> {
    const started = Date.now();
    const today = todayInAmsterdam(options.now ?? new Date());
    const settings = options.settings ?? this.settings;
    const batchSize = options.batchSize ?? DEFAULT_NORM_CHECK_BATCH;
    const result: NormCheckResult = { today, measures: 0, dueSoon: 0, overdue: 0, created: 0, withoutRecipient: 0 };

    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const measures = (await this.dataSource.query(
        `SELECT m.id, m.ruling_date::text AS ruling_date, m.urgent_help_due_on::text AS urgent_help_due_on,
                (SELECT COALESCE(jsonb_object_agg(ms.kind, ms.met_on::text), '{}'::jsonb) FROM cases.milestone ms WHERE ms.measure_id = m.id) AS met_on
           FROM cases.measure m
          WHERE m.status = 'open' AND (m.end_date IS NULL OR m.end_date >= $1::date) AND m.id > $2::uuid
          ORDER BY m.id
          LIMIT $3::int`,
        [today, after, batchSize],
      )) as MeasureRow[];
      if (measures.length === 0) break;
      after = measures[measures.length - 1]!.id;
      result.measures += measures.length;

      const flagged: (NormFlag & { measureId: string })[] = [];
      for (const m of measures) {
        for (const flag of normFlags({ rulingDate: m.ruling_date, urgentHelpDueOn: m.urgent_help_due_on, metOn: m.met_on }, today, settings)) {
          flagged.push({ measureId: m.id, ...flag });
          if (flag.kind === 'due_soon') result.dueSoon += 1;
          else result.overdue += 1;
        }
      }
      if (flagged.length > 0) {
        const { created, withoutRecipient } = await this.notify(flagged, today);
        result.created += created;
        result.withoutRecipient += withoutRecipient;
      }
      if (measures.length < batchSize) break;
    }

    this.logger.log({ msg: 'norm check done', ...result, ms: Date.now() - started });
    if (result.withoutRecipient > 0) {
      this.logger.warn({ msg: 'norm check: flagged clocks with nobody to notify (no guardian and no team lead)', today, withoutRecipient: result.withoutRecipient });
    }
    return result;
  }

  /** One statement per batch: the recipients of each flag, the inserts, and what had nobody to go to. */
  private async notify(flags: (NormFlag & { measureId: string })[], today: LocalDate): Promise<{ created: number; withoutRecipient: number }> {
    const [row] = (await this.dataSource.query(
      `WITH flag AS (
         SELECT f.measure_id, f.milestone, f.kind, f.due_on, m.institution_id
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[]) AS f(measure_id, milestone, kind, due_on)
           JOIN cases.measure m ON m.id = f.measure_id
       ),
       recipient AS (
         SELECT f.measure_id, f.milestone, f.kind, f.due_on, g.user_id
           FROM flag f
           CROSS JOIN LATERAL (
             SELECT a.guardian_user_id AS user_id
               FROM cases.guardian_assignment a
               JOIN identity."user" u ON u.id = a.guardian_user_id
              WHERE a.measure_id = f.measure_id AND a.to_date IS NULL
                AND u.active AND u.role = 'guardian' AND u.organisation_id = f.institution_id
              ORDER BY (a.kind = 'permanent') DESC, a.from_date DESC
              LIMIT 1
           ) g
         UNION
         SELECT f.measure_id, f.milestone, f.kind, f.due_on, t.user_id
           FROM flag f
           JOIN cases.team_lead t ON t.institution_id = f.institution_id
           JOIN identity."user" u ON u.id = t.user_id AND u.active AND u.role = 'guardian' AND u.organisation_id = t.institution_id
       ),
       created AS (
         INSERT INTO cases.notification (recipient_user_id, measure_id, milestone, kind, due_on, created_on)
         SELECT user_id, measure_id, milestone, kind, due_on, $5::date FROM recipient
         ON CONFLICT (recipient_user_id, measure_id, milestone, kind) DO NOTHING
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM created)::int AS created,
              (SELECT count(*) FROM flag f
                WHERE NOT EXISTS (SELECT 1 FROM recipient r WHERE r.measure_id = f.measure_id AND r.milestone = f.milestone AND r.kind = f.kind))::int AS without_recipient`,
      [flags.map((f) => f.measureId), flags.map((f) => f.milestone), flags.map((f) => f.kind), flags.map((f) => f.dueOn), today],
    )) as { created: number; without_recipient: number }[];
    return { created: row!.created, withoutRecipient: row!.without_recipient };
  }
}
