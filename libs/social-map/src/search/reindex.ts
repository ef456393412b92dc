import type { PassendConfig } from '@passend/platform';
import type { DataSource } from 'typeorm';
import { MeiliOfferingSearch } from './meili-offering-search.js';
import { refreshSearchText } from './search-text.js';

export interface ReindexReport {
  engine: 'postgresql' | 'meilisearch';
  /** offerings whose search_text was out of date */
  searchTextRefreshed: number;
  /** documents in the rebuilt index (PostgreSQL: active offerings) */
  documents: number;
  durationMs: number;
}

/**
 * `npm run reindex`: rebuilds every offering's search_text, then (MEILI_URL set) the Meilisearch
 * index, built aside and swapped in atomically. Safe to run while the application runs.
 */
export async function reindexOfferings(
  dataSource: DataSource,
  config: Pick<PassendConfig, 'meili'>,
  onProgress?: (done: number, total: number) => void,
  options: { indexName?: string } = {},
): Promise<ReindexReport> {
  const started = Date.now();
  const searchTextRefreshed = await dataSource.transaction((manager) => refreshSearchText(manager, 'all'));
  if (!config.meili) {
    const [{ n }] = (await dataSource.query(`SELECT count(*)::int AS n FROM social_map.offering WHERE active`)) as [{ n: number }];
    onProgress?.(n, n);
    return { engine: 'postgresql', searchTextRefreshed, documents: n, durationMs: Date.now() - started };
  }
  const meili = new MeiliOfferingSearch(dataSource, { url: config.meili.url, apiKey: config.meili.apiKey, indexName: options.indexName });
  const documents = await meili.reindexAll(onProgress);
  return { engine: 'meilisearch', searchTextRefreshed, documents, durationMs: Date.now() - started };
}
