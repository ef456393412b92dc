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

  /** Enqueues raw rows (from the outbox) whose names the registry knows; jobId makes a repeat a no-op. */
  async enqueueMany(rows: { name: string; payload: unknown; jobId: string }[]): Promise<void> {
    const byQueue = new Map<string, typeof rows>();
    for (const row of rows) {
      const queue = this.registry.definition(row.name).queue;
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), row]);
    }
    for (const [queue, batch] of byQueue) {
      await this.backend.queue(queue).addBulk(
        batch.map((r) => ({
          name: r.name,
          data: r.payload,
          opts: { jobId: r.jobId, attempts: this.registry.definition(r.name).attempts },
        })),
      );
    }
  }
}
