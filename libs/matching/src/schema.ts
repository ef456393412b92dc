import type { SchemaContribution } from '@passend/platform';
import { MATCHING_JOBS } from './jobs.js';
import { Matching1795800000700 } from './migrations/1795800000700-Matching.js';
import { MatchingNotifications1795800000710 } from './migrations/1795800000710-MatchingNotifications.js';
import { MatchingRetention1795800000736 } from './migrations/1795800000736-MatchingRetention.js';

/**
 * Matching's tables are defined by its migrations and written through SQL only; no TypeORM
 * entity describes them (so no drift between the two can arise).
 */
export const matchingSchema: SchemaContribution = {
  entities: [],
  migrations: [Matching1795800000700, MatchingNotifications1795800000710, MatchingRetention1795800000736],
};

export const matchingJobs = MATCHING_JOBS;
