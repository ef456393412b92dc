import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '../domain/domain-error.js';
import { toFieldProblems } from '../errors/validation-problems.js';

/** Keys that reach an object's prototype. class-transformer drops them before validation, so they would pass unnamed. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The dotted path of the first prototype key in a parsed body or query (iterative: bodies may nest thousands deep). */
export function prototypeKeyIn(value: unknown): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    for (const key of Object.keys(v)) {
      const at = Array.isArray(v) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!Array.isArray(v) && PROTOTYPE_KEYS.has(key)) return at;
      stack.push({ value: (v as Record<string, unknown>)[key], path: at });
    }
  }
  return undefined;
}

/**
 * Strips nothing silently: unknown fields, wrong types and bad values are a 400 that names each
 * field — prototype keys (`__proto__`, `constructor`, `prototype`) too, which class-transformer
 * would otherwise drop unseen.
 */
class PassendValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const field = prototypeKeyIn(value);
      if (field) throw DomainError.validation([{ field, message: `${field} is not a field` }]);
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
