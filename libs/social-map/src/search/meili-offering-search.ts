import { distanceKm as haversineKm } from '@passend/reference';
import { Meilisearch, type EnqueuedTaskPromise, type SearchParams, type Settings, type Task } from 'meilisearch';
import type { DataSource } from 'typeorm';
import { MEILI_FACETS, meiliFilter, meiliSort } from './meili-query.js';
import { hitFromDocument, loadOfferingDocuments, validOfferingIds, type OfferingDocument } from './offering-documents.js';
import type { OfferingFacets, OfferingSearchEngine, OfferingSearchQuery, OfferingSearchResult } from './offering-search.js';
import { assertSearchable, emptyFacets } from './search-query.js';
import { DUTCH_STOP_WORDS, meiliSynonyms, searchTerms, synonymGroups, type SynonymSource } from './search-terms.js';

export const DEFAULT_OFFERINGS_INDEX = 'offerings';

export interface MeiliOfferingSearchOptions {
  url: string;
  apiKey?: string;
  /** default 'offerings' */
  indexName?: string;
  /** per HTTP request; default 5000 ms */
  requestTimeoutMs?: number;
  /** how long to wait for one Meilisearch task; default 120 s */
  taskTimeoutMs?: number;
  /** documents per request when syncing or rebuilding; default 1000 */
  batchSize?: number;
  /** sync() waits until Meilisearch has applied the change (failures surface, the job retries); default true */
  waitForTasks?: boolean;
}

/** Meilisearch answers with the document plus these */
type MeiliHit = OfferingDocument & { _geoDistance?: number };

/**
 * The search port on Meilisearch. Documents are those of loadOfferingDocuments (directory data
 * only), primary key `id`; only active offerings have one. sync() loads the given offerings from
 * PostgreSQL and upserts them, deleting those no longer active or existing (idempotent).
 * reindexAll() builds a new index next to the live one, swaps the two atomically (searches never
 * see a half-built index), deletes the old one and then re-syncs what changed while it ran.
 */
