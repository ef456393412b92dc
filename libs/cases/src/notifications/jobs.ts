import { defineJob } from '@passend/platform';

/**
 * The norm check: flags milestones due soon or overdue and notifies the guardian and the team
 * leads. Daily at 07:00 Amsterdam time, and on demand (POST /api/notifications/check). Idempotent:
 * a second run the same day creates nothing.
 */
export const CheckNorms = defineJob<Record<string, never>>('cases.check-norms', { queue: 'cases', schedule: { pattern: '0 7 * * *' } });
