import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createPinoLogger, JsonLogger, type PassendConfig } from '@passend/platform';
import { WorkerModule } from './worker.module.js';

/** The worker is a Nest application context without HTTP. */
export async function createWorker(config: PassendConfig) {
  const app = await NestFactory.createApplicationContext(WorkerModule.forConfig(config), {
    logger: new JsonLogger(createPinoLogger(config.logLevel, 'worker')),
  });
  app.enableShutdownHooks();
  return app;
}
