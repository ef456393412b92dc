import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/** The statement's shape only: string literals and numbers out, at most 160 characters. */
export function statementShape(query: string): string {
  return query
    .replace(/'(?:[^']|'')*'/g, "'?'")
    .replace(/(?<![$\w.])\d+(\.\d+)?\b/g, '?')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 160);
}

/**
 * TypeORM's logging, without what could be personal data: a failed query is logged with its SQL
 * state and the statement's shape, never its parameters (TypeORM's own logger prints them: an
 * e-mail address, a search text, a name) nor the driver's message (which can quote a value).
 */
export class QueryLogger implements TypeOrmLogger {
  private readonly logger = new Logger('database');

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    const code = typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
    this.logger.warn({ msg: 'query failed', code: typeof code === 'string' ? code : undefined, statement: statementShape(query) });
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ msg: 'slow query', ms: time, statement: statementShape(query) });
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.log({ msg: 'migration', detail: message.slice(0, 200) });
  }

  log(level: 'log' | 'info' | 'warn'): void {
    void level;
  }
}
