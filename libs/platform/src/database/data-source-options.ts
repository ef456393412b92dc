import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import type { PassendConfig } from '../config/environment.js';

/** What each library contributes to the one database: its entities and its migrations. */
export interface SchemaContribution {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}

/** The database settings shared by the app, the worker, the CLI and the tests. `synchronize` stays off. */
export function buildDataSourceOptions(
  config: Pick<PassendConfig, 'databaseUrl'>,
  contributions: SchemaContribution[],
  applicationName = 'passend',
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
    logging: ['error'],
    extra: { max: 20, application_name: applicationName },
  };
}
