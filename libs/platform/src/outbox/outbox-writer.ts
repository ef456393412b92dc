import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventDefinition, JobDefinition, JobPayload } from '../queue/job-definition.js';
import { JobRegistry } from '../queue/job-registry.js';

/** A row's kind: a command runs one job (id = row id); an event one job per subscriber (id = `<row id>.<subscriber>`). */
export type OutboxKind = 'command' | 'event';

/**
 * The one INSERT into platform.outbox. Writes one row per payload, in order, inside the caller's
 * transaction, and returns their ids. For code that runs without Nest (seeds); everything else
 * goes through OutboxWriter, which checks the registry first.
 */
export async function writeOutbox<P extends JobPayload>(
  manager: EntityManager,
  message: JobDefinition<P> | EventDefinition<P>,
  payloads: readonly P[],
): Promise<string[]> {
  if (payloads.length === 0) return [];
  const kind: OutboxKind = 'kind' in message && message.kind === 'event' ? 'event' : 'command';
  const rows = (await manager.query(
    `INSERT INTO platform.outbox (kind, job_name, payload)
     SELECT $1, $2, p.payload FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS p(payload, i) ORDER BY p.i
     RETURNING id`,
    [kind, message.name, JSON.stringify(payloads)],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * Records a job to run, or an event to publish, after the caller's transaction commits. Pass the
 * transaction's EntityManager: the row commits or rolls back with the change, so an acknowledged
 * change never loses its effect and a failed one never triggers it.
 */
@Injectable()
export class OutboxWriter {
  constructor(private readonly registry: JobRegistry) {}

  /** A command: exactly one handler runs it, under the job id = the row id. */
  async enqueue<P extends JobPayload>(manager: EntityManager, definition: JobDefinition<P>, payload: P): Promise<string> {
    this.registry.definition(definition.name);
    return (await writeOutbox(manager, definition, [payload]))[0]!;
  }

  /** An event: every subscriber of it (none, one or many) runs once, under `<row id>.<subscriber>`. */
  async publish<P extends JobPayload>(manager: EntityManager, event: EventDefinition<P>, payload: P): Promise<string> {
    this.registry.event(event.name);
    return (await writeOutbox(manager, event, [payload]))[0]!;
  }

  /** Several events of one kind in one statement (e.g. a batch of expired holds); one row each. */
  async publishMany<P extends JobPayload>(manager: EntityManager, event: EventDefinition<P>, payloads: readonly P[]): Promise<string[]> {
    this.registry.event(event.name);
    return writeOutbox(manager, event, payloads);
  }
}
