import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { reindexOfferings } from '@passend/social-map';
import { startMeilisearch, type MeilisearchServer } from '@passend/testing';
import request from 'supertest';
import { insertSearchFixtures } from '../../libs/social-map/src/search/offering-search.fixtures.js';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { recordFault, RequestProbe, statusOf } from './support/fault-figures.js';

/**
 * Fault: Meilisearch goes away (killed) under a running api. Searches keep answering 200 with the
 * same offerings, from PostgreSQL (`engine: postgresql`), /health reports search degraded; once
 * Meilisearch is back on the same address, searches go to it again, without a restart.
 */
describe('fault: Meilisearch unavailable', () => {
  let meili: MeilisearchServer;
  let api: TestApi;
  let token: string;
  const query = 'region=JZ22&perPage=50';
  let expectedIds: string[];

  const search = async () => {
    const res = await statusOf(request(api.http).get(`/api/social-map/offerings?${query}`).set('Authorization', `Bearer ${token}`).timeout(10_000));
    const body = res.body as { engine?: string; hits?: { offeringId: string }[] } | undefined;
    return { ...res, engine: body?.engine, ids: (body?.hits ?? []).map((h) => h.offeringId).sort() };
  };
  const searchHealth = async () => ((await request(api.http).get('/health')).body as { info?: { search?: { engine: string; degraded?: boolean } } }).info?.search;

  beforeAll(async () => {
    meili = await startMeilisearch();
    api = await startTestApi({ meili: { url: meili.url, apiKey: meili.apiKey } });
    await insertSearchFixtures(api.dataSource);
    await reindexOfferings(api.dataSource, { meili: { url: meili.url, apiKey: meili.apiKey } });
    token = await api.tokenFor('guardian');
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await meili?.stop();
  });

  it('answers from PostgreSQL while it is down and from Meilisearch again once it is back', async () => {
    const before = await search();
    expect(before).toMatchObject({ status: 200, engine: 'meilisearch' });
    expectedIds = before.ids;
    expect(expectedIds.length).toBeGreaterThan(1);
    expect(await searchHealth()).toEqual({ status: 'up', engine: 'meilisearch' });

    const engines: { at: number; engine?: string }[] = [];
    const probe = new RequestProbe(async () => {
      const res = await search();
      engines.push({ at: Date.now(), engine: res.engine });
      return { status: res.status, ok: res.status === 200 && JSON.stringify(res.ids) === JSON.stringify(expectedIds) };
    }, 100);
    probe.start();

    const haltedAt = Date.now();
    await meili.halt();
    // detected: a search answered by PostgreSQL, and /health says degraded
    const deadline = Date.now() + 30_000;
    while (!engines.some((e) => e.at > haltedAt && e.engine === 'postgresql') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const fallbackAt = engines.find((e) => e.at > haltedAt && e.engine === 'postgresql')?.at ?? null;
    expect(await searchHealth()).toMatchObject({ status: 'up', engine: 'postgresql', degraded: true });
    // down for a while
    while (engines.filter((e) => e.at > haltedAt).length < 30) await new Promise((r) => setTimeout(r, 100));

    const resumeStarted = Date.now();
    await meili.resume();
    const backAt = Date.now();
    const recoverDeadline = Date.now() + 60_000;
    while (!engines.some((e) => e.at > backAt && e.engine === 'meilisearch') && Date.now() < recoverDeadline) await new Promise((r) => setTimeout(r, 100));
    await probe.stop();
    const recoveredAt = engines.find((e) => e.at > backAt && e.engine === 'meilisearch')?.at ?? null;
    const failed = probe.failures(haltedAt);
    recordFault({
      fault: 'Meilisearch unavailable',
      detectMs: fallbackAt === null ? null : fallbackAt - haltedAt,
      requests: probe.results.filter((r) => r.at >= haltedAt).length,
      failedRequests: failed.length,
      failedStatuses: RequestProbe.countStatuses(failed),
      recoverMs: recoveredAt === null ? null : recoveredAt - backAt,
      backlog: null,
      drainMs: null,
      exactlyOnce: null,
      notes: `searches answered by PostgreSQL meanwhile: ${engines.filter((e) => e.at > haltedAt && e.engine === 'postgresql').length}, with the same ${expectedIds.length} offerings; Meilisearch restart took ${((backAt - resumeStarted) / 1000).toFixed(1)} s; recover = until searches went to Meilisearch again (the fallback's circuit stays open 10 s)`,
    });

    expect(fallbackAt).not.toBeNull();
    expect(failed).toEqual([]);
    expect(recoveredAt).not.toBeNull();
    expect(await searchHealth()).toEqual({ status: 'up', engine: 'meilisearch' });
    expect(await search()).toMatchObject({ status: 200, engine: 'meilisearch', ids: expectedIds });
  });
});
