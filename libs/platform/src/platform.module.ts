import { Global, Module, type DynamicModule, type OnApplicationShutdown, Injectable, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PASSEND_CONFIG } from './config/config.tokens.js';
import type { PassendConfig } from './config/environment.js';
import { PersonalDataCipher } from './crypto/personal-data-cipher.js';
import type { DataSourceOptions } from 'typeorm';
import { HealthModule } from './health/health.module.js';
import { OutboxPruner } from './outbox/outbox-pruner.js';
import { OutboxRelay } from './outbox/outbox-relay.js';
import { OutboxWriter } from './outbox/outbox-writer.js';
import type { EventDefinition, JobDefinition } from './queue/job-definition.js';
import { JobProducer } from './queue/job-producer.js';
import { JobRegistry } from './queue/job-registry.js';
import { QueueBackend } from './queue/queue-backend.js';
import { WorkerHost } from './queue/worker-host.js';
import { Clock, SystemClock } from './time/clock.js';

export interface PlatformOptions {
  config: PassendConfig;
  dataSource: DataSourceOptions;
  /** every job any module of this process may enqueue or handle */
  jobs: readonly JobDefinition[];
  /** every event any module of this process may publish or subscribe to */
  events?: readonly EventDefinition[];
  /** 'api' serves HTTP; 'worker' runs handlers, schedulers and the outbox relay */
  role: 'api' | 'worker';
  /** the time of day the process reads; the system clock unless a test fixes it */
  clock?: Clock;
}

@Injectable()
class QueueBackendShutdown implements OnApplicationShutdown {
  constructor(private readonly backend: QueueBackend) {}
  async onApplicationShutdown(): Promise<void> {
    await this.backend.close();
  }
}

/** Config, database, queue, outbox, crypto and health: what every process of Passend stands on. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const { config } = options;
    const providers: Provider[] = [
      { provide: PASSEND_CONFIG, useValue: config },
      { provide: Clock, useValue: options.clock ?? new SystemClock() },
      { provide: JobRegistry, useValue: new JobRegistry(options.jobs, options.events ?? []) },
      {
        provide: QueueBackend,
        useFactory: async () => {
          const backend = new QueueBackend({ redisUrl: config.redisUrl, databaseUrl: config.databaseUrl, namespace: config.queueNamespace });
          await backend.prepare();
          return backend;
        },
      },
      { provide: PersonalDataCipher, useValue: new PersonalDataCipher(config.personalDataKey, config.personalDataPreviousKeys ?? []) },
      QueueBackendShutdown,
      JobProducer,
      OutboxWriter,
      OutboxPruner,
    ];
    const workerProviders: Provider[] = options.role === 'worker' ? [WorkerHost, OutboxRelay] : [];
    return {
      module: PlatformModule,
      imports: [
        TypeOrmModule.forRoot({ ...options.dataSource, autoLoadEntities: false }),
        ...(options.role === 'worker' ? [DiscoveryModule] : [HealthModule]),
      ],
      providers: [...providers, ...workerProviders],
      exports: [PASSEND_CONFIG, Clock, JobRegistry, QueueBackend, PersonalDataCipher, JobProducer, OutboxWriter, TypeOrmModule, ...workerProviders],
    };
  }
}
