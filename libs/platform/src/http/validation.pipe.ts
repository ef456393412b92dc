import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { DomainError, ErrorCode, type FieldProblem } from '../domain/domain-error.js';
import { toFieldProblems } from '../errors/validation-problems.js';

/** Keys that would reach an object's prototype if copied; class-transformer would drop them without a word. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The path of every prototype key in a parsed JSON value (`items[2].__proto__`). */
function prototypeKeys(value: unknown, path = ''): FieldProblem[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => prototypeKeys(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => {
    const field = path ? `${path}.${key}` : key;
    return PROTOTYPE_KEYS.has(key) ? [{ field, message: `${field} should not exist` }] : prototypeKeys((value as Record<string, unknown>)[key], field);
  });
}

/**
 * Strips nothing silently: unknown fields (a `__proto__` or `constructor` key too), wrong types and bad
 * values are a 400 that names each field; a body that is not a JSON object is a malformed request.
 */
class PassendValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      if (Array.isArray(value)) throw new DomainError(ErrorCode.MalformedRequest, 'The request body must be a JSON object');
      const problems = prototypeKeys(value);
      if (problems.length > 0) throw DomainError.validation(problems);
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
