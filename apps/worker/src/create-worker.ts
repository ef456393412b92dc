import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createPinoLogger, JsonLogger, type PassendConfig } from '@passend/platform';
import { WorkerModule } from './worker.module.js';

/** The worker is a Nest application context without HTTP (a test that reads the log lines passes `logDestination`). */
export async function createWorker(config: PassendConfig, options: { logDestination?: NodeJS.WritableStream } = {}) {
  const app = await NestFactory.createApplicationContext(WorkerModule.forConfig(config), {
    logger: new JsonLogger(createPinoLogger(config.logLevel, 'worker', options.logDestination)),
  });
  app.enableShutdownHooks();
  return app;
}
