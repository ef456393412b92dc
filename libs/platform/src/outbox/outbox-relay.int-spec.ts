import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { createTestDatabase, eventually, testEnvironment, uniqueNamespace, type TestDatabase } from '@passend/testing';
import { startTestWorker, type TestWorker } from '../../../../test/support/test-worker.js';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { EventSubscriber } from '../queue/event-subscriber.decorator.js';
import { defineEvent, defineJob } from '../queue/job-definition.js';
import { JobHandler, type JobContext } from '../queue/job-handler.decorator.js';
import type { QueueBackendKind } from '../queue/queue-backend.js';
import { OutboxRelay } from './outbox-relay.js';
import { OutboxWriter } from './outbox-writer.js';

/**
 * The outbox promise: an effect written in a committed transaction reaches its handler once (an
 * event: each of its subscribers once), one rolled back never does, a row relayed twice still
 * runs once, and no row gets lost.
 */

const RecordRow = defineJob<{ marker: string; i: number }>('outbox-test.record', { queue: 'platform' });

@Injectable()
class RecordingHandler {
  /** marker -> the job ids it ran under, one entry per execution */
  readonly runs = new Map<string, string[]>();

  @JobHandler(RecordRow)
  async record(payload: { marker: string; i: number }, context: JobContext): Promise<void> {
    this.runs.set(payload.marker, [...(this.runs.get(payload.marker) ?? []), context.jobId]);
  }
}

const SomethingHappened = defineEvent<{ marker: string }>('outbox-test.something-happened');
const NobodyListens = defineEvent<{ marker: string }>('outbox-test.nobody-listens');

/** Two subscribers of one event, in two classes (as two libs would), on two queues. */
@Injectable()
class FirstSubscriber {
  readonly runs = new Map<string, string[]>();

  @EventSubscriber(SomethingHappened, 'first', { queue: 'platform' })
  async on(payload: { marker: string }, context: JobContext): Promise<void> {
    this.runs.set(payload.marker, [...(this.runs.get(payload.marker) ?? []), context.jobId]);
  }
}

@Injectable()
class SecondSubscriber {
  readonly runs = new Map<string, string[]>();

  @EventSubscriber(SomethingHappened, 'second', { queue: 'matching', attempts: 2 })
  async on(payload: { marker: string }, context: JobContext): Promise<void> {
    this.runs.set(payload.marker, [...(this.runs.get(payload.marker) ?? []), context.jobId]);
  }
}

interface BackendCase {
  kind: QueueBackendKind;
  redisUrl?: string;
  skipReason?: string;
}

const env = testEnvironment();
const BACKENDS: BackendCase[] = [
  { kind: 'postgres' },
  env.redisUrl
    ? { kind: 'redis', redisUrl: env.redisUrl }
    : { kind: 'redis', skipReason: env.redisMissingReason ?? 'no Redis answered during the test set-up' },
];

