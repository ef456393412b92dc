import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { defineJob } from '../queue/job-definition.js';
import { JobHandler } from '../queue/job-handler.decorator.js';

export const PruneOutbox = defineJob<Record<string, never>>('platform.prune-outbox', {
  queue: 'platform',
  schedule: { pattern: '30 3 * * *' },
});

/** Dispatched outbox rows are kept a week for tracing, then removed. */
@Injectable()
export class OutboxPruner {
  constructor(private readonly dataSource: DataSource) {}

  @JobHandler(PruneOutbox)
  async prune(): Promise<{ removed: number }> {
    const result = (await this.dataSource.query(
      `DELETE FROM platform.outbox WHERE dispatched_at < now() - interval '7 days'`,
    )) as [unknown, number];
    return { removed: result[1] ?? 0 };
  }
}
