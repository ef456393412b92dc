import { describe, expect, it } from '@jest/globals';
import { newRefreshToken, REFRESH_TOKEN_PATTERN, refreshTokenHash } from './refresh-token.js';

describe('refresh tokens', () => {
  it('are 43 base64url characters, different every time', () => {
    const tokens = Array.from({ length: 50 }, () => newRefreshToken());
    for (const token of tokens) expect(token).toMatch(REFRESH_TOKEN_PATTERN);
    expect(new Set(tokens).size).toBe(50);
  });

  it('are stored as their SHA-256, which does not contain the token', () => {
    const token = newRefreshToken();
    expect(refreshTokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(refreshTokenHash(token)).toBe(refreshTokenHash(token));
    expect(refreshTokenHash(token)).not.toContain(token);
    expect(refreshTokenHash(token)).not.toBe(refreshTokenHash(newRefreshToken()));
  });
});
