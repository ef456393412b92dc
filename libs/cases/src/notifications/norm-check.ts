import { Injectable, Logger } from '@nestjs/common';
import { actsFor, UserDirectory } from '@passend/identity';
import { Clock, InjectConfig, JobHandler, JobProducer, type PassendConfig } from '@passend/platform';
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
    private readonly users: UserDirectory,
    @InjectConfig() config: PassendConfig,
    private readonly clock: Clock,
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
    const today = todayInAmsterdam(options.now ?? this.clock.now());
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

  /**
   * Per batch: the open assignments and team leads of the flagged measures (our tables), who of
   * them is an active guardian of the measure's institution (identity's UserDirectory), then one
   * insert of the notifications; also what had nobody to go to.
   */
  private async notify(flags: (NormFlag & { measureId: string })[], today: LocalDate): Promise<{ created: number; withoutRecipient: number }> {
    const measureIds = [...new Set(flags.map((f) => f.measureId))];
    const assignments = (await this.dataSource.query(
      `SELECT m.id AS measure_id, m.institution_id, a.guardian_user_id, a.kind, a.from_date::text AS from_date
         FROM cases.measure m
         LEFT JOIN cases.guardian_assignment a ON a.measure_id = m.id AND a.to_date IS NULL
        WHERE m.id = ANY($1::uuid[])`,
      [measureIds],
    )) as { measure_id: string; institution_id: string; guardian_user_id: string | null; kind: string | null; from_date: string | null }[];
    const institutionOf = new Map(assignments.map((a) => [a.measure_id, a.institution_id]));
    const leads = (await this.dataSource.query(`SELECT institution_id, user_id FROM cases.team_lead WHERE institution_id = ANY($1::uuid[])`, [
      [...new Set(institutionOf.values())],
    ])) as { institution_id: string; user_id: string }[];
    const standings = await this.users.standings([...assignments.flatMap((a) => (a.guardian_user_id ? [a.guardian_user_id] : [])), ...leads.map((l) => l.user_id)]);
    const isGuardianOf = (userId: string, institutionId: string) => actsFor(standings.get(userId), 'guardian', institutionId);

    // the case's guardian: permanent before temporary, the latest start first; passed over when no longer a guardian there
    const guardianOf = new Map<string, string>();
    const candidates = assignments
      .filter((a) => a.guardian_user_id !== null && isGuardianOf(a.guardian_user_id, a.institution_id))
      .sort((a, b) => Number(b.kind === 'permanent') - Number(a.kind === 'permanent') || b.from_date!.localeCompare(a.from_date!));
    for (const a of candidates) if (!guardianOf.has(a.measure_id)) guardianOf.set(a.measure_id, a.guardian_user_id!);
    const leadsOf = new Map<string, string[]>();
    for (const l of leads) if (isGuardianOf(l.user_id, l.institution_id)) leadsOf.set(l.institution_id, [...(leadsOf.get(l.institution_id) ?? []), l.user_id]);

    const rows: { userId: string; flag: NormFlag & { measureId: string } }[] = [];
    let withoutRecipient = 0;
    for (const flag of flags) {
      const institutionId = institutionOf.get(flag.measureId);
      const guardian = guardianOf.get(flag.measureId);
      const recipients = new Set([...(guardian ? [guardian] : []), ...(institutionId ? (leadsOf.get(institutionId) ?? []) : [])]);
      if (recipients.size === 0) withoutRecipient += 1;
      for (const userId of recipients) rows.push({ userId, flag });
    }
    if (rows.length === 0) return { created: 0, withoutRecipient };
    const created = (await this.dataSource.query(
      `INSERT INTO cases.notification (recipient_user_id, measure_id, milestone, kind, due_on, created_on)
       SELECT r.user_id, r.measure_id, r.milestone, r.kind, r.due_on, $6::date
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::date[]) AS r(user_id, measure_id, milestone, kind, due_on)
       ON CONFLICT (recipient_user_id, measure_id, milestone, kind) DO NOTHING
       RETURNING 1`,
      [rows.map((r) => r.userId), rows.map((r) => r.flag.measureId), rows.map((r) => r.flag.milestone), rows.map((r) => r.flag.kind), rows.map((r) => r.flag.dueOn), today],
    )) as unknown[];
    return { created: created.length, withoutRecipient };
  }
}
