import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { lowEntropyReason } from './secret-strength.js';

describe('does a key look random', () => {
  it('accepts random bytes that happen to hold a short run (four equal bytes: once in 600,000 real keys)', () => {
    const key = randomBytes(32);
    key.fill(7, 10, 14);
    expect(lowEntropyReason(key)).toBeUndefined();
  });
  it('refuses a run of eight equal bytes', () => {
    const key = randomBytes(32);
    key.fill(7, 10, 18);
    expect(lowEntropyReason(key)).toBe('a byte repeated eight times in a row');
  });
});
