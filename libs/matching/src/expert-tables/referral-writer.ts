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

  /** The region's own table, else the first supra-regional one. */
  async tableFor(manager: EntityManager, regionCode: string): Promise<string | null> {
    const [table] = (await manager.query(
      `SELECT id FROM matching.expert_table WHERE region_code = $1 OR region_code IS NULL ORDER BY (region_code IS NULL), name LIMIT 1`,
      [regionCode],
    )) as { id: string }[];
    return table?.id ?? null;
  }
}
