import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { createTestDatabase, eventually, testEnvironment, uniqueNamespace, type TestDatabase } from '@passend/testing';
import { startTestWorker, type TestWorker } from '../../../../test/support/test-worker.js';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { promisify } from 'node:util';
import { PruneOutbox } from '../outbox/outbox-pruner.js';
import { subscriberJobId } from './event-subscriber.decorator.js';
import { defineJob } from './job-definition.js';
import { JobHandler, type JobContext } from './job-handler.decorator.js';
import { JobProducer } from './job-producer.js';
import { DEFAULT_JOB_OPTIONS, type QueueBackendKind } from './queue-backend.js';

/**
 * One contract, two datastores: whatever Passend relies on from BullMQ must hold on Redis
 * (production) and on PostgreSQL (fresh machines, small deployments) alike.
 */

const Echo = defineJob<{ marker: string; n: number }>('contract.echo', { queue: 'platform' });
const AlwaysFails = defineJob<{ marker: string }>('contract.always-fails', { queue: 'platform', attempts: 3 });
const Nightly = defineJob<Record<string, never>>('contract.nightly', { queue: 'platform', schedule: { pattern: '15 4 * * *' } });

interface Call {
  job: string;
  payload: Record<string, unknown>;
  context: JobContext;
}

@Injectable()
class ContractHandlers {
  readonly calls: Call[] = [];

  @JobHandler(Echo)
  async echo(payload: { marker: string; n: number }, context: JobContext): Promise<{ echoed: string }> {
    this.calls.push({ job: Echo.name, payload, context });
    return { echoed: payload.marker };
  }

  @JobHandler(AlwaysFails)
  async alwaysFails(payload: { marker: string }, context: JobContext): Promise<never> {
    this.calls.push({ job: AlwaysFails.name, payload, context });
    throw new Error(`deliberate failure ${context.attempt}`);
  }

  @JobHandler(Nightly)
  async nightly(): Promise<void> {
    this.calls.push({ job: Nightly.name, payload: {}, context: { jobId: '', attempt: 0 } });
  }

  callsWith(marker: string): Call[] {
    return this.calls.filter((c) => c.payload.marker === marker);
  }
}

interface BackendCase {
  label: string;
  kind: QueueBackendKind;
  redisUrl?: string;
  /** queues under a namespace: a Redis key prefix, or the PostgreSQL schema bullmq_<namespace> */
  namespaced: boolean;
  skipReason?: string;
}

const env = testEnvironment();
const BACKENDS: BackendCase[] = [
  // the file's own database isolates: the default schema `bullmq`, migrated in the template
  { label: 'postgres', kind: 'postgres', namespaced: false },
  // a schema of its own, created by QueueBackend.prepare() at start-up (QUEUE_NAMESPACE)
  { label: 'postgres, namespaced schema', kind: 'postgres', namespaced: true },
  // Redis is shared by every test file: always under a key prefix of its own
  env.redisUrl
    ? { label: 'redis', kind: 'redis', redisUrl: env.redisUrl, namespaced: true }
    : { label: 'redis', kind: 'redis', namespaced: true, skipReason: env.redisMissingReason ?? 'no Redis answered during the test set-up' },
];

