import { Injectable } from '@nestjs/common';
import { todayInAmsterdam } from '@passend/cases/domain';
import { AccessControl } from '@passend/identity';
import { DomainError, type Actor } from '@passend/platform';
import { checkEligibility, daysOnClock, fitOf, offeringQueuePolicy, pseudonymisedProfile, URGENCY_TIER } from '../domain/index.js';
import { MatchingSettings } from '../matching-settings.js';
import { MatchingInputReader, toMatchOffering } from './matching-input.js';
import type { PlaceQueueItem } from './place-queue.dto.js';

/**
 * The other direction: for one offering (one free place), the waiting children it fits, ranked
 * by priority (urgency tier, days on the norm clock) and then fit — housing's "unit queue". The
 * provider of the offering and expert-table members see it, pseudonymised: a child appears as a
 * profile and a rank, never by name or id of the case.
 */
@Injectable()
export class PlaceQueueService {
  constructor(
    private readonly access: AccessControl,
    private readonly input: MatchingInputReader,
    private readonly settings: MatchingSettings,
  ) {}

  async forOffering(actor: Actor, offeringId: string, now = new Date()): Promise<PlaceQueueItem[]> {
    const [candidate] = await this.input.offeringsById([offeringId]);
    if (!candidate) throw DomainError.notFound('Offering');
    await this.access.authorize(actor, { policy: offeringQueuePolicy, action: 'read', record: { providerId: candidate.providerId }, subjectId: offeringId, purpose: 'matching' });
    const offering = toMatchOffering(candidate, (await this.input.providerRecords()).get(candidate.providerId));
    const today = todayInAmsterdam(now);
    const scope = candidate.acceptsOtherRegions ? ({ kind: 'national' } as const) : ({ kind: 'region', code: candidate.regionCode } as const);
    const input = await this.input.read(scope, today);
    const ranked = input.children
      .filter((c) => c.categoryCode === offering.categoryCode && !input.settledNeeds.has(c.key))
      .map((child) => ({ child, eligibility: checkEligibility(child, offering) }))
      .filter(({ eligibility }) => eligibility.eligible)
      .map(({ child, eligibility }) => ({ child, eligibility, fit: fitOf(child, offering, eligibility, now, this.settings.fitWeights), days: daysOnClock(child, today) }))
      .sort((a, b) => URGENCY_TIER[b.child.urgency] - URGENCY_TIER[a.child.urgency] || b.days - a.days || b.fit.score - a.fit.score || (a.child.key < b.child.key ? -1 : 1));
    return ranked.slice(0, 100).map((r, i) => ({
      rank: i + 1,
      profile: pseudonymisedProfile(r.child),
      daysOnClock: r.days,
      fittingHelpDueOn: r.child.fittingHelpDueOn,
      fitScore: r.fit.score,
      factors: r.fit.factors,
      distanceKm: r.eligibility.distanceKm,
      flags: r.eligibility.flags,
    }));
  }
}
