import { Queue, Worker, createPostgresBackend, runMigrations, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';

export type QueueBackendKind = 'redis' | 'postgres';

export interface QueueBackendOptions {
  /** REDIS_URL when set; otherwise the jobs live in PostgreSQL */
  redisUrl?: string;
  databaseUrl: string;
  /** key prefix on Redis / schema on PostgreSQL: lets test runs share one server */
  namespace?: string;
}

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  backoff: { type: 'exponential', delay: 1000 },
  // Completed jobs stay a day so a re-relayed outbox row with the same jobId is recognised.
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

/**
 * Creates BullMQ queues and workers on the configured datastore. The same Queue/Worker API runs
 * on Redis (production) or on PostgreSQL (a fresh machine, small deployments).
 */
export class QueueBackend {
  readonly kind: QueueBackendKind;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private redis?: Redis;

  constructor(private readonly options: QueueBackendOptions) {
    this.kind = options.redisUrl ? 'redis' : 'postgres';
  }

  /** The Postgres backend's schema; migrations are explicit and idempotent, so every process may run them. */
  async prepare(): Promise<void> {
    if (this.kind !== 'postgres') return;
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    await client.connect();
    try {
      await runMigrations(client as never, this.schemaName());
    } catch (error) {
      // A restricted application role (production's passend_app) may not run DDL: then the
      // deployment's migrate step (run as the owner) must have built the schema already.
      const insufficientPrivilege = (error as { code?: string }).code === '42501';
      const exists = insufficientPrivilege && (await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [this.schemaName()])).rowCount === 1;
      if (!exists) throw error;
    } finally {
      await client.end();
    }
  }

  private schemaName(): string {
    return this.options.namespace ? `bullmq_${this.options.namespace.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}` : 'bullmq';
  }

  private redisConnection(): Redis {
    if (!this.redis) {
      this.redis = new Redis(this.options.redisUrl!, { maxRetriesPerRequest: null, lazyConnect: false });
      // Connection errors surface through the commands (and ping); without a listener ioredis
      // reports each reconnect attempt as an "Unhandled error event".
      this.redis.on('error', () => undefined);
    }
    return this.redis;
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue =
        this.kind === 'redis'
          ? new Queue(name, { connection: this.redisConnection(), prefix: this.prefix(), defaultJobOptions: DEFAULT_JOB_OPTIONS })
          : (new Queue(name, { connection: this.postgresConnection(3), defaultJobOptions: DEFAULT_JOB_OPTIONS }, createPostgresBackend) as unknown as Queue);
      // Like the connection's: an unreachable Redis surfaces through the commands (JobProducer's
      // timeout, the relay's failed pass, /health); without a listener BullMQ prints every
      // reconnect attempt to the console, bypassing the logger.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  worker(name: string, process: (job: Job) => Promise<unknown>, concurrency: number): Worker {
    const worker =
      this.kind === 'redis'
        ? new Worker(name, process, { connection: this.redisConnection(), prefix: this.prefix(), concurrency, autorun: false })
        : (new Worker(name, process, { connection: this.postgresConnection(concurrency + 2), concurrency, autorun: false }, createPostgresBackend) as unknown as Worker);
    this.workers.push(worker);
    return worker;
  }

  private prefix(): string {
    return this.options.namespace ? `passend-${this.options.namespace}` : 'passend';
  }

  private postgresConnection(max: number) {
    return { connectionString: this.options.databaseUrl, max, schema: this.schemaName(), application_name: 'passend-queue' };
  }

  /**
   * A real round trip to the datastore, for /health. Bounded: the Redis connection retries
   * commands until Redis is back (maxRetriesPerRequest: null, which BullMQ requires), so an
   * unbounded ping would hang the health check instead of reporting the queue down.
   */
  async ping(timeoutMs = 2000): Promise<void> {
    const probe = this.kind === 'redis' ? this.redisConnection().ping() : this.queue('platform').getJobCounts('waiting');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the ${this.kind} queue backend did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close()));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.workers.length = 0;
    this.queues.clear();
    if (this.redis) {
      this.redis.disconnect();
      this.redis = undefined;
    }
  }
}
