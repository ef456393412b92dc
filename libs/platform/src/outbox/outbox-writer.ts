import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JobDefinition, JobPayload } from '../queue/job-definition.js';
import { JobRegistry } from '../queue/job-registry.js';

/**
 * Records a job to run after the caller's transaction commits. Pass the transaction's
 * EntityManager: the row commits or rolls back with the change, so an acknowledged change
 * never loses its effect and a failed one never triggers it.
 */
@Injectable()
export class OutboxWriter {
  constructor(private readonly registry: JobRegistry) {}

  async enqueue<P extends JobPayload>(manager: EntityManager, definition: JobDefinition<P>, payload: P): Promise<string> {
    this.registry.definition(definition.name);
    const rows = (await manager.query(
      'INSERT INTO platform.outbox (job_name, payload) VALUES ($1, $2::jsonb) RETURNING id',
      [definition.name, JSON.stringify(payload)],
    )) as { id: string }[];
    return rows[0]!.id;
  }
}
