import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttp, createPinoLogger, JsonLogger, type PassendConfig } from '@passend/platform';
import { ApiModule } from './api.module.js';

/**
 * Builds the api exactly as production runs it; the end-to-end tests call this too (a test that
 * reads the log lines passes `logDestination`; production logs to stdout).
 */
export async function createApi(config: PassendConfig, options: { logDestination?: NodeJS.WritableStream } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forConfig(config), {
    bodyParser: false,
    logger: new JsonLogger(createPinoLogger(config.logLevel, 'api', options.logDestination)),
  });
  configureHttp(app, config);
  return app;
}
