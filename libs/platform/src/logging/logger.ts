import type { LoggerService } from '@nestjs/common';
import { pino, type Logger as Pino } from 'pino';
import type { LogLevel } from '../config/environment.js';
import { currentCorrelationId } from './correlation.js';

/**
 * Keys whose values never reach a log line, wherever they appear. Logs carry ids, codes and
 * counts; personal data (a child's identity, a professional's e-mail) stays out.
 */
export const REDACTED_KEYS = [
  'password', 'passwordHash', 'accessToken', 'refreshToken', 'authorization', 'cookie', 'email', 'name', 'firstName',
  'lastName', 'bsn', 'birthDate', 'dateOfBirth', 'address', 'phone', 'body', 'query',
];

export function createPinoLogger(level: LogLevel, app: string, destination?: NodeJS.WritableStream): Pino {
  return pino(
    {
      level,
      base: { app },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
        censor: '[redacted]',
      },
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
    },
    destination as pino.DestinationStream | undefined,
  );
}

/** Nest's LoggerService on pino: one JSON object a line, with the request's correlation id. */
export class JsonLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  private write(level: 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, params: unknown[]): void {
    const context = typeof params.at(-1) === 'string' ? (params.pop() as string) : undefined;
    const entry = typeof message === 'object' && message !== null ? { ...(message as object) } : { msg: String(message) };
    if (level === 'error' && typeof params[0] === 'string') Object.assign(entry, { stack: params[0] });
    this.pino[level]({ context, ...entry });
  }

  log(message: unknown, ...params: unknown[]): void { this.write('info', message, params); }
  error(message: unknown, ...params: unknown[]): void { this.write('error', message, params); }
  warn(message: unknown, ...params: unknown[]): void { this.write('warn', message, params); }
  debug(message: unknown, ...params: unknown[]): void { this.write('debug', message, params); }
  verbose(message: unknown, ...params: unknown[]): void { this.write('trace', message, params); }
  fatal(message: unknown, ...params: unknown[]): void { this.write('error', message, params); }
}

/**
 * What a log line may say about an error: its class, a domain error's code, a database error's
 * SQLSTATE and constraint — never its message. Driver messages quote the values that failed
 * ("Key (bsn_hmac)=(…) already exists", a rejected row), and those may be personal data.
 */
export function errorFields(error: unknown): { errorName: string; code?: string; constraint?: string } {
  const e = (error ?? {}) as { name?: unknown; code?: unknown; constraint?: unknown; driverError?: { code?: unknown; constraint?: unknown } };
  const code = typeof e.code === 'string' ? e.code : typeof e.driverError?.code === 'string' ? e.driverError.code : undefined;
  const constraint = typeof e.constraint === 'string' ? e.constraint : typeof e.driverError?.constraint === 'string' ? e.driverError.constraint : undefined;
  return { errorName: typeof e.name === 'string' ? e.name : 'Error', ...(code ? { code } : {}), ...(constraint ? { constraint } : {}) };
}
