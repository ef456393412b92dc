import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { DomainError, ErrorCode } from '../domain/domain-error.js';
import { toFieldProblems } from '../errors/validation-problems.js';

/**
 * Keys that reach an object's prototype, or name one of its methods (`toString`, `valueOf`, …).
 * class-transformer drops them before validation, so they would pass unnamed.
 */
const PROTOTYPE_KEYS = new Set(['prototype', ...Object.getOwnPropertyNames(Object.prototype)]);

/** NUL, or half of a surrogate pair without the other half. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** No request of this api nests deeper; class-transformer recurses, so a deeper body would exhaust the stack (a 500). */
export const MAX_DEPTH = 16;

/**
 * The first thing in a parsed body or query that never reaches validation: a prototype key, or
 * nesting deeper than MAX_DEPTH, with its dotted path (iterative: bodies may nest thousands deep).
 */
export function unreadablePart(value: unknown): { field: string; message: string } | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    // PostgreSQL text cannot hold NUL (a 500), and a lone surrogate would be stored as U+FFFD
    if (typeof v === 'string' && UNSTORABLE.test(v)) return { field: path, message: `${path} contains a NUL character or a lone surrogate` };
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) return { field: path, message: `${path} nests deeper than ${MAX_DEPTH} levels` };
    for (const key of Object.keys(v)) {
      const at = Array.isArray(v) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!Array.isArray(v) && PROTOTYPE_KEYS.has(key)) return { field: at, message: `${at} is not a field` };
      stack.push({ value: (v as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Strips nothing silently: unknown fields, wrong types and bad values are a 400 that names each
 * field — prototype keys (`__proto__`, `constructor`, `toString`, …) too, which class-transformer
 * would otherwise drop unseen, nesting it would recurse into until the stack runs out, and text
 * the database cannot store as sent (NUL, lone surrogates).
 */
class PassendValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && Array.isArray(value)) throw new DomainError(ErrorCode.MalformedRequest, 'The request body must be a JSON object');
    if (metadata.type === 'body' || metadata.type === 'query') {
      const problem = unreadablePart(value);
      if (problem) throw DomainError.validation([problem]);
    }
    return super.transform(value, metadata);
  }
}

export function passendValidationPipe(): ValidationPipe {
  return new PassendValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => DomainError.validation(toFieldProblems(errors)),
  });
}
