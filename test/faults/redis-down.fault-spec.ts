import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, todayInAmsterdam } from '@passend/cases/domain';
import { eventually, startRedisServer, uniqueNamespace, type RedisServer } from '@passend/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { offeringOfDemoProvider } from '../support/social-map-fixtures.js';
import { syntheticBsns } from '../support/synthetic-bsn.js';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { recordFault, RequestProbe, statusOf } from './support/fault-figures.js';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

const OUTAGE_MS = 30_000;

/**
 * Fault: Redis (the queue) is down for 30 s under a running api and worker (a private Redis, never
 * the machine's shared one). The api keeps accepting writes: each lands with its event in the
 * outbox; /health reports the queue down. Once Redis is back, the worker's relay drains the
 * backlog and every event's subscriber job runs: each recorded need is matched, once.
 */
describe('fault: Redis unavailable for 30 s', () => {
  let redis: RedisServer;
  let api: TestApi;
  let worker: WorkerProcess;
  let guardian: string;
  let admin: string;
  let queue: Queue;
  let connection: Redis;
  const caseIds: string[] = [];
  const nextBsn = syntheticBsns(71_000_000);
  const today = todayInAmsterdam(new Date());
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  const pendingOutbox = async () => ((await api.dataSource.query(`SELECT count(*)::int AS n FROM platform.outbox WHERE dispatched_at IS NULL`)) as [{ n: number }])[0].n;
  /** the NeedRecorded rows of these needs, and the state of each one's `matching` subscriber job (MatchingTriggers.needRecorded) */
  async function jobsOf(needIds: string[]): Promise<{ needId: string; outboxId: string; state: string }[]> {
    const rows = (await api.dataSource.query(`SELECT id, payload->>'needId' AS need_id FROM platform.outbox WHERE job_name = 'cases.need-recorded' AND payload->>'needId' = ANY($1::text[])`, [
      needIds,
    ])) as { id: string; need_id: string }[];
    return Promise.all(rows.map(async (r) => ({ needId: r.need_id, outboxId: r.id, state: (await (await queue.getJob(`${r.id}.matching`))?.getState()) ?? 'missing' })));
  }

  beforeAll(async () => {
    redis = await startRedisServer();
    api = await startTestApi({ redisUrl: redis.url, queueNamespace: uniqueNamespace() });
    [guardian, admin] = await Promise.all([api.tokenFor('guardian'), api.tokenFor('admin')]);
    await offeringOfDemoProvider(
      api,
      { name: 'Locatie Storing', latitude: 52.1, longitude: 5.11 },
      { name: 'Dagbehandeling Storing', setting: 'day_treatment', specialismCodes: ['adhd'], minAge: 6, totalPlaces: 40, freePlaces: 40 },
    );
    for (let i = 0; i < 4; i++) {
      const opened = await request(api.http)
        .post('/api/cases')
        .set(as(guardian))
        .send({ child: { givenNames: 'Ruben', familyName: 'Wachtrij', bsn: nextBsn(), dateOfBirth: `201${i}-04-0${i + 1}`, homeMunicipalityCode: 'GM0344' }, measure: { kind: 'supervision_order', rulingDate: addDays(today, -20) } })
        .expect(201);
      caseIds.push(opened.body.id);
    }
    worker = await startWorkerProcess(api.config);
    connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    queue = new Queue('matching', { connection, prefix: `passend-${api.config.queueNamespace}` });
    queue.on('error', () => undefined);
  }, 120_000);
  afterAll(async () => {
    await queue?.close();
    connection?.disconnect();
    await worker?.stop();
    await api?.close();
    await redis?.stop();
  });

  it('accepts every write into the outbox while Redis is down, and drains the backlog once it is back, each effect once', async () => {
    let n = 0;
    const needIds: string[] = [];
    const addNeed = async () => {
      const res = await statusOf(
        request(api.http).post(`/api/cases/${caseIds[n++ % caseIds.length]}/needs`).set(as(guardian)).send({ categoryCode: '43', urgency: 'regular' }).timeout(10_000),
      );
      if (res.status === 201) {
        const needs = (res.body as { needs: { id: string }[] }).needs;
        needIds.push(needs[needs.length - 1]!.id);
      }
      return { status: res.status, ok: res.status === 201 };
    };
    // the pipeline works before the fault
    await addNeed();
    await eventually(async () => expect((await jobsOf(needIds)).map((j) => j.state)).toEqual(['completed']), 60_000, 250);
    const beforeFault = needIds.length;

    const health: { at: number; status: number | 'timeout' | 'error' }[] = [];
    const healthProbe = new RequestProbe(async () => {
      const res = await statusOf(request(api.http).get('/health').timeout(10_000));
      health.push({ at: Date.now(), status: res.status });
      return { status: res.status, ok: res.status === 200 };
    }, 250).start();
    const backlog: { at: number; n: number }[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        backlog.push({ at: Date.now(), n: await pendingOutbox() });
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const writes = new RequestProbe(addNeed, 200);

    const downAt = Date.now();
    await redis.stop();
    writes.start();
    // an on-demand job (the norm check, put on the queue directly, not through the outbox) during the outage
    await new Promise((r) => setTimeout(r, 2_000));
    const direct = await statusOf(request(api.http).post('/api/notifications/check').set(as(admin)).timeout(10_000));
    const directAt = Date.now();
    while (Date.now() - downAt < OUTAGE_MS) await new Promise((r) => setTimeout(r, 100));
    const upAt = Date.now();
    await redis.start();
    const startedAt = Date.now();
    // writes go on a little after the fault
    while (Date.now() - upAt < 2_000) await new Promise((r) => setTimeout(r, 100));
    await writes.stop();
    const during = needIds.slice(beforeFault);

    await eventually(async () => expect(await pendingOutbox()).toBe(0), 120_000, 250);
    const outboxDrainedAt = Date.now();
    const jobs = await eventually(async () => {
      const all = await jobsOf(during);
      expect(all.filter((j) => j.state !== 'completed')).toEqual([]);
      return all;
    }, 180_000, 500);
    const jobsDoneAt = Date.now();
    watching = false;
    await watcher;
    await healthProbe.stop();

    // each need: one outbox row, one subscriber job, at most one active proposal
    const proposals = (await api.dataSource.query(
      `SELECT need_id, count(*)::int AS n FROM matching.proposal WHERE need_id = ANY($1::uuid[]) AND state IN ('proposed','in_review','offered','accepted') GROUP BY need_id`,
      [during],
    )) as { need_id: string; n: number }[];
    const exactlyOnce = jobs.length === during.length && new Set(jobs.map((j) => j.needId)).size === during.length && proposals.every((p) => p.n === 1);
    const failedWrites = writes.failures();
    const maxBacklog = Math.max(...backlog.filter((b) => b.at >= downAt).map((b) => b.n));
    const queueDownAt = health.find((h) => h.at > downAt && h.status === 503)?.at ?? null;
    const queueUpAt = health.find((h) => h.at > startedAt && h.status === 200)?.at ?? null;
    recordFault({
      fault: 'Redis unavailable for 30 s',
      detectMs: queueDownAt === null ? null : queueDownAt - downAt,
      requests: writes.results.length,
      failedRequests: failedWrites.length,
      failedStatuses: RequestProbe.countStatuses(failedWrites),
      recoverMs: queueUpAt === null ? null : queueUpAt - startedAt,
      backlog: maxBacklog,
      drainMs: jobsDoneAt - startedAt,
      exactlyOnce,
      notes:
        `${during.length} needs recorded (201) during and just after the outage; backlog = outbox rows not yet relayed (each need: its NeedRecorded and MeasureChanged); outbox empty ${((outboxDrainedAt - startedAt) / 1000).toFixed(1)} s and every subscriber job completed ` +
        `${((jobsDoneAt - startedAt) / 1000).toFixed(1)} s after Redis was back; ${proposals.length} of them matched (one active proposal each); ` +
        `on-demand norm check during the outage (queued directly, not through the outbox): ${direct.status} after ${((directAt - downAt) / 1000 - 2).toFixed(1)} s; detect/recover: /health 503, then 200 again`,
    });

    expect(failedWrites).toEqual([]);
    expect(during.length).toBeGreaterThan(10);
    expect(maxBacklog).toBeGreaterThan(10);
    expect(queueDownAt).not.toBeNull();
    expect(queueUpAt).not.toBeNull();
    expect(jobs).toHaveLength(during.length);
    expect(exactlyOnce).toBe(true);
    // a job put on the queue directly cannot wait for Redis: it is refused at once, not left hanging
    expect(direct.status).toBe(503);
  });
});
