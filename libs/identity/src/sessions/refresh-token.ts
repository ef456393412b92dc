import { createHash, randomBytes } from 'node:crypto';

/** A refresh token: 32 random bytes, base64url (43 characters). Opaque: it says nothing about its session or user. */
export const REFRESH_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database keeps of a refresh token: its SHA-256, hex. 256 random bits need no slow hash
 * (nobody can guess one to compare), and a plain hash lets the token be found by an index.
 */
export function refreshTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
