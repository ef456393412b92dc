/**
 * A job payload carries ids, codes and counts only: never personal data, never a whole record.
 * The type keeps it flat and serialisable.
 */
export type JobPayload = Record<string, string | number | boolean | null | string[] | number[]>;

/** The queues Passend runs; one per bounded context keeps a slow context from starving another. */
export type QueueName = 'platform' | 'audit' | 'reference' | 'identity' | 'social-map' | 'cases' | 'matching' | 'reporting';

export interface JobSchedule {
  /** cron pattern, evaluated in Europe/Amsterdam */
  pattern: string;
}

/**
 * One kind of job (a command): its name, queue, retry policy and (phantom) payload type.
 * Libraries declare their jobs as constants; the registry checks at start-up that each has
 * exactly one handler.
 */
export interface JobDefinition<P extends JobPayload = JobPayload> {
  readonly name: string;
  readonly queue: QueueName;
  readonly attempts: number;
  readonly schedule?: JobSchedule;
  /** never set: carries the payload type */
  readonly __payload?: P;
}

const CONTEXT_ACTION = /^[a-z-]+\.[a-z-]+$/;

export function defineJob<P extends JobPayload>(
  name: string,
  options: { queue: QueueName; attempts?: number; schedule?: JobSchedule },
): JobDefinition<P> {
  if (!CONTEXT_ACTION.test(name)) throw new Error(`job name ${name} must look like "context.action"`);
  return { name, queue: options.queue, attempts: options.attempts ?? 5, schedule: options.schedule };
}

export type PayloadOf<D> = D extends JobDefinition<infer P> ? P : D extends EventDefinition<infer E> ? E : never;

/**
 * A domain event: something that happened in one context, which any number of subscribers (in
 * any lib) may react to, each in a job of its own. The publisher names no subscriber; the queue
 * and retry policy belong to each subscription (see @EventSubscriber).
 */
export interface EventDefinition<P extends JobPayload = JobPayload> {
  readonly name: string;
  readonly kind: 'event';
  /** never set: carries the payload type */
  readonly __payload?: P;
}

/** `defineEvent<{ offeringIds: string[] }>('social-map.capacity-changed')`: "context.what-happened". */
export function defineEvent<P extends JobPayload>(name: string): EventDefinition<P> {
  if (!CONTEXT_ACTION.test(name)) throw new Error(`event name ${name} must look like "context.what-happened"`);
  return { name, kind: 'event' };
}
