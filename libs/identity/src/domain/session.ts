/**
 * Sign-in sessions as plain values: when a session counts as live, and how long the tokens handed
 * out for it may live. The clock is the caller's (the database's `now()` in practice), so that the
 * rules are tested without waiting.
 */

/** Why a session was ended before its time. */
export const SESSION_END_REASONS = ['logout', 'refresh_reuse', 'admin', 'account_deactivated'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/** How long a session lives: `idleSeconds` without a refresh, `maxSeconds` in all. */
export interface SessionLimits {
  idleSeconds: number;
  maxSeconds: number;
}

/** 8 hours without a refresh, 12 hours in all: one working day, and signed out overnight. */
export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleSeconds: 8 * 3600, maxSeconds: 12 * 3600 };

export interface SessionTimes {
  idleExpiresAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export type SessionState = 'live' | 'revoked' | 'idle_expired' | 'expired';

/** Where a session stands at `now`; a revoked session stays revoked, whatever its times say. */
export function sessionState(session: SessionTimes, now: Date): SessionState {
  if (session.revokedAt !== null) return 'revoked';
  if (session.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (session.idleExpiresAt.getTime() <= now.getTime()) return 'idle_expired';
  return 'live';
}

/** Whole seconds from `now` until `at` (0 when past). */
export function secondsUntil(at: Date, now: Date): number {
  return Math.max(0, Math.floor((at.getTime() - now.getTime()) / 1000));
}

/**
 * The lifetime of an access token issued at `now` for a session that ends at `sessionExpiresAt`:
 * the configured lifetime, but never past the session's absolute end (and at least one second,
 * for a session that ends in less than that).
 */
export function accessTokenSeconds(ttlSeconds: number, sessionExpiresAt: Date, now: Date): number {
  return Math.max(1, Math.min(ttlSeconds, secondsUntil(sessionExpiresAt, now)));
}
