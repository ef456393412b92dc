import { auditSchema } from '@passend/audit';
import { casesSchema } from '@passend/cases';
import { identitySchema } from '@passend/identity';
import { matchingSchema } from '@passend/matching';
import { buildDataSourceOptions, platformSchema, type PassendConfig, type SessionLimits } from '@passend/platform';
import { referenceSchema } from '@passend/reference';
import { socialMapSchema } from '@passend/social-map';
import type { DataSourceOptions } from 'typeorm';

/**
 * The one database definition: every library's entities and migrations, in dependency order.
 * The api, the worker, the CLI, the TypeORM CLI (typeorm-cli.ts) and the tests all use it.
 */
export const PASSEND_SCHEMA = [platformSchema, identitySchema, auditSchema, referenceSchema, socialMapSchema, casesSchema, matchingSchema];

export function passendDataSourceOptions(config: Pick<PassendConfig, 'databaseUrl'>, applicationName?: string, limits?: SessionLimits): DataSourceOptions {
  return buildDataSourceOptions(config, PASSEND_SCHEMA, applicationName, limits);
}

/** The api's sessions: every statement and lock wait bounded, so one slow request cannot stall the others. */
export function apiSessionLimits(config: Pick<PassendConfig, 'databaseLimits'>): SessionLimits {
  return { ...config.databaseLimits, idleInTransactionTimeoutMs: 60_000 };
}

/** The worker's sessions: lock waits bounded; statements not (a national matching run or a reindex may run long). */
export function workerSessionLimits(config: Pick<PassendConfig, 'databaseLimits'>): SessionLimits {
  return { lockTimeoutMs: config.databaseLimits?.lockTimeoutMs, idleInTransactionTimeoutMs: 60_000 };
}
