import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { currentCorrelationId } from '../logging/correlation.js';
import { DomainError, ErrorCode, HTTP_STATUS_BY_CODE } from '../domain/domain-error.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
  correlationId: string | undefined;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.MalformedRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.TooManyRequests,
  503: ErrorCode.Unavailable,
};

const INTERNAL_MESSAGE = 'Something went wrong on our side; the correlation id identifies it in our logs';
const UNAVAILABLE_MESSAGE = 'The service is temporarily unavailable; try again shortly';

/** Errors raised by Express' body parser before Nest sees the request. */
interface BodyParserError {
  type: string;
  status?: number;
  statusCode?: number;
}

function isBodyParserError(e: unknown): e is BodyParserError {
  return typeof e === 'object' && e !== null && typeof (e as BodyParserError).type === 'string' &&
    typeof ((e as BodyParserError).status ?? (e as BodyParserError).statusCode) === 'number';
}

/**
 * PostgreSQL's answers that mean "not now", not "wrong": a statement cancelled by its timeout
 * (57014), a lock not granted within the lock timeout (55P03), a serialization failure (40001) or
 * a deadlock (40P01). The transaction rolled back; the same request may simply be sent again.
 */
const BUSY_CODES = new Set(['57014', '55P03', '40001', '40P01']);

/**
 * The database cannot be reached, or dropped the connection: refused, reset or timed out on the
 * way (the node error codes), a connection-class SQLSTATE (08xxx), the server shutting down or
 * starting up (57P01-57P03), or node-postgres' own "Connection terminated ..." / "timeout
 * exceeded when trying to connect" (errors without a code). During a restart of PostgreSQL the
 * request did not happen and may be sent again once it is back.
 */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', '57P01', '57P02', '57P03']);
const UNREACHABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect)/;

/** Whether the database said "busy" or could not be reached, looking through TypeORM's and node's wrappers (driverError, cause). */
function databaseUnavailability(e: unknown): 'busy' | 'unreachable' | undefined {
  for (let candidate = e, depth = 0; typeof candidate === 'object' && candidate !== null && depth < 3; depth++) {
    const { code, message } = candidate as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && BUSY_CODES.has(code)) return 'busy';
    if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return 'unreachable';
    if (typeof message === 'string' && UNREACHABLE_MESSAGE.test(message) && !(candidate instanceof HttpException)) return 'unreachable';
    candidate = (candidate as { driverError?: unknown; cause?: unknown }).driverError ?? (candidate as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps any error to one HTTP status and the uniform body; unknown errors become 500 without their message. */
export function toErrorResponse(exception: unknown): { status: number; body: Omit<ErrorBody, 'correlationId'> } {
  const unavailable = databaseUnavailability(exception);
  if (unavailable === 'busy') {
    return { status: 503, body: { error: { code: ErrorCode.Unavailable, message: 'The service is busy; try again in a moment', details: { retryAfterSeconds: 1 } } } };
  }
  if (unavailable === 'unreachable') {
    return { status: 503, body: { error: { code: ErrorCode.Unavailable, message: UNAVAILABLE_MESSAGE, details: { retryAfterSeconds: 5 } } } };
  }
  if (exception instanceof DomainError) {
    return {
      status: HTTP_STATUS_BY_CODE[exception.code],
      body: { error: { code: exception.code, message: exception.message, details: exception.details } },
    };
  }
  // Nest's Express adapter wraps body-parser errors in an HttpException (the original as `cause`)
  // whose message is the parser's own, which can quote the body back: answer them as ours instead.
  const parserError = isBodyParserError(exception)
    ? exception
    : exception instanceof HttpException && isBodyParserError(exception.cause) ? exception.cause : undefined;
  if (parserError) {
    const status = parserError.status ?? parserError.statusCode ?? 400;
    if (parserError.type === 'entity.too.large') {
      return { status: 413, body: { error: { code: ErrorCode.PayloadTooLarge, message: 'The request body is too large' } } };
    }
    if (parserError.type === 'entity.parse.failed') {
      return { status: 400, body: { error: { code: ErrorCode.MalformedRequest, message: 'The request body is not valid JSON' } } };
    }
    if (status < 500) {
      return { status, body: { error: { code: CODE_BY_STATUS[status] ?? ErrorCode.MalformedRequest, message: 'The request body could not be read' } } };
    }
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    // A server-side HttpException (often a wrapped driver or library error) is not echoed either: it is logged.
    const message =
      status >= 500
        ? status === 503 ? UNAVAILABLE_MESSAGE : INTERNAL_MESSAGE
        : typeof response === 'string'
          ? response
          : typeof (response as { message?: unknown }).message === 'string'
            ? (response as { message: string }).message
            : exception.message;
    return {
      status,
      body: { error: { code: CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.MalformedRequest), message } },
    };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: { error: { code: ErrorCode.Internal, message: INTERNAL_MESSAGE } },
  };
}

@Catch()
export class PassendExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const response = ctx.getResponse<Response>();
    const request = ctx.getRequest<Request>();
    const { status, body } = toErrorResponse(exception);
    if (status >= 500) {
      // Only the error's class and stack: messages of driver errors can echo parameter values.
      const error = exception instanceof Error ? exception : undefined;
      // the stack's first line repeats the message, so only the frames are logged
      this.logger.error({ msg: 'request failed', method: request.method, route: request.route?.path, errorName: error?.name, frames: error?.stack?.split('\n').slice(1, 12).join('\n') });
    }
    if (response.headersSent) return;
    const retryAfter = (body.error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if ((status === 429 || status === 503) && retryAfter) response.setHeader('Retry-After', String(retryAfter));
    response.status(status).json({ ...body, correlationId: currentCorrelationId() } satisfies ErrorBody);
  }
}
