import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttp, createPinoLogger, JsonLogger, type Clock, type PassendConfig } from '@passend/platform';
import { ApiModule } from './api.module.js';

/**
 * Builds the api exactly as production runs it; the end-to-end tests call this too (with a fixed
 * clock where they date fixtures, and a log destination where they read the log lines; production
 * runs on the system clock and logs to stdout).
 */
export async function createApi(config: PassendConfig, options: { clock?: Clock; logDestination?: NodeJS.WritableStream } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forConfig(config, options.clock), {
    bodyParser: false,
    logger: new JsonLogger(createPinoLogger(config.logLevel, 'api', options.logDestination)),
  });
  configureHttp(app, config);
  return app;
}