function relaySuite({ kind, redisUrl }: BackendCase): void {
  let db: TestDatabase;
  let worker: TestWorker;
  let writer: OutboxWriter;
  let relay: OutboxRelay;
  let handler: RecordingHandler;
  let first: FirstSubscriber;
  let second: SecondSubscriber;
  let queue: Queue;

  beforeAll(async () => {
    db = await createTestDatabase();
    worker = await startTestWorker({
      databaseUrl: db.url,
      redisUrl,
      queueNamespace: kind === 'redis' ? uniqueNamespace() : undefined,
      jobs: [RecordRow],
      events: [SomethingHappened, NobodyListens],
      providers: [RecordingHandler, FirstSubscriber, SecondSubscriber],
    });
    expect(worker.backend.kind).toBe(kind);
    writer = worker.app.get(OutboxWriter);
    relay = worker.app.get(OutboxRelay);
    handler = worker.app.get(RecordingHandler);
    first = worker.app.get(FirstSubscriber);
    second = worker.app.get(SecondSubscriber);
    queue = worker.backend.queue(RecordRow.queue);
  });

  afterAll(async () => {
    await worker?.close();
    await db?.drop();
  });

  async function dispatchedAt(id: string): Promise<Date | null | undefined> {
    const rows = (await worker.dataSource.query('SELECT dispatched_at FROM platform.outbox WHERE id = $1', [id])) as {
      dispatched_at: Date | null;
    }[];
    return rows[0]?.dispatched_at;
  }

  async function idle(): Promise<void> {
    const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
    // the pruner's scheduler keeps one delayed job
    expect(counts).toEqual({ waiting: 0, active: 0, prioritized: 0, delayed: 1 });
    const matching = await worker.backend.queue('matching').getJobCounts('waiting', 'active', 'prioritized', 'delayed');
    expect(matching).toEqual({ waiting: 0, active: 0, prioritized: 0, delayed: 0 });
  }

  function publishCommitted(marker: string, event = SomethingHappened): Promise<string> {
    return worker.dataSource.transaction((m) => writer.publish(m, event, { marker }));
  }

  /** writes one row in a committed transaction; resolves to its id */
  function writeCommitted(marker: string, i = 0): Promise<string> {
    return worker.dataSource.transaction((m) => writer.enqueue(m, RecordRow, { marker, i }));
  }

  it('relays a row of a committed transaction: the job id is the row id, the row is marked dispatched', async () => {
    const marker = randomUUID();
    const id = await writeCommitted(marker);

    await eventually(() => expect(handler.runs.get(marker)).toEqual([id]), 5_000);
    const job = await queue.getJob(id);
    expect(job?.id).toBe(id);
    expect(job?.name).toBe(RecordRow.name);
    expect(job?.data).toEqual({ marker, i: 0 });
    await eventually(async () => expect(await dispatchedAt(id)).toBeInstanceOf(Date), 5_000);
  });

  it('relays nothing for a rolled-back transaction', async () => {
    const marker = randomUUID();
    let rolledBackId: string | undefined;
    await expect(
      worker.dataSource.transaction(async (m) => {
        rolledBackId = await writer.enqueue(m, RecordRow, { marker, i: 0 });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(rolledBackId).toBeDefined();

    // a later committed row has passed through the relay, so an earlier one would have too
    const sentinel = randomUUID();
    const sentinelId = await writeCommitted(sentinel);
    await eventually(() => expect(handler.runs.get(sentinel)).toEqual([sentinelId]), 5_000);
    expect(await dispatchedAt(rolledBackId!)).toBeUndefined();
    expect(await queue.getJob(rolledBackId!)).toBeUndefined();
    expect(handler.runs.has(marker)).toBe(false);
  });

  it('runs a row once when it is relayed again after a crash before it was marked dispatched', async () => {
    const marker = randomUUID();
    const id = await writeCommitted(marker);
    await eventually(() => expect(handler.runs.get(marker)).toEqual([id]), 5_000);
    await eventually(async () => expect(await dispatchedAt(id)).toBeInstanceOf(Date), 5_000);
    const firstDispatch = (await dispatchedAt(id))!;

    // the crash: BullMQ took the job, the UPDATE never committed
    await worker.dataSource.query('UPDATE platform.outbox SET dispatched_at = NULL WHERE id = $1', [id]);
    await relay.drain();

    await eventually(async () => {
      const again = await dispatchedAt(id);
      expect(again).toBeInstanceOf(Date);
      expect(again!.getTime()).toBeGreaterThan(firstDispatch.getTime());
    }, 5_000);
    await eventually(idle, 5_000);
    expect(handler.runs.get(marker)).toEqual([id]);
  });

  it('delivers every one of 500 rows written by concurrent transactions, each once', async () => {
    const marker = randomUUID();
    const rows = 500;
    const perTransaction = 50;
    const markers = Array.from({ length: rows }, (_, i) => `${marker}-${i}`);
    const writes = Array.from({ length: rows / perTransaction }, (_, t) =>
      worker.dataSource.transaction(async (m) => {
        const ids: string[] = [];
        for (let i = t * perTransaction; i < (t + 1) * perTransaction; i++) ids.push(await writer.enqueue(m, RecordRow, { marker: markers[i]!, i }));
        return ids;
      }),
    );
    const ids = (await Promise.all(writes)).flat();
    expect(new Set(ids).size).toBe(rows);
    // passes racing each other and the relay's own (woken by NOTIFY): rows are claimed with SKIP LOCKED
    await Promise.all([relay.drain(), relay.drain(), relay.drain()]);

    await eventually(() => expect(markers.filter((m) => !handler.runs.has(m))).toEqual([]), 20_000);
    await eventually(async () => {
      const [{ pending }] = (await worker.dataSource.query(
        'SELECT count(*)::int AS pending FROM platform.outbox WHERE dispatched_at IS NULL',
      )) as [{ pending: number }];
      expect(pending).toBe(0);
    }, 5_000);
    await eventually(idle, 5_000);
    const executions = markers.map((m) => handler.runs.get(m)!);
    expect(executions.filter((runs) => runs.length !== 1)).toEqual([]);
    expect(executions.map((runs) => runs[0]).sort()).toEqual([...ids].sort());
  });

  it('gives each subscriber of an event its own job, id <row id>.<subscriber>, once', async () => {
    const marker = randomUUID();
    const id = await publishCommitted(marker);

    await eventually(() => {
      expect(first.runs.get(marker)).toEqual([`${id}.first`]);
      expect(second.runs.get(marker)).toEqual([`${id}.second`]);
    }, 5_000);
    const row = (await worker.dataSource.query('SELECT kind, job_name FROM platform.outbox WHERE id = $1', [id])) as unknown[];
    expect(row).toEqual([{ kind: 'event', job_name: SomethingHappened.name }]);
    const firstJob = await queue.getJob(`${id}.first`);
    expect(firstJob?.name).toBe('outbox-test.something-happened/first');
    expect(firstJob?.data).toEqual({ marker });
    const secondJob = await worker.backend.queue('matching').getJob(`${id}.second`);
    expect(secondJob?.name).toBe('outbox-test.something-happened/second');
    expect(secondJob?.opts.attempts).toBe(2);
    await eventually(async () => expect(await dispatchedAt(id)).toBeInstanceOf(Date), 5_000);
  });

  it('runs each subscriber once when an event row is relayed again', async () => {
    const marker = randomUUID();
    const id = await publishCommitted(marker);
    await eventually(async () => expect(await dispatchedAt(id)).toBeInstanceOf(Date), 5_000);
    await eventually(() => expect([first.runs.get(marker), second.runs.get(marker)]).toEqual([[`${id}.first`], [`${id}.second`]]), 5_000);

    await worker.dataSource.query('UPDATE platform.outbox SET dispatched_at = NULL WHERE id = $1', [id]);
    await relay.drain();
    await eventually(async () => expect(await dispatchedAt(id)).toBeInstanceOf(Date), 5_000);
    await eventually(idle, 5_000);
    expect(first.runs.get(marker)).toEqual([`${id}.first`]);
    expect(second.runs.get(marker)).toEqual([`${id}.second`]);
  });

  it('marks an event without subscribers dispatched, adding no job', async () => {
    const marker = randomUUID();
    const id = await publishCommitted(marker, NobodyListens);
    await eventually(async () => expect(await dispatchedAt(id)).toBeInstanceOf(Date), 5_000);
    await eventually(idle, 5_000);
    const jobs = [...(await queue.getJobs(['completed', 'waiting', 'active', 'failed'])), ...(await worker.backend.queue('matching').getJobs(['completed', 'waiting', 'active', 'failed']))];
    expect(jobs.filter((j) => String(j.id).startsWith(id))).toEqual([]);
  });

  it('runs no subscriber for an event whose publishing transaction rolled back', async () => {
    const marker = randomUUID();
    let rolledBackId: string | undefined;
    await expect(
      worker.dataSource.transaction(async (m) => {
        rolledBackId = await writer.publish(m, SomethingHappened, { marker });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(rolledBackId).toBeDefined();

    const sentinel = randomUUID();
    const sentinelId = await publishCommitted(sentinel);
    await eventually(() => expect(second.runs.get(sentinel)).toEqual([`${sentinelId}.second`]), 5_000);
    await eventually(() => expect(first.runs.get(sentinel)).toEqual([`${sentinelId}.first`]), 5_000);
    expect(await dispatchedAt(rolledBackId!)).toBeUndefined();
    expect(await queue.getJob(`${rolledBackId}.first`)).toBeUndefined();
    expect(await worker.backend.queue('matching').getJob(`${rolledBackId}.second`)).toBeUndefined();
    expect(first.runs.has(marker) || second.runs.has(marker)).toBe(false);
  });

  it('refuses to publish an event the registry does not know, and to enqueue an event as a command', async () => {
    const unknown = defineEvent<{ marker: string }>('outbox-test.unknown-event');
    await expect(worker.dataSource.transaction((m) => writer.publish(m, unknown, { marker: 'x' }))).rejects.toThrow('unknown event outbox-test.unknown-event');
    await expect(
      worker.dataSource.transaction((m) => writer.enqueue(m, SomethingHappened as never, { marker: 'x' } as never)),
    ).rejects.toThrow('unknown job outbox-test.something-happened');
  });
}

// The shutdown order is the application's, not the queue backend's: PostgreSQL is enough.
describe('outbox relay shutdown', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('lets a relay pass in flight finish before the database closes', async () => {
    const worker = await startTestWorker({ databaseUrl: db.url, jobs: [RecordRow], providers: [RecordingHandler] });
    const relay = worker.app.get(OutboxRelay);
    const dataSource = worker.dataSource;
    let passesRunning = 0;
    let passesRunningAtDestroy: number | undefined;
    let databaseClosed!: () => void;
    const closed = new Promise<void>((resolve) => (databaseClosed = resolve));

    // A pass that, once its rows are relayed, lingers until the database closes (at most 500 ms):
    // a shutdown that does not wait for it closes the database under it.
    const drain = relay.drain.bind(relay);
    relay.drain = async () => {
      passesRunning++;
      try {
        const moved = await drain();
        await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 500))]);
        return moved;
      } finally {
        passesRunning--;
      }
    };
    const destroy = dataSource.destroy.bind(dataSource);
    dataSource.destroy = async () => {
      passesRunningAtDestroy = passesRunning;
      databaseClosed();
      return destroy();
    };

    let id: string;
    try {
      id = await dataSource.transaction((m) => worker.app.get(OutboxWriter).enqueue(m, RecordRow, { marker: randomUUID(), i: 0 }));
      relay.wake();
    } finally {
      await worker.close();
    }

    expect(passesRunningAtDestroy).toBe(0);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows: [row] } = await client.query<{ dispatched_at: Date | null }>('SELECT dispatched_at FROM platform.outbox WHERE id = $1', [id]);
    await client.end();
    expect(row!.dispatched_at).toBeInstanceOf(Date);
  });
});

const runnable = BACKENDS.filter((b) => !b.skipReason);
const skipped = BACKENDS.filter((b) => b.skipReason);

describe.each(runnable)('outbox relay on the $kind queue backend', relaySuite);

if (skipped.length > 0) {
  for (const b of skipped) console.warn(`[outbox relay] ${b.kind} backend skipped: ${b.skipReason}`);
  describe.skip.each(skipped)('outbox relay on the $kind queue backend (SKIPPED: $skipReason)', relaySuite);
}
