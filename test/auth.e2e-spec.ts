import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, DEMO_PASSWORD, AccessControl, definePolicy, loginAccountKey, sameOrganisation } from '@passend/identity';
import { DomainError, ErrorCode, toErrorResponse, type Actor, type Principal } from '@passend/platform';
import type { AccessLogRow } from './support/access-log-row.js';
import { startTestApi, type TestApi } from './support/test-api.js';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import request from 'supertest';

const GUARDIAN = DEMO_ACCOUNTS.find((a) => a.role === 'guardian')!;
const UNIFORM_401 = { error: { code: 'unauthenticated', message: expect.any(String) }, correlationId: expect.any(String) };
const UNIFORM_403 = { error: { code: 'forbidden', message: expect.any(String) }, correlationId: expect.any(String) };

type AuditRow = Pick<AccessLogRow, 'user_id' | 'role' | 'action' | 'subject_type' | 'subject_id' | 'purpose' | 'outcome' | 'client_address' | 'correlation_id'>;

async function auditRows(api: TestApi, where = 'true', params: unknown[] = []): Promise<AuditRow[]> {
  return (await api.dataSource.query(
    `SELECT user_id, role, action, subject_type, subject_id, purpose, outcome, client_address, correlation_id
       FROM audit.access_log l WHERE ${where} ORDER BY l.seq`,
    params,
  )) as AuditRow[];
}

/** Fails fast instead of hanging the suite when `promise` never settles (a deadlock). */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function userId(api: TestApi, email: string): Promise<string> {
  return ((await api.dataSource.query(`SELECT id FROM identity."user" WHERE email = $1`, [email])) as { id: string }[])[0]!.id;
}