export class MeiliOfferingSearch implements OfferingSearchEngine {
  readonly name = 'meilisearch' as const;
  readonly indexName: string;
  private readonly client: Meilisearch;
  private readonly taskTimeoutMs: number;
  private readonly batchSize: number;
  private readonly waitForTasks: boolean;
  private readonly pending = new Set<number>();
  private ready?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    options: MeiliOfferingSearchOptions,
  ) {
    this.indexName = options.indexName ?? DEFAULT_OFFERINGS_INDEX;
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(this.indexName)) throw new Error(`not a Meilisearch index name: ${this.indexName}`);
    this.client = new Meilisearch({
      host: options.url,
      apiKey: options.apiKey,
      timeout: options.requestTimeoutMs ?? 5_000,
      // On a kept-alive connection, Node's fetch waits ~40 ms for every search answer with facets
      // (Nagle against delayed ACKs: measured 44 ms against 2 ms for curl). A fresh connection per
      // request costs a handshake (~0.2 ms on a local network) and answers in 2-4 ms.
      requestInit: { headers: { Connection: 'close' } },
    });
    this.taskTimeoutMs = options.taskTimeoutMs ?? 120_000;
    this.batchSize = options.batchSize ?? 1_000;
    this.waitForTasks = options.waitForTasks ?? true;
  }

  async search(query: OfferingSearchQuery, now: Date): Promise<OfferingSearchResult> {
    assertSearchable(query);
    // the same words PostgreSQL searches for: normalised, without stop words, at most MAX_SEARCH_TERMS
    const text = searchTerms(query.text, []).map((t) => t.text).join(' ');
    const hasText = text.length > 0;
    const params = {
      filter: meiliFilter(query),
      sort: meiliSort(query, hasText),
      page: query.page,
      hitsPerPage: query.perPage,
      facets: Object.values(MEILI_FACETS),
      matchingStrategy: 'all',
      locales: ['nld'],
    } satisfies SearchParams;
    const response = await this.client.index<OfferingDocument>(this.indexName).search<MeiliHit, typeof params>(text, params);
    const near = query.near;
    const hits = response.hits.map((hit) => {
      const { _geoDistance, ...document } = hit;
      const km = !near || !document._geo ? null : _geoDistance !== undefined ? _geoDistance / 1000 : haversineKm(near.latitude, near.longitude, document._geo.lat, document._geo.lng);
      return hitFromDocument(document as OfferingDocument, now, km);
    });
    return {
      hits,
      total: response.totalHits,
      page: query.page,
      perPage: query.perPage,
      facets: toFacets(response.facetDistribution),
      engine: 'meilisearch',
    };
  }

  /** Brings these offerings' documents up to date: upsert the active ones, delete the rest. Idempotent. */
  async sync(offeringIds: string[], options: { wait?: boolean } = {}): Promise<void> {
    const ids = validOfferingIds(offeringIds);
    if (ids.length === 0) return;
    await this.ensureReady();
    const index = this.client.index<OfferingDocument>(this.indexName);
    const tasks: EnqueuedTaskPromise[] = [];
    for (let i = 0; i < ids.length; i += this.batchSize) {
      const batch = ids.slice(i, i + this.batchSize);
      const documents = await loadOfferingDocuments(this.dataSource.manager, batch);
      const present = new Set(documents.map((d) => d.id));
      const gone = batch.filter((id) => !present.has(id));
      if (documents.length > 0) tasks.push(index.addDocuments(documents, { primaryKey: 'id' }));
      if (gone.length > 0) tasks.push(index.deleteDocuments(gone));
    }
    await this.settle(tasks, options.wait ?? this.waitForTasks, 'sync');
  }

  /**
   * Rebuilds the index from PostgreSQL: a new index `<name>_rebuild_<time>` gets the settings and
   * every active offering, in batches; then one swapIndexes task exchanges it with the live index
   * (atomic for searches) and the old one is deleted. Offerings changed while it ran (their outbox
   * jobs may have written to the old index) are synced again afterwards. Returns the documents.
   */
  async reindexAll(onProgress?: (done: number, total: number) => void): Promise<number> {
    const [{ since, total }] = (await this.dataSource.query(
      `SELECT now() - interval '1 minute' AS since, (SELECT count(*)::int FROM social_map.offering WHERE active) AS total`,
    )) as [{ since: Date; total: number }];
    const rebuild = `${this.indexName}_rebuild_${Date.now().toString(36)}`;
    let done = 0;
    onProgress?.(0, total);
    try {
      await this.applySettings(rebuild);
      const index = this.client.index<OfferingDocument>(rebuild);
      let previous: EnqueuedTaskPromise | undefined;
      let previousCount = 0;
      for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
        const rows = (await this.dataSource.query(
          `SELECT id FROM social_map.offering WHERE active AND id > $1::uuid ORDER BY id LIMIT $2`,
          [after, this.batchSize],
        )) as { id: string }[];
        if (rows.length === 0) break;
        after = rows.at(-1)!.id;
        const documents = await loadOfferingDocuments(this.dataSource.manager, rows.map((r) => r.id));
        const current = documents.length > 0 ? index.addDocuments(documents, { primaryKey: 'id' }) : undefined;
        // one batch in flight while the next is read from PostgreSQL
        if (previous) {
          await this.settle([previous], true, 'reindex');
          done += previousCount;
          onProgress?.(done, Math.max(total, done));
        }
        previous = current;
        previousCount = documents.length;
      }
      if (previous) {
        await this.settle([previous], true, 'reindex');
        done += previousCount;
      }
      await this.createIndexIfMissing(this.indexName);
      await this.settle([this.client.swapIndexes([{ indexes: [this.indexName, rebuild], rename: false }])], true, 'swap');
    } finally {
      // after the swap this holds the old documents; after a failure, the half-built index
      await this.settle([this.client.deleteIndex(rebuild)], true, 'delete old index').catch(() => undefined);
    }
    this.ready = Promise.resolve();
    onProgress?.(done, Math.max(total, done));
    const changed = (await this.dataSource.query(
      `SELECT o.id FROM social_map.offering o
         JOIN social_map.location l ON l.id = o.location_id
         JOIN social_map.provider p ON p.id = o.provider_id
        WHERE o.updated_at >= $1 OR o.capacity_confirmed_at >= $1 OR l.updated_at >= $1 OR p.updated_at >= $1`,
      [since],
    )) as { id: string }[];
    if (changed.length > 0) await this.sync(changed.map((r) => r.id), { wait: true });
    return done;
  }

  async isAvailable(): Promise<boolean> {
    return this.client.isHealthy();
  }

  /** Creates the index when missing and applies the settings (synonyms read from the taxonomy). */
  async ensureSettings(): Promise<void> {
    await this.applySettings(this.indexName);
    this.ready = Promise.resolve();
  }

  /** Waits for every task this instance enqueued without waiting (sync with wait: false). */
  async waitForPendingTasks(): Promise<void> {
    const uids = [...this.pending];
    for (const uid of uids) {
      const task = await this.client.tasks.waitForTask(uid, { timeout: this.taskTimeoutMs });
      this.pending.delete(uid);
      assertSucceeded(task, 'pending');
    }
  }

  /** Deletes the index (tests, or before a rebuild under a new name). */
  async deleteIndex(): Promise<void> {
    await this.settle([this.client.deleteIndex(this.indexName)], true, 'delete index').catch(() => undefined);
    this.ready = undefined;
  }

  /** What a document looks like in the index (tests check the whitelist on it). */
  async storedDocument(offeringId: string): Promise<Record<string, unknown>> {
    return (await this.client.index(this.indexName).getDocument(offeringId)) as Record<string, unknown>;
  }

  /** The settings the index should have. */
  async settings(): Promise<Settings> {
    const specialisms = (await this.dataSource.query(
      `SELECT label_nl AS "labelNl", synonyms FROM social_map.specialism ORDER BY code`,
    )) as SynonymSource[];
    return {
      searchableAttributes: [
        'name', 'providerName', 'specialismLabels', 'specialismSynonyms', 'categoryLabel', 'settingLabel',
        'locationName', 'city', 'municipalityName', 'description',
      ],
      filterableAttributes: [
        'regionCode', 'municipalityCode', 'categoryCode', 'specialismCodes', 'setting', 'minAge', 'maxAge', 'freePlaces', 'hasFree',
        'waitWeeks', 'contractedRegionCodes', 'acceptsOtherRegions', 'secure', 'active', '_geo',
      ],
      sortableAttributes: ['_geo', 'waitWeeks', 'hasFree', 'capacityConfirmedAt', 'id'],
      // sort first: an explicit sort (distance, wait, freshness) decides; with free text and no sort
      // the text rules decide, then freshness
      rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness', 'capacityConfirmedAt:desc'],
      stopWords: [...DUTCH_STOP_WORDS],
      synonyms: meiliSynonyms(synonymGroups(specialisms)),
      typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
      localizedAttributes: [{ attributePatterns: ['*'], locales: ['nld'] }],
      faceting: { maxValuesPerFacet: 500 },
      pagination: { maxTotalHits: 100_000 },
    };
  }

  private ensureReady(): Promise<void> {
    this.ready ??= this.applySettings(this.indexName).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async applySettings(indexName: string): Promise<void> {
    await this.createIndexIfMissing(indexName);
    await this.settle([this.client.index(indexName).updateSettings(await this.settings())], true, 'settings');
  }

  private async createIndexIfMissing(indexName: string): Promise<void> {
    const task = await this.client.createIndex(indexName, { primaryKey: 'id' }).waitTask({ timeout: this.taskTimeoutMs });
    if (task.status !== 'succeeded' && task.error?.code !== 'index_already_exists') assertSucceeded(task, 'create index');
  }

  private async settle(tasks: EnqueuedTaskPromise[], wait: boolean, what: string): Promise<void> {
    if (!wait) {
      for (const enqueued of await Promise.all(tasks)) this.pending.add(enqueued.taskUid);
      return;
    }
    for (const task of tasks) assertSucceeded(await task.waitTask({ timeout: this.taskTimeoutMs }), what);
  }
}

function assertSucceeded(task: Task, what: string): void {
  if (task.status !== 'succeeded') {
    throw new Error(`Meilisearch ${what} task ${task.uid} ${task.status}${task.error ? `: ${task.error.code} ${task.error.message}` : ''}`);
  }
}

function toFacets(distribution: Record<string, Record<string, number>> | undefined): OfferingFacets {
  const facets = emptyFacets();
  if (!distribution) return facets;
  facets.region = { ...(distribution[MEILI_FACETS.region] ?? {}) };
  facets.category = { ...(distribution[MEILI_FACETS.category] ?? {}) };
  facets.setting = { ...(distribution[MEILI_FACETS.setting] ?? {}) };
  const free = distribution[MEILI_FACETS.availability] ?? {};
  facets.availability = { free: free['true'] ?? 0, full: free['false'] ?? 0 };
  return facets;
}
