import { Module, type Provider } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  createPinoLogger,
  JsonLogger,
  platformJobs,
  PlatformModule,
  QueueBackend,
  type Clock,
  type EventDefinition,
  type JobDefinition,
  type PassendConfig,
} from '@passend/platform';
import { DataSource } from 'typeorm';
import { passendDataSourceOptions } from '../../apps/shared/data-source.js';
import { testConfig } from '@passend/testing';

export interface TestWorkerOptions {
  databaseUrl: string;
  /** jobs besides the platform's own (whose handlers PlatformModule always provides) */
  jobs: readonly JobDefinition[];
  /** events the test publishes or subscribes to */
  events?: readonly EventDefinition[];
  /** providers with @JobHandler or @EventSubscriber methods */
  providers: Provider[];
  redisUrl?: string;
  queueNamespace?: string;
  /** where its log lines go (default stdout), for a test that reads them */
  logDestination?: NodeJS.WritableStream;
  logLevel?: PassendConfig['logLevel'];
  /** the clock the worker reads "now" from (the api's, in a test that runs both) */
  clock?: Clock;
}

export interface TestWorker {
  app: TestingModule;
  config: PassendConfig;
  backend: QueueBackend;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * A worker-role application context (handlers, schedulers, outbox relay) on the given database and
 * queue backend, built like apps/worker. If start-up fails, what was already opened is closed
 * again before the error is rethrown, so a test expecting the failure leaves no open handles.
 */
export async function startTestWorker(options: TestWorkerOptions): Promise<TestWorker> {
  const config = testConfig(options.databaseUrl, { redisUrl: options.redisUrl, queueNamespace: options.queueNamespace, ...(options.logLevel ? { logLevel: options.logLevel } : {}) });

  @Module({ providers: options.providers })
  class TestHandlersModule {}

  const logger = new JsonLogger(createPinoLogger(config.logLevel, 'worker', options.logDestination));
  const app = await Test.createTestingModule({
    imports: [
      PlatformModule.forRoot({
        config,
        dataSource: passendDataSourceOptions(config, 'passend-test-worker'),
        jobs: [...platformJobs, ...options.jobs],
        events: options.events,
        role: 'worker',
        clock: options.clock,
      }),
      TestHandlersModule,
    ],
  })
    .setLogger(logger)
    .compile();
  app.useLogger(logger);
  try {
    await app.init();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return {
    app,
    config,
    backend: app.get(QueueBackend),
    dataSource: app.get(DataSource),
    close: () => app.close(),
  };
}
