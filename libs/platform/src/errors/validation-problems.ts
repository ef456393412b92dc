import type { ValidationError } from 'class-validator';
import type { FieldProblem } from '../domain/domain-error.js';

/** Flattens class-validator errors into dotted field paths (`rows.3.freePlaces` -> `rows[3].freePlaces`). */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      problems.push({ field, message: message.replace(/^property /, '') });
    }
    if (error.children?.length) problems.push(...toFieldProblems(error.children, field));
  }
  return problems;
}
