import type { PassendConfig } from '@passend/platform';
import type { DataSource } from 'typeorm';
import { FallbackOfferingSearch, type FallbackOptions } from './fallback-offering-search.js';
import { MeiliOfferingSearch, type MeiliOfferingSearchOptions } from './meili-offering-search.js';
import type { OfferingSearchEngine } from './offering-search.js';
import { PostgresOfferingSearch } from './postgres-offering-search.js';

/**
 * The configured engine: PostgreSQL alone, or (MEILI_URL set) Meilisearch with PostgreSQL as the
 * fallback for searches.
 */
export function createOfferingSearch(
  dataSource: DataSource,
  config: Pick<PassendConfig, 'meili'>,
  options: { meili?: Partial<MeiliOfferingSearchOptions>; fallback?: FallbackOptions } = {},
): OfferingSearchEngine {
  const postgres = new PostgresOfferingSearch(dataSource);
  if (!config.meili) return postgres;
  const meili = new MeiliOfferingSearch(dataSource, { url: config.meili.url, apiKey: config.meili.apiKey, ...options.meili });
  return new FallbackOfferingSearch(meili, postgres, options.fallback);
}