function contract({ kind, redisUrl, namespaced }: BackendCase): void {
  let db: TestDatabase;
  let worker: TestWorker;
  let producer: JobProducer;
  let queue: Queue;
  let handlers: ContractHandlers;
  const namespace = namespaced ? uniqueNamespace() : undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    worker = await startTestWorker({
      databaseUrl: db.url,
      redisUrl,
      queueNamespace: namespace,
      jobs: [Echo, AlwaysFails, Nightly],
      providers: [ContractHandlers],
    });
    expect(worker.backend.kind).toBe(kind);
    producer = worker.app.get(JobProducer);
    handlers = worker.app.get(ContractHandlers);
    queue = worker.backend.queue('platform');
    // Production backs off exponentially from 1 s; the retry case would take seconds. Only the
    // delay changes here: attempts, retention and dedupe keep their production settings.
    queue.jobsOpts = { ...DEFAULT_JOB_OPTIONS, backoff: { type: 'fixed', delay: 50 } };
  });

  afterAll(async () => {
    await worker?.close();
    await db?.drop();
  });

  /** no job of the queue is waiting or running (the schedulers' next runs are delayed, not counted) */
  async function idle(): Promise<void> {
    const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
    expect(counts).toEqual({ waiting: 0, active: 0, prioritized: 0, 'waiting-children': 0 });
  }

  async function stateOf(jobId: string): Promise<string> {
    const job = await queue.getJob(jobId);
    return job ? await job.getState() : 'missing';
  }

  it('delivers an enqueued job to its handler exactly once, with its payload', async () => {
    const marker = randomUUID();
    const jobId = await producer.enqueue(Echo, { marker, n: 42 });

    await eventually(async () => expect(await stateOf(jobId)).toBe('completed'), 5_000);
    await eventually(idle, 5_000);
    const calls = handlers.callsWith(marker);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual({ job: Echo.name, payload: { marker, n: 42 }, context: { jobId, attempt: 1 } });
    expect((await queue.getJob(jobId))?.returnvalue).toEqual({ echoed: marker });
  });

  it('runs a job added twice with one jobId once, also when re-added after it completed', async () => {
    const marker = randomUUID();
    const jobId = randomUUID();
    const ids = await Promise.all([
      producer.enqueue(Echo, { marker, n: 1 }, jobId),
      producer.enqueue(Echo, { marker, n: 2 }, jobId),
    ]);
    expect(ids).toEqual([jobId, jobId]);
    await eventually(async () => expect(await stateOf(jobId)).toBe('completed'), 5_000);

    // what the outbox relay does after a crash between "queue took it" and "row marked"
    await producer.enqueue(Echo, { marker, n: 3 }, jobId);
    await producer.addMany([{ queue: Echo.queue, name: Echo.name, payload: { marker, n: 4 }, jobId, attempts: Echo.attempts }]);
    await eventually(idle, 5_000);
    expect(await stateOf(jobId)).toBe('completed');
    const calls = handlers.callsWith(marker);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.context.jobId).toBe(jobId);
    expect([1, 2]).toContain(calls[0]!.payload.n);
  });

  it('refuses a jobId <uuid>:<name> and takes <uuid>.<name> (the form of event subscriber jobs)', async () => {
    const marker = randomUUID();
    const rowId = randomUUID();
    const job = (jobId: string) => [{ queue: Echo.queue, name: Echo.name, payload: { marker, n: 5 }, jobId, attempts: Echo.attempts }];
    // BullMQ 6: a custom id may hold ':' only when it splits into exactly three parts (old repeatable ids)
    await expect(producer.addMany(job(`${rowId}:search-index`))).rejects.toThrow('Custom Id cannot contain :');
    await producer.addMany(job(subscriberJobId(rowId, 'search-index')));
    await eventually(async () => expect(await stateOf(`${rowId}.search-index`)).toBe('completed'), 5_000);
    expect(handlers.callsWith(marker).map((c) => c.context.jobId)).toEqual([`${rowId}.search-index`]);
  });

  it('retries a failing job up to the attempts of its definition, then leaves it failed', async () => {
    const started = Date.now();
    const marker = randomUUID();
    const jobId = await producer.enqueue(AlwaysFails, { marker });

    await eventually(async () => expect(await stateOf(jobId)).toBe('failed'), 5_000);
    const job = (await queue.getJob(jobId))!;
    expect(job.attemptsMade).toBe(AlwaysFails.attempts);
    expect(job.failedReason).toBe(`deliberate failure ${AlwaysFails.attempts}`);
    await eventually(idle, 5_000);
    expect(handlers.callsWith(marker).map((c) => c.context.attempt)).toEqual([1, 2, 3]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('registers the job schedulers of scheduled definitions at bootstrap', async () => {
    const schedulers = await queue.getJobSchedulers(0, -1, true);
    const byId = new Map(schedulers.map((s) => [s.key, s]));
    for (const definition of [Nightly, PruneOutbox]) {
      expect(byId.get(definition.name)).toMatchObject({
        key: definition.name,
        name: definition.name,
        pattern: definition.schedule!.pattern,
        tz: 'Europe/Amsterdam',
      });
      expect(byId.get(definition.name)!.next).toBeGreaterThan(Date.now());
    }
    expect(schedulers).toHaveLength(2);
    expect(await queue.getJobSchedulersCount()).toBe(2);
    // its next run waits as a delayed job carrying the definition's retry policy
    const delayed = await queue.getDelayed();
    const next = delayed.find((j) => j.name === Nightly.name);
    expect(next?.opts.attempts).toBe(Nightly.attempts);
  });

  it('keeps its queues under the configured namespace', async () => {
    if (kind === 'postgres') {
      const schema = namespace ? `bullmq_${namespace}` : 'bullmq';
      const [{ tables }] = (await worker.dataSource.query(
        'SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = $1',
        [schema],
      )) as [{ tables: number }];
      expect(tables).toBeGreaterThan(0);
    } else {
      const redis = new Redis(redisUrl!);
      try {
        expect(await redis.keys(`passend-${namespace}:platform:*`)).not.toHaveLength(0);
        expect(await redis.keys('passend:platform:*')).toHaveLength(0);
      } finally {
        await redis.quit();
      }
    }
  });

  it('answers ping with a real round trip', async () => {
    await expect(worker.backend.ping()).resolves.toBeUndefined();
  });

  it('fails ping within its timeout when the datastore does not answer', async () => {
    // A server that accepts connections and never says a word: a hung Redis or PostgreSQL. The
    // probe runs in a child process (on the build in dist/, as `npm test` builds first): ioredis
    // keeps a 2 s socket-destroy timer after disconnecting from a server that never answered,
    // which would hold this jest worker open.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const result = await pingInChild({
        redisUrl: kind === 'redis' ? `redis://127.0.0.1:${port}` : undefined,
        databaseUrl: `postgres://postgres@127.0.0.1:${port}/nowhere`,
      });
      expect(result).toMatchObject({ ok: false, error: `the ${kind} queue backend did not answer within 300 ms` });
      expect(result.ms).toBeLessThan(2_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
}

/** the compiled QueueBackend (`npm test` and the documented command build dist/ first) */
const QUEUE_BACKEND_DIST = new URL('../../../../dist/libs/platform/src/queue/queue-backend.js', import.meta.url).href;

/** QueueBackend.ping(300) in a child process: { ok, error, ms }. */
async function pingInChild(options: { redisUrl?: string; databaseUrl: string }): Promise<{ ok: boolean; error?: string; ms: number }> {
  const script = `
    const { QueueBackend } = await import(${JSON.stringify(QUEUE_BACKEND_DIST)});
    const backend = new QueueBackend(${JSON.stringify(options)});
    const started = Date.now();
    const result = await backend.ping(300).then(() => ({ ok: true }), (error) => ({ ok: false, error: error.message }));
    process.stdout.write(JSON.stringify({ ...result, ms: Date.now() - started }));
    process.exit(0);`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 15_000 });
  return JSON.parse(stdout) as { ok: boolean; error?: string; ms: number };
}

const runnable = BACKENDS.filter((b) => !b.skipReason);
const skipped = BACKENDS.filter((b) => b.skipReason);

describe.each(runnable)('queue backend contract on $label', contract);

if (skipped.length > 0) {
  for (const b of skipped) console.warn(`[queue contract] ${b.label} backend skipped: ${b.skipReason}`);
  describe.skip.each(skipped)('queue backend contract on $label (SKIPPED: $skipReason)', contract);
}
