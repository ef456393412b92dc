import { auditSchema } from '@passend/audit';
import { casesSchema } from '@passend/cases';
import { identitySchema } from '@passend/identity';
import { matchingSchema } from '@passend/matching';
import { buildDataSourceOptions, platformSchema, type PassendConfig } from '@passend/platform';
import { referenceSchema } from '@passend/reference';
import { socialMapSchema } from '@passend/social-map';
import type { DataSourceOptions } from 'typeorm';

/**
 * The one database definition: every library's entities and migrations, in dependency order.
 * The api, the worker, the CLI, the TypeORM CLI (typeorm-cli.ts) and the tests all use it.
 */
export const PASSEND_SCHEMA = [platformSchema, identitySchema, auditSchema, referenceSchema, socialMapSchema, casesSchema, matchingSchema];

export function passendDataSourceOptions(config: Pick<PassendConfig, 'databaseUrl'>, applicationName?: string): DataSourceOptions {
  return buildDataSourceOptions(config, PASSEND_SCHEMA, applicationName);
}
