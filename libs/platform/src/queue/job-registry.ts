import type { EventSubscription } from './event-subscriber.decorator.js';
import type { EventDefinition, JobDefinition } from './job-definition.js';

export interface RegisteredHandler {
  definition: JobDefinition;
  /** where it lives, for error messages */
  owner: string;
  run: (payload: unknown, context: { jobId: string; attempt: number }) => Promise<unknown>;
}

export interface RegisteredSubscriber {
  subscription: EventSubscription;
  /** where it lives, for error messages */
  owner: string;
  run: (payload: unknown, context: { jobId: string; attempt: number }) => Promise<unknown>;
}

export class JobRegistryError extends Error {}

/**
 * Job name -> definition -> exactly one handler; event name -> definition -> any number of
 * subscribers. Built once at start-up; a gap or a double stops the process, so a job can never
 * sit in a queue with nobody to run it and no subscriber waits for an event nobody publishes.
 */
export class JobRegistry {
  private readonly definitions = new Map<string, JobDefinition>();
  private readonly eventDefinitions = new Map<string, EventDefinition>();
  private readonly handlers = new Map<string, RegisteredHandler>();
  /** event name -> its subscribers */
  private readonly subscriptions = new Map<string, RegisteredSubscriber[]>();
  /** subscriber job name (`<event>/<subscriber>`) -> subscriber */
  private readonly subscriberJobs = new Map<string, RegisteredSubscriber>();
  private boundAt?: Date;

  constructor(definitions: readonly JobDefinition[], events: readonly EventDefinition[] = []) {
    for (const d of definitions) {
      const existing = this.definitions.get(d.name);
      if (existing && existing !== d) throw new JobRegistryError(`job ${d.name} is defined twice`);
      this.definitions.set(d.name, d);
    }
    for (const e of events) {
      const existing = this.eventDefinitions.get(e.name);
      if (existing && existing !== e) throw new JobRegistryError(`event ${e.name} is defined twice`);
      if (this.definitions.has(e.name)) throw new JobRegistryError(`${e.name} is both a job and an event`);
      this.eventDefinitions.set(e.name, e);
    }
  }

  definition(name: string): JobDefinition {
    const d = this.definitions.get(name);
    if (!d) throw new JobRegistryError(`unknown job ${name}`);
    return d;
  }

  event(name: string): EventDefinition {
    const e = this.eventDefinitions.get(name);
    if (!e) throw new JobRegistryError(`unknown event ${name}`);
    return e;
  }

  has(name: string): boolean {
    return this.definitions.has(name);
  }

  all(): JobDefinition[] {
    return [...this.definitions.values()];
  }

  events(): EventDefinition[] {
    return [...this.eventDefinitions.values()];
  }

  /** The queues of every job and (once bound) of every subscriber. */
  queues(): string[] {
    return [...new Set([...this.all().map((d) => d.queue), ...[...this.subscriberJobs.values()].map((s) => s.subscription.queue)])].sort();
  }

  /**
   * Binds handlers and subscribers and checks the registry is complete: every job exactly one
   * handler, no handler without a job, every subscriber's event known, a subscriber's name used
   * once per event. Events without subscribers are fine (the relay marks them dispatched).
   */
  bind(handlers: RegisteredHandler[], subscribers: RegisteredSubscriber[] = []): void {
    const problems: string[] = [];
    for (const h of handlers) {
      if (!this.definitions.has(h.definition.name)) {
        problems.push(`${h.owner} handles ${h.definition.name}, which no module registered`);
        continue;
      }
      const other = this.handlers.get(h.definition.name);
      if (other) problems.push(`job ${h.definition.name} has two handlers: ${other.owner} and ${h.owner}`);
      else this.handlers.set(h.definition.name, h);
    }
    for (const name of this.definitions.keys()) {
      if (!this.handlers.has(name)) problems.push(`job ${name} has no handler`);
    }
    for (const s of subscribers) {
      const { event, name, jobName } = s.subscription;
      const known = this.eventDefinitions.get(event.name);
      if (!known || known !== event) {
        problems.push(`${s.owner} subscribes as ${name} to event ${event.name}, which no module registered`);
        continue;
      }
      const other = this.subscriberJobs.get(jobName);
      if (other) {
        problems.push(`event ${event.name} has two subscribers named ${name}: ${other.owner} and ${s.owner}`);
        continue;
      }
      this.subscriberJobs.set(jobName, s);
      this.subscriptions.set(event.name, [...(this.subscriptions.get(event.name) ?? []), s]);
    }
    if (problems.length) throw new JobRegistryError(`job registry is incomplete:\n  ${problems.join('\n  ')}`);
    this.boundAt = new Date();
  }

  /** Whether handlers and subscribers are bound (worker processes only). */
  get bound(): boolean {
    return this.boundAt !== undefined;
  }

  /** The subscribers of a known event; only a bound registry knows them. */
  subscribers(eventName: string): RegisteredSubscriber[] {
    this.event(eventName);
    if (!this.bound) throw new JobRegistryError(`the subscribers of ${eventName} are not bound yet`);
    return this.subscriptions.get(eventName) ?? [];
  }

  /** The handler of a job, or the subscriber a subscriber job (`<event>/<subscriber>`) runs. */
  handler(name: string): RegisteredHandler | RegisteredSubscriber {
    const h = this.handlers.get(name) ?? this.subscriberJobs.get(name);
    if (!h) throw new JobRegistryError(`job ${name} has no handler`);
    return h;
  }
}
