import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { PersonalDataCipher } from './personal-data-cipher.js';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

describe('PersonalDataCipher', () => {
  it('round-trips and never stores the plaintext', () => {
    const cipher = new PersonalDataCipher(k1);
    const stored = cipher.encrypt('123456782', 'child:42');
    expect(stored).not.toContain('123456782');
    expect(stored.startsWith('pd1.k1.')).toBe(true);
    expect(cipher.decrypt(stored, 'child:42')).toBe('123456782');
  });

  it('uses a fresh nonce for every value', () => {
    const cipher = new PersonalDataCipher(k1);
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('refuses a value moved to another record (associated data) or altered', () => {
    const cipher = new PersonalDataCipher(k1);
    const stored = cipher.encrypt('Anna', 'child:1');
    expect(() => cipher.decrypt(stored, 'child:2')).toThrow();
    const parts = stored.split('.');
    parts[4] = Buffer.from('Bnna').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'child:1')).toThrow();
  });

  it('reads values of a previous key after rotation and writes with the new one', () => {
    const old = new PersonalDataCipher(k1).encrypt('Anna');
    const rotated = new PersonalDataCipher(k2, [k1]);
    expect(rotated.decrypt(old)).toBe('Anna');
    expect(PersonalDataCipher.keyIdOf(rotated.encrypt('Anna'))).toBe('k2');
    expect(() => new PersonalDataCipher(k2).decrypt(old)).toThrow(/k1 is not configured/);
  });
});
