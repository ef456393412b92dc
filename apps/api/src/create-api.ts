import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttp, createPinoLogger, JsonLogger, type Clock, type PassendConfig } from '@passend/platform';
import { ApiModule } from './api.module.js';

/** Builds the api exactly as production runs it; the end-to-end tests call this too (with a fixed clock where they date fixtures). */
export async function createApi(config: PassendConfig, clock?: Clock): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forConfig(config, clock), {
    bodyParser: false,
    logger: new JsonLogger(createPinoLogger(config.logLevel, 'api')),
  });
  configureHttp(app, config);
  return app;
}
