import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { InjectConfig } from '../config/config.tokens.js';
import type { PassendConfig } from '../config/environment.js';
import { subscriberJobId } from '../queue/event-subscriber.decorator.js';
import { JobProducer } from '../queue/job-producer.js';
import { errorFields } from '../logging/logger.js';
import { JobRegistry } from '../queue/job-registry.js';
import type { OutboxKind } from './outbox-writer.js';

export const OUTBOX_CHANNEL = 'passend_outbox';

/**
 * Moves committed outbox rows onto their queues, oldest first: a command row becomes one job
 * (jobId = row id), an event row one job per subscriber (jobId = `<row id>.<subscriber>`; an
 * event nobody subscribes to is only marked dispatched). Rows are locked with SKIP LOCKED so
 * several workers can relay side by side; a row is marked dispatched only after BullMQ took its
 * jobs, and jobs re-added after a crash carry the same jobIds (at-least-once delivery, each
 * handler and subscriber once per row). It wakes on NOTIFY and also polls, so a lost
 * notification only delays a row.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('outbox-relay');
  private listener?: pg.Client;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: JobProducer,
    private readonly registry: JobRegistry,
    @InjectConfig() private readonly config: PassendConfig,
  ) {}

  pollIntervalMs = 1000;
  batchSize = 200;

  async onApplicationBootstrap(): Promise<void> {
    this.listener = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'passend-outbox-relay' });
    this.listener.on('error', (error) => this.logger.warn({ msg: 'outbox listener lost', errorName: error.name }));
    await this.listener.connect();
    this.listener.on('notification', () => this.wake());
    await this.listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.timer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.wake();
  }

  /** Starts a relay pass, or asks the running one to go round once more. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((error: Error) => this.logger.warn({ msg: 'outbox relay pass failed', ...errorFields(error) }))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Relays until nothing is pending; returns the number of rows handed to the queue. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.relayBatch();
      total += moved;
      if (moved < this.batchSize || this.stopped) return total;
    }
  }

  private async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT id, kind, job_name, payload FROM platform.outbox
          WHERE dispatched_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      )) as { id: string; kind: OutboxKind; job_name: string; payload: unknown }[];
      if (rows.length === 0) return 0;
      await this.producer.addMany(rows.flatMap((r) => this.jobsOf(r)));
      await manager.query('UPDATE platform.outbox SET dispatched_at = now() WHERE id = ANY($1::uuid[])', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  private jobsOf(row: { id: string; kind: OutboxKind; job_name: string; payload: unknown }) {
    if (row.kind === 'event') {
      return this.registry.subscribers(row.job_name).map(({ subscription: s }) => ({
        queue: s.queue,
        name: s.jobName,
        payload: row.payload,
        jobId: subscriberJobId(row.id, s.name),
        attempts: s.attempts,
      }));
    }
    const definition = this.registry.definition(row.job_name);
    return [{ queue: definition.queue, name: definition.name, payload: row.payload, jobId: row.id, attempts: definition.attempts }];
  }

  /**
   * Before, not on, application shutdown (like WorkerHost): PlatformModule and TypeORM's module
   * are both global and Nest shuts TypeORM's down first, so a pass still running then lost its
   * connection mid-transaction ("Connection terminated").
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
  }
}
