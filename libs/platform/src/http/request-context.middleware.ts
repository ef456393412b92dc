import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { acceptCorrelationId, runWithCorrelationId } from '../logging/correlation.js';

const logger = new Logger('http');

/**
 * Gives every request a correlation id (the caller's X-Correlation-Id when it is well formed),
 * echoes it in the response and logs one line per request: method, route, status, duration.
 * The URL is logged without its query string, which may carry search terms.
 */
export function requestContext(req: Request, res: Response, next: NextFunction): void {
  const correlationId = acceptCorrelationId(req.header('x-correlation-id'));
  res.setHeader('X-Correlation-Id', correlationId);
  const started = process.hrtime.bigint();
  runWithCorrelationId(correlationId, () => {
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      runWithCorrelationId(correlationId, () =>
        logger.log({ msg: 'request', method: req.method, path: req.originalUrl.split('?')[0], route: req.route?.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }),
      );
    });
    next();
  });
}