describe('signing in and authentication', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  /** A live sign-in session of this user, written straight into the database (no sign-in, so no audit entries). */
  async function liveSession(user: string): Promise<string> {
    const [row] = (await api.dataSource.query(
      `INSERT INTO identity.session (user_id, refresh_hash, idle_expires_at, expires_at)
       VALUES ($1, md5(random()::text) || md5(random()::text), now() + interval '1 hour', now() + interval '2 hours') RETURNING id`,
      [user],
    )) as { id: string }[];
    return row!.id;
  }

  /** A token of a live session signed with the api's own secret, with the given claims changed. */
  async function signedToken(sub: string, change: (jwt: SignJWT) => SignJWT = (jwt) => jwt, secret = api.config.jwt.secret, sid?: string): Promise<string> {
    const jwt = new SignJWT({ role: 'admin', sid: sid ?? (await liveSession(sub)) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(sub)
      .setIssuer(api.config.jwt.issuer)
      .setAudience(api.config.jwt.audience)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('5m');
    return change(jwt).sign(new TextEncoder().encode(secret));
  }

  it.each(DEMO_ACCOUNTS.map((a) => [a.role, a.email, a] as const))(
    'signs in the demo %s (%s) and /api/auth/me shows role and organisation',
    async (_, email, account) => {
      const login = await request(api.http).post('/api/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200);
      expect(login.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        expiresIn: 900,
        tokenType: 'Bearer',
        refreshToken: expect.stringMatching(/^[\w-]{43}$/),
        refreshExpiresIn: 8 * 3600,
      });
      const me = await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
      const organisation = DEMO_ORGANISATIONS.find((o) => o.key === account.organisation)!;
      expect(me.body).toEqual({
        userId: await userId(api, email),
        displayName: account.displayName,
        role: account.role,
        organisationId: expect.any(String),
        organisationName: organisation.name,
        organisationKind: organisation.kind,
        regionCode: organisation.regionCode,
      });
    },
  );

  it('accepts the e-mail address in any letter case', async () => {
    await request(api.http).post('/api/auth/login').send({ email: GUARDIAN.email.toUpperCase(), password: DEMO_PASSWORD }).expect(200);
  });

  it('audits a successful sign-in with the user, role and client address', async () => {
    const id = await userId(api, GUARDIAN.email);
    const before = (await auditRows(api)).length;
    await request(api.http).post('/api/auth/login').set('X-Correlation-Id', 'login-ok-0001').send({ email: GUARDIAN.email, password: DEMO_PASSWORD }).expect(200);
    const rows = (await auditRows(api)).slice(before);
    expect(rows).toEqual([
      {
        user_id: id, role: 'guardian', action: 'login', subject_type: 'user', subject_id: id, purpose: 'authentication',
        outcome: 'success', client_address: '127.0.0.1', correlation_id: 'login-ok-0001',
      },
    ]);
  });

  it('answers a wrong password and an unknown e-mail address with the same 401, not saying which part was wrong', async () => {
    const wrongPassword = await request(api.http).post('/api/auth/login').send({ email: GUARDIAN.email, password: 'not-the-password' }).expect(401);
    const unknownEmail = await request(api.http).post('/api/auth/login').send({ email: 'nobody@demo.passend.nl', password: DEMO_PASSWORD }).expect(401);
    expect(wrongPassword.body).toEqual(UNIFORM_401);
    expect(unknownEmail.body).toEqual(UNIFORM_401);
    expect(unknownEmail.body.error).toEqual(wrongPassword.body.error);
    expect(wrongPassword.body.error.message).not.toMatch(/unknown|not found|no such|password is wrong|does not exist/i);
    expect(wrongPassword.body).not.toHaveProperty('accessToken');
  });

  it('audits failed sign-ins with outcome failure, naming the account only when it exists', async () => {
    const id = await userId(api, GUARDIAN.email);
    const before = (await auditRows(api)).length;
    await request(api.http).post('/api/auth/login').set('X-Correlation-Id', 'login-bad-0001').send({ email: GUARDIAN.email, password: 'wrong' }).expect(401);
    await request(api.http).post('/api/auth/login').set('X-Correlation-Id', 'login-bad-0002').send({ email: 'ghost@example.nl', password: 'wrong' }).expect(401);
    const rows = (await auditRows(api)).slice(before);
    expect(rows).toEqual([
      {
        user_id: id, role: null, action: 'login', subject_type: 'user', subject_id: id, purpose: 'authentication',
        outcome: 'failure', client_address: '127.0.0.1', correlation_id: 'login-bad-0001',
      },
      {
        user_id: null, role: null, action: 'login', subject_type: 'user', subject_id: null, purpose: 'authentication',
        outcome: 'failure', client_address: '127.0.0.1', correlation_id: 'login-bad-0002',
      },
    ]);
  });

  it('turns away a request without a token with 401 in the uniform body', async () => {
    const res = await request(api.http).get('/api/auth/me').expect(401);
    expect(res.body).toEqual(UNIFORM_401);
    expect(res.headers['content-type']).toMatch(/application\/json/);
  });

  it.each([
    ['a non-bearer scheme', 'Basic YWRtaW46YWRtaW4='],
    ['an empty bearer', 'Bearer '],
    ['garbage', 'Bearer not-a-token'],
    ['three garbage parts', 'Bearer aaa.bbb.ccc'],
    ['a header with spaces inside', 'Bearer abc def'],
  ])('turns away %s with 401', async (_, header) => {
    const res = await request(api.http).get('/api/auth/me').set('Authorization', header).expect(401);
    expect(res.body).toEqual(UNIFORM_401);
  });

  it('turns away an expired token', async () => {
    const id = await userId(api, GUARDIAN.email);
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await signedToken(id, (jwt) => jwt.setIssuedAt(past - 900).setExpirationTime(past));
    const res = await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(res.body).toEqual(UNIFORM_401);
    // the same token, not expired, is accepted: the expiry is what was refused
    await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${await signedToken(id)}`).expect(200);
  });

  it('turns away a token without an expiry or an issue time: it could live for ever', async () => {
    const id = await userId(api, GUARDIAN.email);
    const sid = await liveSession(id);
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT({ role: 'admin', sid, jti: randomUUID(), ...claims })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(id)
        .setIssuer(api.config.jwt.issuer)
        .setAudience(api.config.jwt.audience)
        .sign(new TextEncoder().encode(api.config.jwt.secret));
    const now = Math.floor(Date.now() / 1000);
    for (const token of [await sign({}), await sign({ iat: now }), await sign({ exp: now + 300 })]) {
      const res = await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect(res.body).toEqual(UNIFORM_401);
    }
    await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${await sign({ iat: now, exp: now + 300 })}`).expect(200);
  });

  it('turns away a token without a session (as issued before sessions existed), of an unknown session, of another user\'s session, or without a jti', async () => {
    const id = await userId(api, GUARDIAN.email);
    const other = await userId(api, DEMO_ACCOUNTS.find((a) => a.role === 'provider_staff')!.email);
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT({ role: 'guardian', iat: now, exp: now + 300, ...claims })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(id)
        .setIssuer(api.config.jwt.issuer)
        .setAudience(api.config.jwt.audience)
        .sign(new TextEncoder().encode(api.config.jwt.secret));
    const own = await liveSession(id);
    const refused = [
      await sign({ jti: randomUUID() }),
      await sign({ jti: randomUUID(), sid: randomUUID() }),
      await sign({ jti: randomUUID(), sid: await liveSession(other) }),
      await sign({ jti: randomUUID(), sid: 'not-a-uuid' }),
      await sign({ sid: own }),
    ];
    for (const token of refused) {
      const res = await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${token}`);
      expect({ status: res.status, body: res.body }).toEqual({ status: 401, body: UNIFORM_401 });
    }
    // the same token with its own live session and a jti is accepted: the session is what was refused
    await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${await sign({ jti: randomUUID(), sid: own })}`).expect(200);
  });

  it('turns away a token signed with another secret, for another audience or issuer, or unsigned', async () => {
    const id = await userId(api, GUARDIAN.email);
    const unsigned = [
      Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
      Buffer.from(JSON.stringify({ sub: id, iss: api.config.jwt.issuer, aud: api.config.jwt.audience, exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url'),
      '',
    ].join('.');
    const tokens = [
      await signedToken(id, undefined, 'another-secret-of-at-least-thirty-two-characters'),
      await signedToken(id, (jwt) => jwt.setAudience('another-api')),
      await signedToken(id, (jwt) => jwt.setIssuer('someone-else')),
      unsigned,
    ];
    for (const token of tokens) {
      const res = await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${token}`);
      expect({ status: res.status, body: res.body }).toEqual({ status: 401, body: UNIFORM_401 });
    }
  });

  it('turns away a valid token of an account that does not exist or is no longer active', async () => {
    await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${await signedToken('00000000-0000-4000-8000-00000000dead', undefined, undefined, randomUUID())}`).expect(401);
    // an account of its own; its token works, and after the deactivation (here straight in SQL) the very next request is refused: no cache keeps it
    const [{ id }] = (await api.dataSource.query(
      `INSERT INTO identity."user" (organisation_id, email, display_name, role, password_hash)
       SELECT organisation_id, 'leaver@demo.passend.nl', 'Leaver', role, password_hash FROM identity."user" WHERE email = $1
       RETURNING id`,
      [GUARDIAN.email],
    )) as { id: string }[];
    const token = await signedToken(id);
    await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    await api.dataSource.query(`UPDATE identity."user" SET active = false WHERE id = $1`, [id]);
    const res = await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect(res.body).toEqual(UNIFORM_401);
    const login = await request(api.http).post('/api/auth/login').send({ email: 'leaver@demo.passend.nl', password: DEMO_PASSWORD }).expect(401);
    expect(login.body).toEqual(UNIFORM_401);
  });

  it('lets an admin read the audit log of users, and logs that reading', async () => {
    const res = await request(api.http).get('/api/audit?subjectType=user').set('Authorization', `Bearer ${await api.tokenFor('admin')}`).expect(200);
    expect(res.body.entries.length).toBeGreaterThan(0);
    expect(res.body.entries.every((e: { subjectType: string }) => e.subjectType === 'user')).toBe(true);
    const seqs = res.body.entries.map((e: { seq: string }) => Number(e.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a)); // newest first
    const [last] = (await auditRows(api)).slice(-1);
    expect(last).toMatchObject({ role: 'admin', action: 'read', subject_type: 'audit_log', subject_id: 'user:*', purpose: 'audit_review', outcome: 'success' });
  });

  it.each(['guardian', 'region_officer', 'provider_staff', 'expert_member'] as const)('refuses the audit log to a %s with 403 in the uniform body', async (role) => {
    const before = (await auditRows(api)).length;
    const res = await request(api.http).get('/api/audit?subjectType=user').set('Authorization', `Bearer ${await api.tokenFor(role)}`).expect(403);
    expect(res.body).toEqual(UNIFORM_403);
    expect(res.body).not.toHaveProperty('entries');
    // nothing was read, so there is no audit_review entry for this attempt
    expect((await auditRows(api)).slice(before).filter((r) => r.subject_type === 'audit_log')).toEqual([]);
  });

  it('refuses the audit log without a token with 401', async () => {
    expect((await request(api.http).get('/api/audit?subjectType=user').expect(401)).body).toEqual(UNIFORM_401);
  });

  describe('AccessControl.authorize', () => {
    interface Record { organisationId: string }
    const policy = definePolicy<Record, 'read' | 'change'>('test_record', {
      read: sameOrganisation((r) => r.organisationId),
      change: sameOrganisation((r) => r.organisationId, 'provider_staff'),
    });
    let actor: Actor;

    beforeAll(async () => {
      const [row] = (await api.dataSource.query(
        `SELECT u.id, u.organisation_id, o.kind FROM identity."user" u JOIN identity.organisation o ON o.id = u.organisation_id WHERE u.email = $1`,
        [GUARDIAN.email],
      )) as { id: string; organisation_id: string; kind: Principal['organisationKind'] }[];
      actor = {
        principal: { userId: row!.id, role: 'guardian', organisationId: row!.organisation_id, organisationKind: row!.kind },
        clientAddress: '192.0.2.7',
        correlationId: 'access-control-int',
      };
    });

    it('allows by the policy and logs the access with its purpose', async () => {
      const access = api.app.get(AccessControl);
      await access.authorize(actor, { policy, action: 'read', record: { organisationId: actor.principal.organisationId }, subjectId: 'rec-1', purpose: 'care' });
      const [last] = (await auditRows(api)).slice(-1);
      expect(last).toEqual({
        user_id: actor.principal.userId, role: 'guardian', action: 'read', subject_type: 'test_record', subject_id: 'rec-1', purpose: 'care',
        outcome: 'success', client_address: '192.0.2.7', correlation_id: 'access-control-int',
      });
    });

    it.each([
      ['a record of another organisation', 'read', '00000000-0000-4000-8000-0000000000ff'],
      ['an action the role may not do', 'change', undefined],
      ['an action without a rule', 'delete', undefined],
    ])('denies %s: a 403 and an audit entry with outcome denied', async (_, action, organisationId) => {
      const access = api.app.get(AccessControl);
      const record = { organisationId: organisationId ?? actor.principal.organisationId };
      const error = await access
        .authorize(actor, { policy, action: action as 'read', record, subjectId: 'rec-2', purpose: 'care' })
        .then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(ErrorCode.Forbidden);
      expect(toErrorResponse(error).status).toBe(403);
      const [last] = (await auditRows(api)).slice(-1);
      expect(last).toMatchObject({ user_id: actor.principal.userId, action, subject_type: 'test_record', subject_id: 'rec-2', outcome: 'denied' });
    });

    it('has the denial on record before the 403 leaves, while the caller\'s transaction is still open, and keeps it when that rolls back; the allowed access rolls back with it', async () => {
      const access = api.app.get(AccessControl);
      const before = (await auditRows(api)).length;
      let seenWhileOpen: unknown[][] = [];
      const change = api.dataSource.transaction(async (manager) => {
        await access.authorize(actor, { policy, action: 'read', record: { organisationId: actor.principal.organisationId }, subjectId: 'rec-3', purpose: 'care', manager });
        try {
          await access.authorize(actor, { policy, action: 'change', record: { organisationId: actor.principal.organisationId }, subjectId: 'rec-3', purpose: 'care', manager });
        } catch (error) {
          // read on another connection at the moment the denial is thrown: it is committed already
          seenWhileOpen = (await auditRows(api)).slice(before).map((r) => [r.action, r.subject_id, r.outcome]);
          throw error;
        }
      });
      await expect(within(5_000, change)).rejects.toMatchObject({ code: 'forbidden' });
      expect(seenWhileOpen).toEqual([['change', 'rec-3', 'denied']]);
      expect((await auditRows(api)).slice(before).map((r) => [r.action, r.subject_id, r.outcome])).toEqual([['change', 'rec-3', 'denied']]);
      // and the log goes on: nothing is left waiting
      await within(5_000, access.authorize(actor, { policy, action: 'read', record: { organisationId: actor.principal.organisationId }, subjectId: 'rec-4', purpose: 'care' }));
    });

    it('logs a denial inside a transaction that has logged nothing yet, before the 403', async () => {
      const access = api.app.get(AccessControl);
      const before = (await auditRows(api)).length;
      const change = api.dataSource.transaction((manager) =>
        access.authorize(actor, { policy, action: 'change', record: { organisationId: actor.principal.organisationId }, subjectId: 'rec-5', purpose: 'care', manager }),
      );
      await expect(within(5_000, change)).rejects.toMatchObject({ code: 'forbidden' });
      expect((await auditRows(api)).slice(before).map((r) => [r.subject_id, r.outcome])).toEqual([['rec-5', 'denied']]);
    });
  });

  it('ignores X-Forwarded-For when no proxy is trusted: spoofed addresses share one throttle', async () => {
    await api.dataSource.query(`DELETE FROM identity.login_failure`);
    // ten different (unknown) accounts, so that only the per-address limit applies
    for (let i = 0; i < 10; i++) {
      await request(api.http).post('/api/auth/login').set('X-Forwarded-For', `198.51.100.${i}`).send({ email: `spray-${i}@example.nl`, password: 'wrong' }).expect(401);
    }
    const res = await request(api.http).post('/api/auth/login').set('X-Forwarded-For', '198.51.100.99').send({ email: GUARDIAN.email, password: DEMO_PASSWORD }).expect(429);
    expect(res.body.error.code).toBe('too_many_requests');
    const rows = await auditRows(api, `outcome = 'failure'`);
    expect(rows.slice(-10).every((r) => r.client_address === '127.0.0.1')).toBe(true);
  });
});

describe('the sign-in throttle', () => {
  // one proxy hop trusted, so each test can sign in from addresses of its own
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ trustProxyHops: 1 });
  });
  afterAll(() => api.close());

  const attempt = (address: string, password: string, email = GUARDIAN.email) =>
    request(api.http).post('/api/auth/login').set('X-Forwarded-For', address).send({ email, password });
  /**
   * Ten failures from one address, spread over ten accounts of that address's own (password spraying),
   * so that the per-account back-off does not apply first: the address's limit is used up.
   */
  const useUpAddress = async (address: string) => {
    for (let i = 0; i < 10; i++) await attempt(address, 'wrong', `spray-${i}-${address}@example.nl`).expect(401);
  };

  it('refuses the 11th failure from one address within a minute with 429 and Retry-After, even with the right password', async () => {
    await useUpAddress('203.0.113.10');
    const res = await attempt('203.0.113.10', DEMO_PASSWORD).expect(429);
    expect(res.body).toEqual({ error: { code: 'too_many_requests', message: expect.any(String), details: { retryAfterSeconds: expect.any(Number) } }, correlationId: expect.any(String) });
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(res.body).not.toHaveProperty('accessToken');
    // the refusal holds for the rest of the minute
    await attempt('203.0.113.10', DEMO_PASSWORD).expect(429);
  });

  it('audits each failure with the client address', async () => {
    await useUpAddress('203.0.113.14');
    const rows = (await api.dataSource.query(
      `SELECT count(*)::int AS n FROM audit.access_log WHERE action = 'login' AND outcome = 'failure' AND client_address = '203.0.113.14'`,
    )) as { n: number }[];
    expect(rows[0]!.n).toBe(10);
  });

  it('counts per address: another address still signs in', async () => {
    await useUpAddress('203.0.113.15');
    await attempt('203.0.113.15', DEMO_PASSWORD).expect(429);
    const res = await attempt('203.0.113.11', DEMO_PASSWORD).expect(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
  });

  it('does not count successful sign-ins as failures', async () => {
    for (let i = 0; i < 12; i++) await attempt('203.0.113.12', DEMO_PASSWORD).expect(200);
    await attempt('203.0.113.12', 'wrong').expect(401);
  });

  it('cannot be outrun by sending many attempts at once', async () => {
    // thirty accounts, so that only the address's limit applies (one account would lock itself after 5, for a moment only)
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt('203.0.113.13', 'wrong', `burst-${i}@example.nl`)));
    const statuses = results.map((r) => r.status);
    // counted before the password check, one at a time: exactly the limit gets through
    expect({ 401: statuses.filter((s) => s === 401).length, 429: statuses.filter((s) => s === 429).length }).toEqual({ 401: 10, 429: 20 });
    await attempt('203.0.113.13', DEMO_PASSWORD).expect(429);
  });
});

