import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import type { PassendConfig } from '../config/environment.js';
import { QueryLogger } from './query-logger.js';

/** What each library contributes to the one database: its entities and its migrations. */
export interface SchemaContribution {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}

/** The database settings shared by the app, the worker, the CLI and the tests. `synchronize` stays off. */
/**
 * Per-session limits: a statement that runs or waits for a lock too long is cancelled (the request
 * gets 503 and may retry) instead of holding a connection and stalling others, and a transaction
 * left idle releases its locks. Migrations and operator commands run without them.
 */
export interface SessionLimits {
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
}

export function buildDataSourceOptions(
  config: Pick<PassendConfig, 'databaseUrl'>,
  contributions: SchemaContribution[],
  applicationName = 'passend',
  limits: SessionLimits = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    entities: contributions.flatMap((c) => c.entities as unknown[]) as DataSourceOptions['entities'],
    migrations: contributions.flatMap((c) => c.migrations),
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // the migrations install every extension Passend uses (pg_trgm, cube, earthdistance, unaccent)
    installExtensions: false,
    migrationsRun: false,
    // failed queries as JSON lines with their SQL state, never their parameters (see QueryLogger)
    logging: ['error'],
    logger: new QueryLogger(),
    extra: {
      max: 20,
      application_name: applicationName,
      // node-postgres sets these on every new connection of the pool
      ...(limits.statementTimeoutMs ? { statement_timeout: limits.statementTimeoutMs } : {}),
      ...(limits.lockTimeoutMs ? { lock_timeout: limits.lockTimeoutMs } : {}),
      ...(limits.idleInTransactionTimeoutMs ? { idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs } : {}),
    },
  };
}
