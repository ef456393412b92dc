import { Injectable } from '@nestjs/common';
import { daysBetween, todayInAmsterdam } from '@passend/cases/domain';
import { AccessControl } from '@passend/identity';
import { DomainError, type Actor } from '@passend/platform';
import { DataSource } from 'typeorm';
import { checkEligibility, daysOnClock, fitOf, offeringQueuePolicy, pseudonymisedProfile, URGENCY_TIER } from '../domain/index.js';
import { MatchingSettings } from '../matching-settings.js';
import { MatchingInputReader } from './matching-input.js';
import type { PlaceQueueItem } from './place-queue.dto.js';

/** Days before the due date from which the fitting-help clock counts as due soon (as the case clocks do). */
const DUE_SOON_DAYS = 7;

/**
 * The other direction: for one offering (one free place), the waiting children it fits, ranked
 * by priority (urgency tier, days on the norm clock) and then fit — housing's "unit queue".
 * Its provider sees every eligible child, as a coarse profile and a rank only: no distances, no
 * dates, no circumstances, no ids (nothing that narrows a child down). An expert-table member
 * sees only the children referred to a table of theirs, with the referral to open.
 */
@Injectable()
export class PlaceQueueService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly input: MatchingInputReader,
    private readonly settings: MatchingSettings,
  ) {}

  async forOffering(actor: Actor, offeringId: string, now = new Date()): Promise<PlaceQueueItem[]> {
    const offering = await this.input.offering(offeringId);
    if (!offering) throw DomainError.notFound('Offering');
    await this.access.authorize(actor, { policy: offeringQueuePolicy, action: 'read', record: { providerId: offering.providerId }, subjectId: offeringId, purpose: 'matching' });
    const referred = actor.principal.role === 'expert_member' ? await this.referredToMyTables(actor.principal.userId) : undefined;
    const today = todayInAmsterdam(now);
    const scope = offering.acceptsOtherRegions ? ({ kind: 'national' } as const) : ({ kind: 'region', code: offering.regionCode } as const);
    const input = await this.input.read(scope, today);
    const ranked = input.children
      .filter((c) => c.categoryCode === offering.categoryCode && !input.settledNeeds.has(c.key) && (!referred || referred.has(c.key)))
      .map((child) => ({ child, eligibility: checkEligibility(child, offering) }))
      .filter(({ eligibility }) => eligibility.eligible)
      .map(({ child, eligibility }) => ({ child, fit: fitOf(child, offering, eligibility, now, this.settings.fitWeights), days: daysOnClock(child, today) }))
      .sort((a, b) => URGENCY_TIER[b.child.urgency] - URGENCY_TIER[a.child.urgency] || b.days - a.days || b.fit.score - a.fit.score || (a.child.key < b.child.key ? -1 : 1));
    return ranked.slice(0, 100).map((r, i) => {
      const { ageBand, categoryCode, specialismCodes, settingConstraints, regionCode, urgency, siblingsTogether } = pseudonymisedProfile(r.child);
      const left = daysBetween(today, r.child.fittingHelpDueOn);
      return {
        rank: i + 1,
        profile: { ageBand, categoryCode, specialismCodes, settingConstraints, regionCode, urgency, siblingsTogether },
        fittingHelpClock: left < 0 ? 'overdue' : left <= DUE_SOON_DAYS ? 'due_soon' : 'on_time',
        fitScore: r.fit.score,
        referralId: referred?.get(r.child.key) ?? null,
      };
    });
  }

  /** need id → open referral id, for the tables this member sits on */
  private async referredToMyTables(userId: string): Promise<Map<string, string>> {
    const rows = (await this.dataSource.query(
      `SELECT r.need_id AS "needId", r.id FROM matching.referral r JOIN matching.expert_table_member m ON m.table_id = r.table_id
        WHERE m.user_id = $1 AND r.state IN ('open','waiting_for_information')`,
      [userId],
    )) as { needId: string; id: string }[];
    return new Map(rows.map((r) => [r.needId, r.id]));
  }
}