describe('the per-account sign-in back-off', () => {
  // 3 free failures, then 1, 2, 4 ... s capped at 2 s, to keep the test short; one trusted proxy hop
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ trustProxyHops: 1, loginBackoff: { freeFailures: 3, maxDelaySeconds: 2 } });
  });
  afterAll(() => api.close());

  const [A, B, C, D] = ['jeugdbeschermer', 'aanbieder', 'experttafel', 'regio'].map((name) => `${name}@demo.passend.nl`) as [string, string, string, string];
  const attempt = (address: string, email: string, password: string) =>
    request(api.http).post('/api/auth/login').set('X-Forwarded-For', address).send({ email, password });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('after the free failures locks that account only: the right password gets 429 with Retry-After, another account from the same address signs in', async () => {
    for (let i = 0; i < 3; i++) await attempt('192.0.2.1', A, 'wrong').expect(401);
    const locked = await attempt('192.0.2.1', A, DEMO_PASSWORD).expect(429);
    expect(locked.body).toEqual({ error: { code: 'too_many_requests', message: expect.any(String), details: { retryAfterSeconds: 1 } }, correlationId: expect.any(String) });
    expect(locked.headers['retry-after']).toBe('1');
    expect(locked.body).not.toHaveProperty('accessToken');
    // the lock is the account's, wherever the attempt comes from
    await attempt('192.0.2.99', A, DEMO_PASSWORD).expect(429);
    // another account behind the same address is not affected
    await attempt('192.0.2.1', B, DEMO_PASSWORD).expect(200);
  });

  it('doubles the lock-out with each further failure, up to the maximum, and starts over after a success', async () => {
    // an account of its own (with the demo password), locked for 1 s after its three free failures
    const A = 'doubling@demo.passend.nl';
    await api.dataSource.query(
      `INSERT INTO identity."user" (organisation_id, email, display_name, role, password_hash)
       SELECT organisation_id, $2, 'Test Doubling', role, password_hash FROM identity."user" WHERE email = $1`,
      [GUARDIAN.email, A],
    );
    for (let i = 0; i < 3; i++) await attempt('192.0.2.2', A, 'wrong').expect(401);
    expect((await attempt('192.0.2.2', A, DEMO_PASSWORD).expect(429)).headers['retry-after']).toBe('1');
    await sleep(1_100);
    await attempt('192.0.2.2', A, 'wrong').expect(401); // failure 4: 2 s
    expect((await attempt('192.0.2.2', A, DEMO_PASSWORD).expect(429)).headers['retry-after']).toBe('2');
    await sleep(2_100);
    await attempt('192.0.2.2', A, 'wrong').expect(401); // failure 5: 4 s, capped at 2
    expect((await attempt('192.0.2.2', A, DEMO_PASSWORD).expect(429)).headers['retry-after']).toBe('2');
    await sleep(2_100);
    await attempt('192.0.2.2', A, DEMO_PASSWORD).expect(200);
    // the success reset the count: three free failures again, then 1 s
    for (let i = 0; i < 3; i++) await attempt('192.0.2.2', A, 'wrong').expect(401);
    expect((await attempt('192.0.2.2', A, DEMO_PASSWORD).expect(429)).headers['retry-after']).toBe('1');
  }, 20_000);

  it('treats an e-mail address without an account the same way, so the answers do not tell which exist', async () => {
    for (let i = 0; i < 3; i++) await attempt('192.0.2.3', 'Nobody@Example.NL', 'wrong').expect(401);
    const res = await attempt('192.0.2.3', 'nobody@example.nl', DEMO_PASSWORD).expect(429);
    expect(res.headers['retry-after']).toBe('1');
  });

  /**
   * The lock after the free failures lasts 1 s; on a loaded machine the attempts after it could
   * take longer than that. The account's lock is stretched in the database (as a long series of
   * failures would), so that what is measured is whom the lock binds, not how fast the machine is.
   */
  const stretchLock = (email: string) =>
    api.dataSource.query(`UPDATE identity.login_backoff SET locked_until = now() + interval '10 minutes' WHERE account_key = $1`, [loginAccountKey(email)]);

  it('is not escaped by rotating X-Forwarded-For addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await attempt(`198.51.100.${i + 1}`, C, 'wrong')).status);
    await stretchLock(C);
    for (let i = 3; i < 10; i++) statuses.push((await attempt(`198.51.100.${i + 1}`, C, 'wrong')).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    await attempt('198.51.100.200', C, DEMO_PASSWORD).expect(429);
  });

  it('ignores an X-Forwarded-For that is not an address: no escape from the back-off, nothing made up in the audit log', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await attempt(`made-up-${i}`, D, 'wrong')).status);
    await stretchLock(D);
    for (let i = 3; i < 10; i++) statuses.push((await attempt(`made-up-${i}`, D, 'wrong')).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    await attempt(`made-up-x`, D, DEMO_PASSWORD).expect(429);
    const rows = (await api.dataSource.query(
      `SELECT DISTINCT client_address FROM audit.access_log WHERE action = 'login' AND outcome = 'failure' AND subject_id = $1`,
      [await userId(api, D)],
    )) as { client_address: string }[];
    // the peer's own address (the test client connects from loopback) instead of the made-up value
    expect(rows.map((r) => r.client_address)).toEqual(['127.0.0.1']);
    const madeUp = (await api.dataSource.query(`SELECT count(*)::int AS n FROM audit.access_log WHERE client_address LIKE 'made-up%'`)) as { n: number }[];
    expect(madeUp[0]!.n).toBe(0);
  });
});
