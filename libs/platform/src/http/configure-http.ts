import { RequestMethod, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { PassendConfig } from '../config/environment.js';
import { PassendExceptionFilter } from '../errors/exception.filter.js';
import { JsonBodyInterceptor } from './json-body.interceptor.js';
import { requestContext } from './request-context.middleware.js';
import { passendValidationPipe } from './validation.pipe.js';

/**
 * Everything the HTTP edge needs, in one place so the api and the end-to-end tests boot the
 * same app: security headers, body limit, correlation ids, validation, uniform errors,
 * OpenAPI at /api/docs, graceful shutdown.
 */
export function configureHttp(app: INestApplication, config: PassendConfig): void {
  const express = app as NestExpressApplication;
  express.set('trust proxy', config.trustProxyHops);
  express.disable('x-powered-by');
  express.use(requestContext);
  express.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
        },
      },
    }),
  );
  // Answers about children, cases and people must not linger in a browser's or a proxy's cache;
  // only the public directory (HSDS) may be cached.
  express.use((req: { path: string }, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    if (req.path.startsWith('/api/') && !req.path.startsWith('/api/hsds/')) {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Pragma', 'no-cache');
    }
    next();
  });
  express.useBodyParser('json', { limit: config.bodyLimit });
  app.setGlobalPrefix('api', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalInterceptors(new JsonBodyInterceptor());
  app.useGlobalPipes(passendValidationPipe());
  app.useGlobalFilters(new PassendExceptionFilter());
  app.enableShutdownHooks();

  // the documentation describes every route to whoever asks: off unless the deployment wants it
  if (!config.apiDocs) return;
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Passend API')
      .setDescription(
        'Live social map, expert-table matching and norm clocks for Dutch youth protection. ' +
          'Errors share one body: { error: { code, message, details? }, correlationId }.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
}
