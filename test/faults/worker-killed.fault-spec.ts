import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, todayInAmsterdam } from '@passend/cases/domain';
import { eventually, startRedisServer, uniqueNamespace, type RedisServer } from '@passend/testing';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import request from 'supertest';
import { offeringOfDemoProvider } from '../support/social-map-fixtures.js';
import { syntheticBsns } from '../support/synthetic-bsn.js';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { recordFault } from './support/fault-figures.js';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

/**
 * Fault: the worker process is killed with SIGKILL in the middle of a job, at the worst moment:
 * after the job's effect committed in PostgreSQL and before BullMQ heard that the job finished.
 * The job: a recorded need's `matching` subscriber (MatchingTriggers.needRecorded), whose effect is
 * a matching run of the child's region with a proposal for the child.
 *
 * How the moment is reached, with nothing in the code changed: the test holds the region's run
 * lock (as another run of the region would), so the job waits inside its run; it pauses writes on
 * the (private) Redis, releases the lock, waits until the run has committed its proposal, and kills
 * the worker, whose "job completed" is still waiting for Redis. A second worker process finds the
 * job stalled (its lock expired) and runs it again: the retry must see that a run after the event
 * covered it, so the child still has one proposal, from one run.
 */
describe('fault: the worker killed with SIGKILL mid-job', () => {
  let redis: RedisServer;
  let api: TestApi;
  let first: WorkerProcess | undefined;
  let second: WorkerProcess | undefined;
  let guardian: string;
  let measureId: string;
  let queue: Queue;
  let connection: Redis;
  let control: Redis;
  let admin: pg.Client;
  const nextBsn = syntheticBsns(72_000_000);
  const today = todayInAmsterdam(new Date());
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  // the worker waits for a lock as long as the test needs it to (production: DATABASE_LOCK_TIMEOUT_SECONDS)
  const workerEnv = { DATABASE_LOCK_TIMEOUT_SECONDS: '600' };

  beforeAll(async () => {
    redis = await startRedisServer();
    api = await startTestApi({ redisUrl: redis.url, queueNamespace: uniqueNamespace() });
    guardian = await api.tokenFor('guardian');
    await offeringOfDemoProvider(
      api,
      { name: 'Locatie Doorstart', latitude: 52.1, longitude: 5.11 },
      { name: 'Dagbehandeling Doorstart', setting: 'day_treatment', specialismCodes: ['adhd'], minAge: 6, totalPlaces: 6, freePlaces: 6 },
    );
    const opened = await request(api.http)
      .post('/api/cases')
      .set(as(guardian))
      .send({ child: { givenNames: 'Daan', familyName: 'Herstart', bsn: nextBsn(), dateOfBirth: '2013-05-05', homeMunicipalityCode: 'GM0344' }, measure: { kind: 'supervision_order', rulingDate: addDays(today, -20) } })
      .expect(201);
    measureId = opened.body.id;
    connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    control = new Redis(redis.url);
    control.on('error', () => undefined);
    queue = new Queue('matching', { connection, prefix: `passend-${api.config.queueNamespace}` });
    queue.on('error', () => undefined);
    admin = new pg.Client({ connectionString: api.db.url, application_name: 'fault-test' });
    await admin.connect();
    first = await startWorkerProcess(api.config, workerEnv);
  }, 120_000);
  afterAll(async () => {
    await control?.call('CLIENT', 'UNPAUSE').catch(() => undefined);
    await admin?.end();
    await queue?.close();
    connection?.disconnect();
    control?.disconnect();
    await first?.kill();
    await second?.stop();
    await api?.close();
    await redis?.stop();
  });

  it('runs the job again in another worker, and its effect is there once', async () => {
    // the region's run lock, as MatchingRunService takes it
    await admin.query(`SELECT pg_advisory_lock(hashtext('matching-run:region:JZ22'))`);
    let locked = true;
    try {
      const withNeed = await request(api.http).post(`/api/cases/${measureId}/needs`).set(as(guardian)).send({ categoryCode: '43', urgency: 'regular' }).expect(201);
      const needId = withNeed.body.needs[withNeed.body.needs.length - 1].id as string;
      const [row] = (await admin.query(`SELECT id FROM platform.outbox WHERE job_name = 'cases.need-recorded' AND payload->>'needId' = $1`, [needId])).rows as { id: string }[];
      const jobId = `${row!.id}.matching`;
      // the job is active and its run waits for the lock
      await eventually(async () => expect(await (await queue.getJob(jobId))?.getState()).toBe('active'), 60_000, 100);
      await eventually(
        async () => expect((await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`)).rows[0].n).toBe(1),
        60_000,
        100,
      );
      const proposals = async () =>
        (await admin.query(`SELECT id, state FROM matching.proposal WHERE need_id = $1`, [needId])).rows as { id: string; state: string }[];
      expect(await proposals()).toEqual([]);

      // writes to Redis wait from here on (BullMQ's "completed" is a write), then the run may go on
      await control.call('CLIENT', 'PAUSE', '120000', 'WRITE');
      await admin.query(`SELECT pg_advisory_unlock(hashtext('matching-run:region:JZ22'))`);
      locked = false;
      await eventually(async () => expect(await proposals()).toHaveLength(1), 60_000, 50);
      const runsAfterFirst = (await admin.query(`SELECT count(*)::int AS n FROM matching.run WHERE scope_code = 'JZ22'`)).rows[0].n as number;

      const killedAt = Date.now();
      await first!.kill();
      first = undefined;
      await control.call('CLIENT', 'UNPAUSE');
      // the killed worker never finished it
      expect(await (await queue.getJob(jobId))?.getState()).toBe('active');

      const secondStartedAt = Date.now();
      second = await startWorkerProcess(api.config, workerEnv);
      const states: { at: number; state: string }[] = [];
      const done = (await eventually(async () => {
        const job = (await queue.getJob(jobId)) as Job;
        const state = await job.getState();
        if (states[states.length - 1]?.state !== state) states.push({ at: Date.now(), state });
        expect(state).toBe('completed');
        return job;
      }, 180_000, 250)) as Job;
      const completedAt = Date.now();

      const finalProposals = await proposals();
      const events = (await admin.query(`SELECT to_state FROM matching.proposal_event WHERE proposal_id = ANY($1::uuid[]) ORDER BY id`, [finalProposals.map((p) => p.id)])).rows;
      const runsAfterRetry = (await admin.query(`SELECT count(*)::int AS n FROM matching.run WHERE scope_code = 'JZ22'`)).rows[0].n as number;
      const retriedAndCovered = /"msg":"matching run"[^\n]*"skipped":true/.test(second.output());
      const exactlyOnce = finalProposals.length === 1 && events.length === 1 && runsAfterRetry === runsAfterFirst;
      const retryStartedAt = states.find((s) => s.state !== 'active')?.at ?? completedAt;
      recordFault({
        fault: 'worker killed with SIGKILL mid-job',
        detectMs: retryStartedAt - killedAt,
        requests: 1,
        failedRequests: 0,
        failedStatuses: {},
        recoverMs: completedAt - secondStartedAt,
        backlog: 1,
        drainMs: completedAt - killedAt,
        exactlyOnce,
        notes:
          `job <outbox id>.matching killed after its run committed and before BullMQ recorded it: stalled ${done.stalledCounter} time(s), ` +
          `run again by the second worker ${retriedAndCovered ? '(its run skipped: covered by the committed one)' : '(no skipped run logged)'}; ` +
          `proposals for the need: ${finalProposals.length}, their events: ${events.length}, region runs before/after the retry: ${runsAfterFirst}/${runsAfterRetry}; ` +
          `detect = until the job left "active" (BullMQ's lock of 30 s expired and a stalled check found it); recover = second worker start to job completed`,
      });

      expect(done.stalledCounter).toBe(1);
      expect(retriedAndCovered).toBe(true);
      expect(finalProposals).toEqual([{ id: expect.any(String), state: 'proposed' }]);
      expect(events).toEqual([{ to_state: 'proposed' }]);
      expect(runsAfterRetry).toBe(runsAfterFirst);
      expect(exactlyOnce).toBe(true);
    } finally {
      if (locked) await admin.query(`SELECT pg_advisory_unlock(hashtext('matching-run:region:JZ22'))`).catch(() => undefined);
    }
  });
});
