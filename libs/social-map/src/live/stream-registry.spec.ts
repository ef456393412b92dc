import { describe, expect, it } from '@jest/globals';
import type { SessionDirectory, SessionsEnded, UserDirectory } from '@passend/identity';
import { Subject } from 'rxjs';
import { DomainError, ErrorCode, type PassendConfig } from '@passend/platform';
import { StreamRegistry, type StreamEndReason } from './stream-registry.js';

const limits = { perUser: 2, perAddress: 3, total: 4, accountCheckMs: 60_000 };
const registry = (ended = new Subject<SessionsEnded>()) =>
  new StreamRegistry({ streams: limits } as PassendConfig, {} as UserDirectory, { ended: ended.asObservable() } as unknown as SessionDirectory);

function refusal(open: () => unknown): DomainError {
  try {
    open();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('not refused');
}

describe('StreamRegistry', () => {
  it('caps streams per user, per address and in all, with a 429 that says when to retry', () => {
    const r = registry();
    r.acquire('u1', '10.0.0.1', undefined);
    r.acquire('u1', '10.0.0.2', undefined);
    const perUser = refusal(() => r.acquire('u1', '10.0.0.3', undefined));
    expect(perUser.code).toBe(ErrorCode.TooManyRequests);
    expect(perUser.details).toEqual({ retryAfterSeconds: expect.any(Number) });
    r.acquire('u2', '10.0.0.1', undefined);
    r.acquire('u3', '10.0.0.1', undefined);
    expect(refusal(() => r.acquire('u4', '10.0.0.1', undefined)).message).toMatch(/This address has 3/);
    expect(r.size).toBe(4);
    expect(refusal(() => r.acquire('u5', '10.0.0.9', undefined)).message).toMatch(/as many live streams open as it allows/);
  });

  it('frees a slot once, however often a lease is released', () => {
    const r = registry();
    const first = r.acquire('u1', 'a', undefined);
    r.acquire('u1', 'b', undefined);
    first.release();
    first.release();
    r.acquire('u1', 'c', undefined);
    expect(r.size).toBe(2);
    expect(() => r.acquire('u1', 'd', undefined)).toThrow(DomainError);
  });

  it('ends a stream at its token expiry, and every stream at shutdown', async () => {
    const r = registry();
    const reasons: StreamEndReason[] = [];
    const expiring = r.acquire('u1', 'a', Date.now() + 20);
    expiring.ended.subscribe((reason) => {
      reasons.push(reason);
      expiring.release();
    });
    const other = r.acquire('u2', 'a', Date.now() + 60_000);
    other.ended.subscribe((reason) => {
      reasons.push(reason);
      other.release();
    });
    await new Promise((done) => setTimeout(done, 60));
    expect(reasons).toEqual(['token_expired']);
    await r.beforeApplicationShutdown();
    expect(reasons).toEqual(['token_expired', 'shutdown']);
    expect(() => r.acquire('u3', 'b', undefined)).toThrow(DomainError);
  });

  it('ends the streams of a session revoked in this process at once, and no other stream', () => {
    const revoked = new Subject<SessionsEnded>();
    const r = registry(revoked);
    const reasons = new Map<string, StreamEndReason>();
    const watch = (name: string, lease: ReturnType<StreamRegistry['acquire']>) => lease.ended.subscribe((reason) => reasons.set(name, reason));
    watch('s1 first', r.acquire('u1', 'a', undefined, 's1'));
    watch('s1 second', r.acquire('u1', 'b', undefined, 's1'));
    watch('s2', r.acquire('u2', 'c', undefined, 's2'));
    revoked.next({ userId: 'u1', sessionIds: ['s1'] });
    expect(Object.fromEntries(reasons)).toEqual({ 's1 first': 'session_ended', 's1 second': 'session_ended' });
    // a stream without a session (OpenID Connect) is not ended by another session's revocation
    const oidc = registry(revoked);
    watch('oidc', oidc.acquire('u1', 'd', undefined));
    revoked.next({ userId: 'u1', sessionIds: ['s1'] });
    expect(reasons.has('oidc')).toBe(false);
  });
});
