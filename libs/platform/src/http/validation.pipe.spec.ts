import { describe, expect, it } from '@jest/globals';
import { IsString } from 'class-validator';
import { passendValidationPipe, prototypeKeyIn } from './validation.pipe.js';

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
  ])('refuses %s with a 400 naming the key', async (text, field) => {
    await expect(pipe.transform(JSON.parse(text), asBody)).rejects.toMatchObject({ code: 'validation_failed', details: { fields: [{ field }] } });
  });

  it('passes a body without such keys to validation', async () => {
    await expect(pipe.transform({ email: 'a@b.nl' }, asBody)).resolves.toBeInstanceOf(LoginLike);
    await expect(pipe.transform({ email: 'a@b.nl', role: 'admin' }, asBody)).rejects.toMatchObject({ details: { fields: [{ field: 'role' }] } });
  });

  it('finds a prototype key thousands of levels deep without running out of stack', () => {
    const deep = JSON.parse('{"a":'.repeat(20_000) + '{"__proto__": 1}' + '}'.repeat(20_000));
    expect(prototypeKeyIn(deep)).toMatch(/^a(\.a)+\.__proto__$/);
    expect(prototypeKeyIn(JSON.parse('['.repeat(20_000) + ']'.repeat(20_000)))).toBeUndefined();
  });
});
