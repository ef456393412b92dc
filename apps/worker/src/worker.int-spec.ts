import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import { JobRegistry } from '@passend/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@passend/testing';
import { PASSEND_EVENTS } from '../../shared/job-catalog.js';
import { WorkerModule } from './worker.module.js';

/**
 * The worker as apps/worker builds it: the libs' modules bring their handlers and subscribers,
 * found like @JobHandlers, and the registry knows each event's subscribers before the relay runs.
 */
describe('the worker: subscribers from the libs', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  async function subscribersWith(meili: { url: string } | undefined): Promise<Record<string, string[]>> {
    const app = await NestFactory.createApplicationContext(WorkerModule.forConfig(testConfig(db.url, { meili })), { logger: false });
    try {
      const registry = app.get(JobRegistry);
      return Object.fromEntries(PASSEND_EVENTS.map((e) => [e.name, registry.subscribers(e.name).map((s) => s.subscription.name)]));
    } finally {
      await app.close();
    }
  }

  it('subscribes search indexing to the offering events only when search has an index of its own, and matching always', async () => {
    expect(await subscribersWith(undefined)).toEqual({
      'social-map.capacity-changed': ['matching'],
      'social-map.offering-changed': [],
      'social-map.hold-resolved': ['matching'],
      'cases.measure-changed': ['read-models', 'matching'],
      'cases.need-recorded': ['matching'],
      'cases.measure-anonymised': ['matching-retention'],
    });
    const withMeili = await subscribersWith({ url: 'http://127.0.0.1:9' });
    expect([...withMeili['social-map.capacity-changed']!].sort()).toEqual(['matching', 'search-index']);
    expect(withMeili['social-map.offering-changed']).toEqual(['search-index']);
  });
});
