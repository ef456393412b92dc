import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Job, Worker } from 'bullmq';
import { runWithCorrelationId } from '../logging/correlation.js';
import { EVENT_SUBSCRIBERS, type EventSubscription } from './event-subscriber.decorator.js';
import type { JobDefinition } from './job-definition.js';
import { JOB_HANDLER } from './job-handler.decorator.js';
import { errorFields } from '../logging/logger.js';
import { JobRegistry, type RegisteredHandler, type RegisteredSubscriber } from './job-registry.js';
import { QueueBackend } from './queue-backend.js';

/**
 * Runs in the worker app: finds every @JobHandler and @EventSubscriber, binds them in the
 * registry (which fails start-up on a gap or a double), starts one BullMQ worker per queue and
 * the job schedulers. Binding happens on module init, before any bootstrap hook, so the outbox
 * relay (which starts on bootstrap) always knows every event's subscribers.
 */
@Injectable()
export class WorkerHost implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('worker');
  private readonly workers: Worker[] = [];
  private closing = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly registry: JobRegistry,
    private readonly backend: QueueBackend,
  ) {}

  /**
   * Every decorated method of every provider instance. A provider whose factory returned null
   * (a subscriber a module leaves out by configuration) has no instance and is skipped.
   */
  discoverHandlers(): { handlers: RegisteredHandler[]; subscribers: RegisteredSubscriber[] } {
    const handlers: RegisteredHandler[] = [];
    const subscribers: RegisteredSubscriber[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const owner = `${instance.constructor.name}.${method}`;
        const run = (payload: unknown, context: { jobId: string; attempt: number }) =>
          (fn as (p: unknown, c: unknown) => Promise<unknown>).call(instance, payload, context);
        const definition = this.reflector.get<JobDefinition | undefined>(JOB_HANDLER, fn as () => unknown);
        if (definition) handlers.push({ definition, owner, run });
        const subscriptions = this.reflector.get<EventSubscription[] | undefined>(EVENT_SUBSCRIBERS, fn as () => unknown) ?? [];
        for (const subscription of subscriptions) subscribers.push({ subscription, owner, run });
      }
    }
    return { handlers, subscribers };
  }

  onModuleInit(): void {
    const { handlers, subscribers } = this.discoverHandlers();
    this.registry.bind(handlers, subscribers);
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const queue of this.registry.queues()) {
      const worker = this.backend.worker(queue, (job) => this.process(job), 4);
      worker.on('failed', (job, error) =>
        this.logger.warn({ msg: 'job failed', job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, ...errorFields(error) }),
      );
      worker.on('error', (error) => {
        if (!this.closing) this.logger.error({ msg: 'worker error', queue, ...errorFields(error) });
      });
      this.workers.push(worker);
      void worker.run();
    }
    for (const definition of this.registry.all()) {
      if (!definition.schedule) continue;
      await this.backend.queue(definition.queue).upsertJobScheduler(
        definition.name,
        { pattern: definition.schedule.pattern, tz: 'Europe/Amsterdam' },
        { name: definition.name, data: {}, opts: { attempts: definition.attempts } },
      );
    }
    this.logger.log({ msg: 'worker started', backend: this.backend.kind, queues: this.registry.queues(), jobs: this.registry.all().length, events: this.registry.events().length });
  }

  private async process(job: Job): Promise<unknown> {
    const handler = this.registry.handler(job.name);
    return runWithCorrelationId(`job-${job.id}`, async () => {
      const started = Date.now();
      const result = await handler.run(job.data, { jobId: String(job.id), attempt: job.attemptsMade + 1 });
      this.logger.log({ msg: 'job done', job: job.name, jobId: job.id, ms: Date.now() - started });
      return result;
    });
  }

  /** Stops taking jobs and lets running ones finish before the connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.allSettled(this.workers.map((w) => w.close()));
  }
}
