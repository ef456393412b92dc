import 'reflect-metadata';
import type { EventDefinition, JobPayload, QueueName } from './job-definition.js';
import type { JobContext } from './job-handler.decorator.js';

export const EVENT_SUBSCRIBERS = Symbol('passend:event-subscribers');

/** One subscriber of one event: its name (unique per event), the queue its jobs run on and their retries. */
export interface EventSubscription {
  readonly event: EventDefinition;
  readonly name: string;
  readonly queue: QueueName;
  readonly attempts: number;
  /** the BullMQ job name of this subscriber's jobs: `<event name>/<subscriber>` */
  readonly jobName: string;
}

const SUBSCRIBER_NAME = /^[a-z][a-z0-9-]*$/;

export function defineSubscription(event: EventDefinition, name: string, options: { queue: QueueName; attempts?: number }): EventSubscription {
  if (!SUBSCRIBER_NAME.test(name)) throw new Error(`subscriber name ${name} must be lower-case words joined by "-"`);
  return { event, name, queue: options.queue, attempts: options.attempts ?? 5, jobName: `${event.name}/${name}` };
}

/**
 * The job id of one subscriber's job for one outbox row: `<outbox id>.<subscriber>`, so a row
 * relayed twice adds each subscriber's job once (BullMQ ignores an add whose jobId exists).
 *
 * Not `<outbox id>:<subscriber>`: BullMQ 6 refuses a custom jobId with a ':' unless it splits
 * into exactly three parts (a compatibility rule for old repeatable-job ids, marked to become a
 * plain "no ':'" in its next major), on Redis and PostgreSQL alike (Job.validateOptions), so
 * `<uuid>:<name>` throws "Custom Id cannot contain :". A '.' is the closest form it accepts;
 * subscriber names contain no '.', so the id still reads back unambiguously.
 */
export function subscriberJobId(outboxId: string, subscriber: string): string {
  return `${outboxId}.${subscriber}`;
}

/**
 * Marks a provider method as a subscriber of an event: the relay gives it a job of its own for
 * every published event (id `<outbox id>.<subscriber>`). A method may subscribe to several
 * events. Like every handler it must be idempotent: BullMQ delivers at least once.
 */
export function EventSubscriber<P extends JobPayload>(event: EventDefinition<P>, name: string, options: { queue: QueueName; attempts?: number }) {
  const subscription = defineSubscription(event as EventDefinition, name, options);
  return <M extends (payload: P, context: JobContext) => Promise<unknown>>(
    _target: object,
    _key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ) => {
    const method = descriptor.value as object;
    const existing = (Reflect.getMetadata(EVENT_SUBSCRIBERS, method) as EventSubscription[] | undefined) ?? [];
    Reflect.defineMetadata(EVENT_SUBSCRIBERS, [...existing, subscription], method);
  };
}
