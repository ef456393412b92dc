import { ValidationPipe } from '@nestjs/common';
import { DomainError } from '../domain/domain-error.js';
import { toFieldProblems } from '../errors/validation-problems.js';

/** Strips nothing silently: unknown fields, wrong types and bad values are a 400 that names each field. */
export function passendValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
