import type { PassendConfig } from '@passend/platform';
import type { DataSource } from 'typeorm';
import type { OfferingSearchEngine } from './offering-search.js';
import { PostgresOfferingSearch } from './postgres-offering-search.js';

/** MEILI_URL selects Meilisearch (falling back to PostgreSQL when it is down); without it, PostgreSQL. */
export function createOfferingSearch(config: PassendConfig, dataSource: DataSource): OfferingSearchEngine {
  return new PostgresOfferingSearch(dataSource);
}
