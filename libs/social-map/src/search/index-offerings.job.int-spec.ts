import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OutboxWriter } from '@passend/platform';
import { createTestDatabase, eventually, findMeilisearchBinary, startMeilisearch, type MeilisearchServer, type TestDatabase } from '@passend/testing';
import { startTestWorker, type TestWorker } from '../../../../test/support/test-worker.js';
import { DataSource } from 'typeorm';
import { CapacityChanged, OfferingChanged } from '../events.js';
import { IndexOfferingsJob } from './index-offerings.job.js';
import { MeiliOfferingSearch } from './meili-offering-search.js';
import { OFFERING_SEARCH, type OfferingSearchEngine } from './offering-search.js';
import { CAPACITY_PROBE_ID, insertSearchFixtures, SEARCH_NOW } from './offering-search.fixtures.js';

/**
 * The way a change reaches the index in production: the write and its CapacityChanged or
 * OfferingChanged event in one transaction, the outbox relay, the queue, the search-index
 * subscriber (IndexOfferingsJob), Meilisearch.
 */
const binary = findMeilisearchBinary();
if ('missing' in binary) console.warn(`[index-offerings job] skipped: ${binary.missing}`);

('missing' in binary ? describe.skip : describe)('IndexOfferingsJob (outbox -> queue -> Meilisearch)', () => {
  let db: TestDatabase;
  let meili: MeilisearchServer;
  let worker: TestWorker;
  let engine: OfferingSearchEngine;

  beforeAll(async () => {
    db = await createTestDatabase();
    meili = await startMeilisearch();
    worker = await startTestWorker({
      databaseUrl: db.url,
      jobs: [],
      events: [CapacityChanged, OfferingChanged],
      providers: [
        IndexOfferingsJob,
        {
          provide: OFFERING_SEARCH,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new MeiliOfferingSearch(dataSource, { url: meili.url, apiKey: meili.apiKey, indexName: 'offerings_job' }),
        },
      ],
    });
    await insertSearchFixtures(worker.dataSource);
    engine = worker.app.get<OfferingSearchEngine>(OFFERING_SEARCH);
    await engine.reindexAll();
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await meili?.stop();
    await db?.drop();
  });

  const probe = async () => (await engine.search({ text: 'zeppelin', sort: 'relevance', page: 1, perPage: 5 }, SEARCH_NOW)).hits[0];

  it('brings a capacity change into the index, through the outbox', async () => {
    expect(await probe()).toMatchObject({ freePlaces: 0 });
    const outbox = worker.app.get(OutboxWriter);
    await worker.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE social_map.offering SET free_places = 2, version = version + 1, updated_at = now() WHERE id = $1`, [CAPACITY_PROBE_ID]);
      await outbox.publish(manager, CapacityChanged, { offeringIds: [CAPACITY_PROBE_ID] });
    });
    await eventually(async () => expect(await probe()).toMatchObject({ offeringId: CAPACITY_PROBE_ID, freePlaces: 2 }), 20_000, 100);
  }, 30_000);

  it('takes an offering out of the index when it is deactivated, ignoring malformed ids', async () => {
    const outbox = worker.app.get(OutboxWriter);
    await worker.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE social_map.offering SET active = false, updated_at = now() WHERE id = $1`, [CAPACITY_PROBE_ID]);
      await outbox.publish(manager, OfferingChanged, { offeringIds: [CAPACITY_PROBE_ID, 'not-an-id'] });
    });
    await eventually(async () => expect(await probe()).toBeUndefined(), 20_000, 100);
  }, 30_000);
});
