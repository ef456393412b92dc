import { defineJob } from '@passend/platform';

/**
 * A matching run over one youth-care region, asked for through the outbox (after a decline). A
 * run of the region that started after the request was handed over stands in for it.
 */
export const RematchRegion = defineJob<{ regionCode: string; trigger: 'event' | 'decline' | 'manual' | 'startup' }>('matching.rematch-region', {
  queue: 'matching',
  attempts: 5,
});

/** The nightly national run: every waiting child against every offering with a free place. */
export const MatchNationally = defineJob<Record<string, never>>('matching.match-nationally', {
  queue: 'matching',
  attempts: 3,
  schedule: { pattern: '30 2 * * *' },
});

/** Offers whose hold ends within a day: the provider and the guardians hear it (once). Every 15 minutes. */
export const WarnExpiringHolds = defineJob<Record<string, never>>('matching.warn-expiring-holds', {
  queue: 'matching',
  schedule: { pattern: '*/15 * * * *' },
});

export const MATCHING_JOBS = [RematchRegion, MatchNationally, WarnExpiringHolds] as const;
