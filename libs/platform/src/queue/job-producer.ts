import { Injectable } from '@nestjs/common';
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

  async enqueue<P extends JobPayload>(definition: JobDefinition<P>, payload: P, jobId?: string): Promise<string> {
    this.registry.definition(definition.name);
    const job = await this.backend
      .queue(definition.queue)
      .add(definition.name, payload, { jobId, attempts: definition.attempts });
    return String(job.id);
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
