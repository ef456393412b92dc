import { defineJob } from '@passend/platform';

/** Gives back the places of holds past their expiry; every minute. */
export const ExpireHolds = defineJob<Record<string, never>>('social-map.expire-holds', { queue: 'social-map', schedule: { pattern: '* * * * *' } });

/** Lists, per provider, the offerings whose capacity nobody confirmed for 14 days; daily at 06:00. */
export const ReportStaleOfferings = defineJob<Record<string, never>>('social-map.report-stale', { queue: 'social-map', schedule: { pattern: '0 6 * * *' } });
