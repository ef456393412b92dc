import { describe, expect, it } from '@jest/globals';
import { IsString } from 'class-validator';
import { MAX_DEPTH, passendValidationPipe, unreadablePart } from './validation.pipe.js';

class LoginLike {
  @IsString() email!: string;
}

describe('the validation pipe', () => {
  const pipe = passendValidationPipe();
  const asBody = { type: 'body' as const, metatype: LoginLike, data: undefined };

  // found by the fuzz (test/fuzz.e2e-spec.ts): {"email", "password", "constructor": {}} signed in, the key dropped unseen
  it.each([
    ['{"email": "a@b.nl", "constructor": {}}', 'constructor'],
    ['{"email": "a@b.nl", "__proto__": {"role": "admin"}}', '__proto__'],
    ['{"email": "a@b.nl", "x": [{"prototype": 1}]}', 'x[0].prototype'],
    // found by the fuzz: POST /api/proposals/:id/start with {"startedOn": …, "toString": -794688611} was accepted
    ['{"email": "a@b.nl", "toString": 1}', 'toString'],
    ['{"email": "a@b.nl", "valueOf": {}}', 'valueOf'],
  ])('refuses %s with a 400 naming the key', async (text, field) => {
    await expect(pipe.transform(JSON.parse(text), asBody)).rejects.toMatchObject({ code: 'validation_failed', details: { fields: [{ field }] } });
  });

  it('passes a body without such keys to validation', async () => {
    await expect(pipe.transform({ email: 'a@b.nl' }, asBody)).resolves.toBeInstanceOf(LoginLike);
    await expect(pipe.transform({ email: 'a@b.nl', role: 'admin' }, asBody)).rejects.toMatchObject({ details: { fields: [{ field: 'role' }] } });
  });

  // found by the fuzz: PATCH /api/locations/:id with {"name": {"a": {"a": … 3,000 deep}}} answered 500 (class-transformer ran out of stack)
  it.each([
    ['an object', '{"email": ' + '{"a":'.repeat(3000) + '1' + '}'.repeat(3000) + '}'],
    ['an array', '{"email": ' + '['.repeat(20_000) + ']'.repeat(20_000) + '}'],
  ])('refuses %s nested thousands deep with a 400 naming the field, without running out of stack', async (_, text) => {
    await expect(pipe.transform(JSON.parse(text), asBody)).rejects.toMatchObject({ code: 'validation_failed', details: { fields: [{ field: expect.stringMatching(/^email/) }] } });
  });

  it('lets nesting up to the limit through to validation', () => {
    const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });
    expect(unreadablePart(nested(MAX_DEPTH))).toBeUndefined();
    expect(unreadablePart(nested(MAX_DEPTH + 1))).toMatchObject({ field: expect.stringMatching(/^a(\.a)+$/) });
  });

  // found by the fuzz: POST /api/social-map/specialisms with synonyms ["GM0344\u0000"] answered 500 (PostgreSQL refuses NUL in text)
  it.each([
    ['a NUL character', '{"email": "a\\u0000b"}', 'email'],
    ['a lone surrogate', '{"email": "\\ud800"}', 'email'],
    ['a NUL in a nested array', '{"email": "a@b.nl", "x": {"y": ["ok", "\\u0000"]}}', 'x.y[1]'],
  ])('refuses text with %s with a 400 naming the field', async (_, text, field) => {
    await expect(pipe.transform(JSON.parse(text), asBody)).rejects.toMatchObject({ code: 'validation_failed', details: { fields: [{ field }] } });
  });

  it('lets other unicode through (emoji, right-to-left marks, accents)', () => {
    expect(unreadablePart({ email: 'Zoë 👨‍👩‍👧 \u202Eabc' })).toBeUndefined();
  });
});
