import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError } from '@passend/platform';
import { createTestDatabase, findMeilisearchBinary, startMeilisearch, type TestDatabase } from '@passend/testing';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { passendDataSourceOptions } from '../../../../apps/shared/data-source.js';
import { FallbackOfferingSearch } from './fallback-offering-search.js';
import { MeiliOfferingSearch } from './meili-offering-search.js';
import type { OfferingSearchEngine, OfferingSearchQuery } from './offering-search.js';
import { activeIds, insertSearchFixtures, offeringId, SEARCH_NOW } from './offering-search.fixtures.js';
import { PostgresOfferingSearch } from './postgres-offering-search.js';

/** the engine, counting the searches that reach it */
function counting(engine: OfferingSearchEngine): OfferingSearchEngine & { searches: number } {
  const counted = {
    name: engine.name,
    searches: 0,
    search: (query: OfferingSearchQuery, now: Date) => {
      counted.searches++;
      return engine.search(query, now);
    },
    sync: (ids: string[]) => engine.sync(ids),
    reindexAll: (onProgress?: (done: number, total: number) => void) => engine.reindexAll(onProgress),
    isAvailable: () => engine.isAvailable(),
  };
  return counted;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const SECRET_TEXT = 'geheime zoektekst over een kind';
const query: OfferingSearchQuery = { text: 'pleegzorg', sort: 'relevance', page: 1, perPage: 20 };

describe('FallbackOfferingSearch: Meilisearch first, PostgreSQL when it fails', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let postgres: PostgresOfferingSearch;
  let deadPort: number;
  let silent: Server;
  let silentPort: number;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource(passendDataSourceOptions({ databaseUrl: db.url }, 'passend-test-fallback'));
    await dataSource.initialize();
    await insertSearchFixtures(dataSource);
    postgres = new PostgresOfferingSearch(dataSource);
    // a port nobody listens on: connection refused at once
    const probe = createServer();
    deadPort = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
    // a server that accepts connections and never answers: a hung Meilisearch
    silent = createServer((socket) => sockets.add(socket));
    silentPort = await listen(silent);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    await dataSource?.destroy();
    await db?.drop();
  });

  const meiliAt = (port: number) =>
    new MeiliOfferingSearch(dataSource, { url: `http://127.0.0.1:${port}`, apiKey: 'nope', indexName: 'offerings', requestTimeoutMs: 1_000 });

  it('answers from PostgreSQL when Meilisearch is down, and says so', async () => {
    const warnings: unknown[] = [];
    const engine = new FallbackOfferingSearch(meiliAt(deadPort), postgres, { logger: { warn: (m: unknown) => warnings.push(m) } });
    const result = await engine.search(query, SEARCH_NOW);
    expect(result.engine).toBe('postgresql');
    expect(result.hits.map((h) => h.offeringId).sort()).toEqual([offeringId(1), offeringId(2)]);
    expect(await engine.isAvailable()).toBe(false);
    expect(warnings).toHaveLength(1);
  });

  it('logs the failure without the query text', async () => {
    const warnings: unknown[] = [];
    const engine = new FallbackOfferingSearch(meiliAt(deadPort), postgres, { logger: { warn: (m: unknown) => warnings.push(m) } });
    const result = await engine.search({ ...query, text: SECRET_TEXT }, SEARCH_NOW);
    expect(result.engine).toBe('postgresql');
    expect(warnings).toHaveLength(1);
    const logged = JSON.stringify(warnings);
    expect(logged).toContain('search.fallback');
    for (const word of SECRET_TEXT.split(' ')) if (word.length > 3) expect(logged).not.toContain(word);
  });

  it('waits at most the timeout for a hung Meilisearch, then skips it while the circuit is open', async () => {
    let now = 1_000_000;
    const primary = counting(meiliAt(silentPort));
    const engine = new FallbackOfferingSearch(primary, postgres, { timeoutMs: 300, circuitOpenMs: 10_000, clock: () => now, logger: { warn: () => undefined } });

    let started = Date.now();
    const first = await engine.search(query, SEARCH_NOW);
    const firstMs = Date.now() - started;
    expect(first.engine).toBe('postgresql');
    expect(firstMs).toBeGreaterThanOrEqual(290);
    expect(firstMs).toBeLessThan(1_000);
    expect(engine.circuitOpen).toBe(true);

    started = Date.now();
    const second = await engine.search(query, SEARCH_NOW);
    expect(second.engine).toBe('postgresql');
    expect(Date.now() - started).toBeLessThan(250);
    expect(primary.searches).toBe(1);

    now += 10_001; // the circuit closes: the next search tries Meilisearch again
    expect(engine.circuitOpen).toBe(false);
    await engine.search(query, SEARCH_NOW);
    expect(primary.searches).toBe(2);
  });

  it('passes validation errors through instead of falling back', async () => {
    const engine = new FallbackOfferingSearch(meiliAt(deadPort), postgres, { logger: { warn: () => undefined } });
    await expect(engine.search({ ...query, sort: 'distance' }, SEARCH_NOW)).rejects.toBeInstanceOf(DomainError);
    expect(engine.circuitOpen).toBe(false);
  });

  it('lets sync fail while Meilisearch is down, so that the indexing job retries', async () => {
    const engine = new FallbackOfferingSearch(meiliAt(deadPort), postgres, { logger: { warn: () => undefined } });
    await expect(engine.sync([offeringId(1)])).rejects.toThrow();
  });

  const binary = findMeilisearchBinary();
  (('missing' in binary) ? it.skip : it)('answers from Meilisearch when it is up', async () => {
    const server = await startMeilisearch();
    try {
      const meili = new MeiliOfferingSearch(dataSource, { url: server.url, apiKey: server.apiKey, indexName: 'offerings_fallback' });
      await meili.reindexAll();
      const engine = new FallbackOfferingSearch(meili, postgres, { timeoutMs: 2_000 });
      const result = await engine.search({ ...query, text: undefined }, SEARCH_NOW);
      expect(result.engine).toBe('meilisearch');
      expect(result.total).toBe(activeIds().length);
      expect(await engine.isAvailable()).toBe(true);
    } finally {
      await server.stop();
    }
  }, 30_000);
});
