import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '../domain/domain-error.js';
import type { JobDefinition, JobPayload } from './job-definition.js';
import { JobRegistry } from './job-registry.js';
import { QueueBackend } from './queue-backend.js';

/**
 * Puts jobs on their queue directly. Use it for work that is not the effect of a database
 * change (on-demand checks); effects of a change go through the OutboxWriter instead, in the
 * change's transaction.
 */
@Injectable()
export class JobProducer {
  constructor(
    private readonly registry: JobRegistry,
    private readonly backend: QueueBackend,
  ) {}

  /**
   * How long `enqueue` waits for the queue to take a job. The Redis connection holds commands
   * until Redis is back (BullMQ needs that), so without a bound a request that enqueues directly
   * would hang for as long as Redis is down.
   */
  enqueueTimeoutMs = 3_000;

  /**
   * Puts one job on its queue; a queue that does not take it within `enqueueTimeoutMs` is answered
   * with `unavailable` (503, Retry-After). The add is not withdrawn: it may still land once the
   * queue is back, so only idempotent work (an on-demand check) is enqueued here.
   */
  async enqueue<P extends JobPayload>(definition: JobDefinition<P>, payload: P, jobId?: string): Promise<string> {
    this.registry.definition(definition.name);
    const adding = this.backend.queue(definition.queue).add(definition.name, payload, { jobId, attempts: definition.attempts });
    adding.catch(() => undefined); // a late failure after the timeout is not unhandled
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DomainError(ErrorCode.Unavailable, 'The job queue is unavailable; try again shortly', { retryAfterSeconds: 5 })),
        this.enqueueTimeoutMs,
      );
    });
    try {
      return String((await Promise.race([adding, timeout])).id);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Adds prepared jobs (from the outbox relay), one addBulk per queue; a jobId that exists
   * already makes its add a no-op, so a batch relayed twice runs each job once.
   */
  async addMany(jobs: { queue: string; name: string; payload: unknown; jobId: string; attempts: number }[]): Promise<void> {
    const byQueue = new Map<string, typeof jobs>();
    for (const job of jobs) {
      const batch = byQueue.get(job.queue);
      if (batch) batch.push(job);
      else byQueue.set(job.queue, [job]);
    }
    for (const [queue, batch] of byQueue) {
      await this.backend.queue(queue).addBulk(batch.map((j) => ({ name: j.name, data: j.payload, opts: { jobId: j.jobId, attempts: j.attempts } })));
    }
  }
}
