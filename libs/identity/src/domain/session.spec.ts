import { describe, expect, it } from '@jest/globals';
import { accessTokenSeconds, secondsUntil, sessionState } from './session.js';

const at = (iso: string) => new Date(`2026-12-07T${iso}Z`);

describe('sessionState', () => {
  const session = { idleExpiresAt: at('16:00:00'), expiresAt: at('20:00:00'), revokedAt: null };

  it('is live before both ends', () => {
    expect(sessionState(session, at('15:59:59'))).toBe('live');
  });

  it('is idle-expired from the idle end on, up to the absolute end', () => {
    expect(sessionState(session, at('16:00:00'))).toBe('idle_expired');
    expect(sessionState(session, at('19:59:59'))).toBe('idle_expired');
  });

  it('is expired from the absolute end on, even when the idle end lies later', () => {
    expect(sessionState(session, at('20:00:00'))).toBe('expired');
    expect(sessionState({ ...session, idleExpiresAt: at('21:00:00') }, at('20:30:00'))).toBe('expired');
  });

  it('is revoked once revoked, whatever its times', () => {
    expect(sessionState({ ...session, revokedAt: at('09:00:00') }, at('10:00:00'))).toBe('revoked');
    expect(sessionState({ ...session, revokedAt: at('09:00:00') }, at('21:00:00'))).toBe('revoked');
  });
});

describe('accessTokenSeconds', () => {
  it('is the configured lifetime while the session lasts longer', () => {
    expect(accessTokenSeconds(900, at('20:00:00'), at('10:00:00'))).toBe(900);
  });

  it('ends with the session when that comes first', () => {
    expect(accessTokenSeconds(900, at('20:00:00'), at('19:55:00'))).toBe(300);
    expect(accessTokenSeconds(900, at('20:00:00'), at('19:59:59.500'))).toBe(1);
  });
});

describe('secondsUntil', () => {
  it('counts whole seconds and never goes below 0', () => {
    expect(secondsUntil(at('10:00:10'), at('10:00:00.400'))).toBe(9);
    expect(secondsUntil(at('10:00:00'), at('10:00:05'))).toBe(0);
  });
});
