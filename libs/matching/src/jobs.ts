import { defineJob } from '@passend/platform';

/**
 * A matching run over one youth-care region (a rematch after a decline, an expiry, a new need or
 * a capacity change). `requestedAt` (ms) lets a run that started after the request stand in for
 * it: a burst of changes in one region gives one or two runs, not one per change.
 */
export const RematchRegion = defineJob<{ regionCode: string; trigger: 'event' | 'decline' | 'manual' | 'startup'; requestedAt?: number }>('matching.rematch-region', {
  queue: 'matching',
  attempts: 5,
});

/** The nightly national run: every waiting child against every offering with a free place. */
export const MatchNationally = defineJob<Record<string, never>>('matching.match-nationally', {
  queue: 'matching',
  attempts: 3,
  schedule: { pattern: '30 2 * * *' },
});

export const MATCHING_JOBS = [RematchRegion, MatchNationally] as const;
