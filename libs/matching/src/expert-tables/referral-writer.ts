import { Injectable } from '@nestjs/common';
import { addWorkingDays } from '@passend/cases/domain';
import type { EntityManager } from 'typeorm';
import type { ReferralReason } from '../domain/index.js';
import { MatchingSettings } from '../matching-settings.js';
import { MatchingNotifier } from '../notifications/matching-notifier.js';

export interface ReferralSubject {
  measureId: string;
  needId: string;
  institutionId: string;
  homeRegionCode: string;
  categoryCode: string;
  urgency: string;
  fittingHelpDueOn: string;
}

/**
 * Puts a need on an expert table's queue: the table of the child's region, or a supra-regional
 * one when the region has none (or when the case is escalated). One open referral per need (a
 * partial unique index), so a rule firing twice refers once. The table's decision is due within
 * EXPERT_DECISION_WORKING_DAYS working days, tracked like a norm clock.
 */
@Injectable()
export class ReferralWriter {
  constructor(
    private readonly settings: MatchingSettings,
    private readonly notifier: MatchingNotifier,
  ) {}

  async refer(manager: EntityManager, subject: ReferralSubject, reasons: readonly ReferralReason[], today: string, options: { tableId?: string; escalatedFrom?: string; referredBy?: string | null } = {}): Promise<string | null> {
    const tableId = options.tableId ?? (await this.tableFor(manager, subject.homeRegionCode));
    if (!tableId) return null;
    const [row] = (await manager.query(
      `INSERT INTO matching.referral (table_id, measure_id, need_id, institution_id, home_region_code, category_code, urgency, reasons, decision_due_on,
                                      fitting_help_due_on, escalated_from, referred_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (need_id) WHERE state IN ('open','waiting_for_information') DO NOTHING RETURNING id`,
      [
        tableId, subject.measureId, subject.needId, subject.institutionId, subject.homeRegionCode, subject.categoryCode, subject.urgency, [...reasons],
        addWorkingDays(today, this.settings.decisionWorkingDays), subject.fittingHelpDueOn, options.escalatedFrom ?? null, options.referredBy ?? null,
      ],
    )) as { id: string }[];
    if (row) await this.notifier.notify(manager, 'referral_new', { referralId: row.id }, { membersOf: tableId });
    return row?.id ?? null;
  }

  /**
   * Many referrals at once (a matching run's): each to its region's table, in one statement, and
   * the members of each table told in one more. Returns need id → the new referral's id.
   */
  async referMany(manager: EntityManager, items: readonly { subject: ReferralSubject; reasons: readonly ReferralReason[] }[], today: string): Promise<Map<string, string>> {
    const referred = new Map<string, string>();
    if (!items.length) return referred;
    const tables = new Map<string, string | null>();
    for (const region of new Set(items.map((i) => i.subject.homeRegionCode))) tables.set(region, await this.tableFor(manager, region));
    const rows = items.flatMap(({ subject, reasons }) => {
      const tableId = tables.get(subject.homeRegionCode);
      return tableId
        ? [{
            table_id: tableId, measure_id: subject.measureId, need_id: subject.needId, institution_id: subject.institutionId, home_region_code: subject.homeRegionCode,
            category_code: subject.categoryCode, urgency: subject.urgency, reasons: [...reasons], fitting_help_due_on: subject.fittingHelpDueOn,
          }]
        : [];
    });
    if (!rows.length) return referred;
    const inserted = (await manager.query(
      `INSERT INTO matching.referral (table_id, measure_id, need_id, institution_id, home_region_code, category_code, urgency, reasons, decision_due_on, fitting_help_due_on)
       SELECT table_id, measure_id, need_id, institution_id, home_region_code, category_code, urgency, reasons, $2::date, fitting_help_due_on
         FROM jsonb_to_recordset($1::jsonb) AS r(table_id uuid, measure_id uuid, need_id uuid, institution_id uuid, home_region_code varchar, category_code varchar,
              urgency varchar, reasons text[], fitting_help_due_on date)
       ON CONFLICT (need_id) WHERE state IN ('open','waiting_for_information') DO NOTHING
       RETURNING id, need_id AS "needId", table_id AS "tableId"`,
      [JSON.stringify(rows), addWorkingDays(today, this.settings.decisionWorkingDays)],
    )) as { id: string; needId: string; tableId: string }[];
    for (const r of inserted) referred.set(r.needId, r.id);
    await this.notifier.notifyMembersOfMany(manager, 'referral_new', inserted.map((r) => ({ referralId: r.id, tableId: r.tableId })));
    return referred;
  }

  /** The region's own table, else the first supra-regional one. */
  async tableFor(manager: EntityManager, regionCode: string): Promise<string | null> {
    const [table] = (await manager.query(
      `SELECT id FROM matching.expert_table WHERE region_code = $1 OR region_code IS NULL ORDER BY (region_code IS NULL), name LIMIT 1`,
      [regionCode],
    )) as { id: string }[];
    return table?.id ?? null;
  }
}
