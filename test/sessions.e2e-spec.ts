import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@passend/identity';
import type { Role } from '@passend/platform';
import { eventually } from '@passend/testing';
import request from 'supertest';
import type { AccessLogRow } from './support/access-log-row.js';
import { startTestApi, type TestApi } from './support/test-api.js';

const UNIFORM_401 = { error: { code: 'unauthenticated', message: expect.any(String) }, correlationId: expect.any(String) };
const UNIFORM_403 = { error: { code: 'forbidden', message: expect.any(String) }, correlationId: expect.any(String) };

interface Tokens {
  accessToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
  refreshToken: string;
  refreshExpiresIn: number;
}

type AuditRow = Pick<AccessLogRow, 'user_id' | 'role' | 'action' | 'subject_type' | 'subject_id' | 'purpose' | 'outcome'>;

const emailOf = (role: Role) => DEMO_ACCOUNTS.find((a) => a.role === role)!.email;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('sign-in sessions: refresh, logout and revocation', () => {
  let api: TestApi;
  /** a second api process on the same database: a replica behind a load balancer */
  let replica: TestApi;
  let address = 0;

  beforeAll(async () => {
    // one trusted proxy hop, so that each test signs in from addresses of its own (the sign-in throttle counts per address)
    api = await startTestApi({ trustProxyHops: 1 });
    replica = await startTestApi({}, api);
  });
  afterAll(async () => {
    await replica.close();
    await api.close();
  });

  /** A fresh client address (TEST-NET-2), so that one test's failures do not throttle the next. */
  const nextAddress = () => `198.51.100.${++address}`;

  async function signIn(role: Role, from = nextAddress()): Promise<Tokens> {
    return (await request(api.http).post('/api/auth/login').set('X-Forwarded-For', from).send({ email: emailOf(role), password: DEMO_PASSWORD }).expect(200)).body as Tokens;
  }
  const refresh = (refreshToken: unknown, from = nextAddress(), http = api.http) =>
    request(http).post('/api/auth/refresh').set('X-Forwarded-For', from).send({ refreshToken });
  const me = (token: string, http = api.http) => request(http).get('/api/auth/me').set('Authorization', `Bearer ${token}`);
  const logout = (token: string, body: object = {}, http = api.http) => request(http).post('/api/auth/logout').set('Authorization', `Bearer ${token}`).send(body);

  async function userId(role: Role): Promise<string> {
    return ((await api.dataSource.query(`SELECT id FROM identity."user" WHERE email = $1`, [emailOf(role)])) as { id: string }[])[0]!.id;
  }
  async function session(sid: string): Promise<{ revoked_reason: string | null; refresh_hash: string }> {
    return ((await api.dataSource.query(`SELECT revoked_reason, refresh_hash FROM identity.session WHERE id = $1`, [sid])) as { revoked_reason: string | null; refresh_hash: string }[])[0]!;
  }
  async function auditCount(): Promise<number> {
    return ((await api.dataSource.query(`SELECT count(*)::int AS n FROM audit.access_log`)) as { n: number }[])[0]!.n;
  }
  async function auditSince(count: number): Promise<AuditRow[]> {
    return (await api.dataSource.query(
      `SELECT user_id, role, action, subject_type, subject_id, purpose, outcome FROM audit.access_log ORDER BY seq OFFSET $1`,
      [count],
    )) as AuditRow[];
  }
  const sidOf = (tokens: Tokens) => claimsOf(tokens.accessToken).sid as string;

  describe('sign-in', () => {
    it('starts a session: the access token names it (sid) and has a jti; the refresh token is stored only as a hash', async () => {
      const tokens = await signIn('guardian');
      const claims = claimsOf(tokens.accessToken);
      expect(claims).toMatchObject({ sid: expect.stringMatching(/^[0-9a-f-]{36}$/), jti: expect.stringMatching(/^[0-9a-f-]{36}$/), sub: await userId('guardian') });
      expect((claims.exp as number) - (claims.iat as number)).toBe(900);
      const row = await session(sidOf(tokens));
      expect(row).toEqual({ revoked_reason: null, refresh_hash: sha256(tokens.refreshToken) });
      // nowhere in the identity schema is the refresh token itself
      const [{ n }] = (await api.dataSource.query(
        `SELECT count(*)::int AS n FROM identity.session s WHERE s::text LIKE '%' || $1 || '%'`,
        [tokens.refreshToken],
      )) as { n: number }[];
      expect(n).toBe(0);
      // two sign-ins, two sessions, two different jti
      const again = await signIn('guardian');
      expect(sidOf(again)).not.toBe(sidOf(tokens));
      expect(claimsOf(again.accessToken).jti).not.toBe(claims.jti);
    });

    it('answers sign-in and refresh with Cache-Control: no-store', async () => {
      const login = await request(api.http).post('/api/auth/login').set('X-Forwarded-For', nextAddress()).send({ email: emailOf('guardian'), password: DEMO_PASSWORD }).expect(200);
      expect(login.headers['cache-control']).toBe('no-store');
      const refreshed = await refresh(login.body.refreshToken).expect(200);
      expect(refreshed.headers['cache-control']).toBe('no-store');
    });
  });

  describe('POST /api/auth/refresh', () => {
    it('rotates the refresh token: new tokens of the same session, the old refresh token no longer works, audited', async () => {
      const first = await signIn('guardian');
      const before = await auditCount();
      const res = await refresh(first.refreshToken).expect(200);
      const second = res.body as Tokens;
      expect(second).toEqual({ accessToken: expect.any(String), expiresIn: 900, tokenType: 'Bearer', refreshToken: expect.stringMatching(/^[\w-]{43}$/), refreshExpiresIn: 8 * 3600 });
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(sidOf(second)).toBe(sidOf(first));
      await me(second.accessToken).expect(200);
      expect(await auditSince(before)).toEqual([
        { user_id: await userId('guardian'), role: 'guardian', action: 'refresh', subject_type: 'session', subject_id: sidOf(first), purpose: 'authentication', outcome: 'success' },
      ]);
      expect((await session(sidOf(first))).refresh_hash).toBe(sha256(second.refreshToken));
      // and the next rotation works from the new one
      await refresh(second.refreshToken).expect(200);
    });

    it('treats a used refresh token as stolen: 401, the whole session revoked (every token of it), audited', async () => {
      const first = await signIn('provider_staff');
      const second = (await refresh(first.refreshToken).expect(200)).body as Tokens;
      const before = await auditCount();
      const reused = await refresh(first.refreshToken).expect(401);
      expect(reused.body).toEqual(UNIFORM_401);
      expect(reused.body.error.message).not.toMatch(/reuse|used|stolen|revoked/i);
      expect(await auditSince(before)).toEqual([
        { user_id: await userId('provider_staff'), role: null, action: 'refresh_reuse', subject_type: 'session', subject_id: sidOf(first), purpose: 'authentication', outcome: 'failure' },
      ]);
      expect((await session(sidOf(first))).revoked_reason).toBe('refresh_reuse');
      // the thief's or the client's newer tokens are of the same session, and stop working too
      expect((await refresh(second.refreshToken).expect(401)).body).toEqual(UNIFORM_401);
      await me(second.accessToken).expect(401);
      await me(first.accessToken).expect(401);
      // another session of the same user is not touched
      await me((await signIn('provider_staff')).accessToken).expect(200);
    });

    it('refuses an unknown refresh token with the uniform 401, audited without a user', async () => {
      const before = await auditCount();
      const res = await refresh('A'.repeat(43)).expect(401);
      expect(res.body).toEqual(UNIFORM_401);
      expect(await auditSince(before)).toEqual([
        { user_id: null, role: null, action: 'refresh', subject_type: 'session', subject_id: null, purpose: 'authentication', outcome: 'failure' },
      ]);
    });

    it.each([
      ['missing', undefined],
      ['too short', 'abc'],
      ['not a string', 12345],
      ['with characters outside base64url', `${'A'.repeat(42)}+`],
    ])('refuses a refresh token that is %s with 400 naming the field, and writes nothing', async (_, value) => {
      const before = await auditCount();
      const res = await refresh(value).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['refreshToken']);
      expect(await auditCount()).toBe(before);
    });

    it('counts failed refreshes against the client address like failed sign-ins: the 11th within a minute gets 429, even with a good token', async () => {
      const good = await signIn('guardian');
      const from = nextAddress();
      for (let i = 0; i < 10; i++) await refresh(`${'B'.repeat(40)}${String(i).padStart(3, '0')}`, from).expect(401);
      const res = await refresh(good.refreshToken, from).expect(429);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(res.body).not.toHaveProperty('accessToken');
      // the refused attempt did not use the token up
      await refresh(good.refreshToken).expect(200);
    });

    it('refuses a session idle for longer than the idle timeout, and one past its absolute end, at refresh and at once for its access tokens', async () => {
      const idle = await signIn('guardian');
      const ended = await signIn('guardian');
      // the clock is the database's: move the session's ends into the past instead of waiting
      await api.dataSource.query(`UPDATE identity.session SET idle_expires_at = now() - interval '1 second' WHERE id = $1`, [sidOf(idle)]);
      await api.dataSource.query(
        `UPDATE identity.session SET created_at = now() - interval '13 hours', refreshed_at = now() - interval '1 hour',
                idle_expires_at = now() - interval '1 second', expires_at = now() - interval '1 second' WHERE id = $1`,
        [sidOf(ended)],
      );
      for (const tokens of [idle, ended]) {
        expect((await refresh(tokens.refreshToken).expect(401)).body).toEqual(UNIFORM_401);
        expect((await me(tokens.accessToken).expect(401)).body).toEqual(UNIFORM_401);
      }
    });

    it('never lets a refresh outlive the session: near its absolute end the tokens end with it', async () => {
      const tokens = await signIn('guardian');
      await api.dataSource.query(`UPDATE identity.session SET expires_at = now() + interval '120 seconds', idle_expires_at = now() + interval '60 seconds' WHERE id = $1`, [sidOf(tokens)]);
      const refreshed = (await refresh(tokens.refreshToken).expect(200)).body as Tokens;
      expect(refreshed.expiresIn).toBeLessThanOrEqual(120);
      expect(refreshed.expiresIn).toBeGreaterThan(60);
      expect(refreshed.refreshExpiresIn).toBe(refreshed.expiresIn);
      const claims = claimsOf(refreshed.accessToken);
      expect((claims.exp as number) - (claims.iat as number)).toBe(refreshed.expiresIn);
    });

    it('refuses the refresh token of a deactivated account', async () => {
      const tokens = await signIn('expert_member');
      const id = await userId('expert_member');
      await api.dataSource.query(`UPDATE identity."user" SET active = false WHERE id = $1`, [id]);
      try {
        expect((await refresh(tokens.refreshToken).expect(401)).body).toEqual(UNIFORM_401);
      } finally {
        await api.dataSource.query(`UPDATE identity."user" SET active = true WHERE id = $1`, [id]);
      }
      // the refused attempt did not use the token up: after reactivation it works
      await refresh(tokens.refreshToken).expect(200);
    });
  });

  describe('POST /api/auth/logout', () => {
    it('ends the session: its access token stops working at once, in this and in another api process, and its refresh token too; audited', async () => {
      const tokens = await signIn('guardian');
      const other = await signIn('guardian');
      await me(tokens.accessToken).expect(200);
      await me(tokens.accessToken, replica.http).expect(200);
      const before = await auditCount();
      const res = await logout(tokens.accessToken).expect(204);
      expect(res.text).toBe('');
      expect((await me(tokens.accessToken).expect(401)).body).toEqual(UNIFORM_401);
      expect((await me(tokens.accessToken, replica.http).expect(401)).body).toEqual(UNIFORM_401);
      expect((await refresh(tokens.refreshToken).expect(401)).body).toEqual(UNIFORM_401);
      expect((await session(sidOf(tokens))).revoked_reason).toBe('logout');
      expect((await auditSince(before))[0]).toEqual({
        user_id: await userId('guardian'), role: 'guardian', action: 'logout', subject_type: 'session', subject_id: sidOf(tokens), purpose: 'authentication', outcome: 'success',
      });
      // the user's other session goes on
      await me(other.accessToken).expect(200);
      // a second logout with the same token: the session is gone, so is the token
      await logout(tokens.accessToken).expect(401);
    });

    it('accepts the session\'s own refresh token, current or used, in the body', async () => {
      const tokens = await signIn('region_officer');
      await logout(tokens.accessToken, { refreshToken: tokens.refreshToken }).expect(204);
      const first = await signIn('region_officer');
      const second = (await refresh(first.refreshToken).expect(200)).body as Tokens;
      await logout(second.accessToken, { refreshToken: first.refreshToken }).expect(204);
      expect((await session(sidOf(first))).revoked_reason).toBe('logout');
    });

    it('cannot sign out someone else: another user\'s refresh token gets 401, and neither session ends', async () => {
      const mine = await signIn('guardian');
      const theirs = await signIn('provider_staff');
      const before = await auditCount();
      const res = await logout(mine.accessToken, { refreshToken: theirs.refreshToken }).expect(401);
      expect(res.body).toEqual(UNIFORM_401);
      expect(await auditSince(before)).toEqual([
        { user_id: await userId('guardian'), role: 'guardian', action: 'logout', subject_type: 'session', subject_id: sidOf(mine), purpose: 'authentication', outcome: 'failure' },
      ]);
      await me(mine.accessToken).expect(200);
      await me(theirs.accessToken).expect(200);
      expect((await session(sidOf(theirs))).revoked_reason).toBeNull();
      // the other user's refresh token still works for them (and was not used up)
      await refresh(theirs.refreshToken).expect(200);
    });

    it('needs no body (curl -X POST with only the bearer token)', async () => {
      const tokens = await signIn('guardian');
      await request(api.http).post('/api/auth/logout').set('Authorization', `Bearer ${tokens.accessToken}`).expect(204);
      await me(tokens.accessToken).expect(401);
    });

    it('refuses a malformed refresh token with 400 and an anonymous logout with 401', async () => {
      const tokens = await signIn('guardian');
      const bad = await logout(tokens.accessToken, { refreshToken: 'nope' }).expect(400);
      expect(bad.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['refreshToken']);
      await me(tokens.accessToken).expect(200);
      expect((await request(api.http).post('/api/auth/logout').send({}).expect(401)).body).toEqual(UNIFORM_401);
    });
  });

  describe('revocation by an administrator', () => {
    it('POST /api/admin/users/:id/sessions/revoke ends every session of the user at once; they can sign in again; audited', async () => {
      const a = await signIn('expert_member');
      const b = await signIn('expert_member');
      const admin = await signIn('admin');
      const id = await userId('expert_member');
      const before = await auditCount();
      const res = await request(api.http).post(`/api/admin/users/${id}/sessions/revoke`).set('Authorization', `Bearer ${admin.accessToken}`).expect(200);
      expect(res.body).toEqual({ userId: id, active: true, sessionsRevoked: expect.any(Number) });
      expect(res.body.sessionsRevoked).toBeGreaterThanOrEqual(2);
      expect(res.headers['cache-control']).toBe('no-store');
      for (const tokens of [a, b]) {
        await me(tokens.accessToken).expect(401);
        await me(tokens.accessToken, replica.http).expect(401);
        await refresh(tokens.refreshToken).expect(401);
        expect((await session(sidOf(tokens))).revoked_reason).toBe('admin');
      }
      const refused = { user_id: id, role: null, action: 'refresh', subject_type: 'session', purpose: 'authentication', outcome: 'failure' };
      expect(await auditSince(before)).toEqual([
        { user_id: await userId('admin'), role: 'admin', action: 'revoke_sessions', subject_type: 'user', subject_id: id, purpose: 'administration', outcome: 'success' },
        { ...refused, subject_id: sidOf(a) },
        { ...refused, subject_id: sidOf(b) },
      ]);
      // the admin's own session is not touched, and the user can sign in again
      await me(admin.accessToken).expect(200);
      await me((await signIn('expert_member')).accessToken).expect(200);
    });

    it.each(['guardian', 'provider_staff', 'expert_member', 'region_officer'] as const)('refuses a %s with 403: nothing revoked, the refusal audited', async (role) => {
      const victim = await signIn('admin');
      const caller = await signIn(role);
      const id = await userId('admin');
      const before = await auditCount();
      for (const path of ['sessions/revoke', 'deactivate']) {
        const res = await request(api.http).post(`/api/admin/users/${id}/${path}`).set('Authorization', `Bearer ${caller.accessToken}`).expect(403);
        expect(res.body).toEqual(UNIFORM_403);
      }
      await me(victim.accessToken).expect(200);
      expect((await session(sidOf(victim))).revoked_reason).toBeNull();
      const [{ active }] = (await api.dataSource.query(`SELECT active FROM identity."user" WHERE id = $1`, [id])) as { active: boolean }[];
      expect(active).toBe(true);
      // a denial inside the refused transaction is written as soon as that has ended
      const callerId = await userId(role);
      await eventually(async () => {
        const rows = await auditSince(before);
        expect(rows.map((r) => [r.user_id, r.action, r.subject_id, r.outcome])).toEqual([
          [callerId, 'revoke_sessions', id, 'denied'],
          [callerId, 'deactivate', id, 'denied'],
        ]);
      });
    });

    it('answers 401 without a token, 404 for an unknown user and 400 for an id that is not a uuid', async () => {
      const admin = await signIn('admin');
      expect((await request(api.http).post(`/api/admin/users/${await userId('guardian')}/sessions/revoke`).expect(401)).body).toEqual(UNIFORM_401);
      const missing = await request(api.http).post('/api/admin/users/00000000-0000-4000-8000-00000000dead/sessions/revoke').set('Authorization', `Bearer ${admin.accessToken}`).expect(404);
      expect(missing.body.error.code).toBe('not_found');
      await request(api.http).post('/api/admin/users/00000000-0000-4000-8000-00000000dead/deactivate').set('Authorization', `Bearer ${admin.accessToken}`).expect(404);
      await request(api.http).post('/api/admin/users/not-a-uuid/sessions/revoke').set('Authorization', `Bearer ${admin.accessToken}`).expect(400);
    });

    it('POST /api/admin/users/:id/deactivate ends every session and refuses sign-in and refresh from then on; audited', async () => {
      // an account of its own, so that the other tests keep theirs
      const [{ id }] = (await api.dataSource.query(
        `INSERT INTO identity."user" (organisation_id, email, display_name, role, password_hash)
         SELECT organisation_id, 'vertrekker@demo.passend.nl', 'Vertrekker', role, password_hash FROM identity."user" WHERE email = $1 RETURNING id`,
        [emailOf('guardian')],
      )) as { id: string }[];
      const signInLeaver = () => request(api.http).post('/api/auth/login').set('X-Forwarded-For', nextAddress()).send({ email: 'vertrekker@demo.passend.nl', password: DEMO_PASSWORD });
      const tokens = (await signInLeaver().expect(200)).body as Tokens;
      const admin = await signIn('admin');
      const before = await auditCount();
      const res = await request(api.http).post(`/api/admin/users/${id}/deactivate`).set('Authorization', `Bearer ${admin.accessToken}`).expect(200);
      expect(res.body).toEqual({ userId: id, active: false, sessionsRevoked: 1 });
      expect((await session(sidOf(tokens))).revoked_reason).toBe('account_deactivated');
      await me(tokens.accessToken).expect(401);
      await refresh(tokens.refreshToken).expect(401);
      await signInLeaver().expect(401);
      expect((await auditSince(before)).slice(0, 1)).toEqual([
        { user_id: await userId('admin'), role: 'admin', action: 'deactivate', subject_type: 'user', subject_id: id, purpose: 'administration', outcome: 'success' },
      ]);
    });

    it('refuses an administrator deactivating their own account, or the last active administrator, with 409 and nothing changed', async () => {
      const admin = await signIn('admin');
      const adminId = await userId('admin');
      const self = await request(api.http).post(`/api/admin/users/${adminId}/deactivate`).set('Authorization', `Bearer ${admin.accessToken}`).expect(409);
      expect(self.body.error.message).toMatch(/your own account/);
      // a second administrator, the only other one active, tries to remove the first: allowed only while another remains
      const [{ id: second }] = (await api.dataSource.query(
        `INSERT INTO identity."user" (organisation_id, email, display_name, role, password_hash)
         SELECT organisation_id, 'tweede-beheerder@demo.passend.nl', 'Tweede beheerder', 'admin', password_hash FROM identity."user" WHERE id = $1 RETURNING id`,
        [adminId],
      )) as { id: string }[];
      const others = (await api.dataSource.query(`SELECT id FROM identity."user" WHERE role = 'admin' AND active AND id NOT IN ($1, $2)`, [adminId, second])) as { id: string }[];
      await api.dataSource.query(`UPDATE identity."user" SET active = false WHERE id = ANY($1::uuid[])`, [others.map((o) => o.id)]);
      const secondTokens = (await request(api.http).post('/api/auth/login').set('X-Forwarded-For', nextAddress()).send({ email: 'tweede-beheerder@demo.passend.nl', password: DEMO_PASSWORD }).expect(200)).body as Tokens;
      await request(api.http).post(`/api/admin/users/${adminId}/deactivate`).set('Authorization', `Bearer ${secondTokens.accessToken}`).expect(200);
      // now the second is the last one: the first is gone, so only the second's own request could try, and that is refused as self
      const last = await request(api.http).post(`/api/admin/users/${second}/deactivate`).set('Authorization', `Bearer ${secondTokens.accessToken}`).expect(409);
      expect(last.body.error.code).toBe('conflict');
      expect(((await api.dataSource.query(`SELECT active FROM identity."user" WHERE id = $1`, [second])) as { active: boolean }[])[0]!.active).toBe(true);
      // put things back for the tests after this one
      await api.dataSource.query(`UPDATE identity."user" SET active = true WHERE id = ANY($1::uuid[])`, [[adminId, ...others.map((o) => o.id)]]);
      await api.dataSource.query(`UPDATE identity."user" SET active = false WHERE id = $1`, [second]);
    });
  });

  it('puts neither tokens nor e-mail addresses in the audit log', async () => {
    const tokens = await signIn('guardian');
    await refresh(tokens.refreshToken).expect(200);
    const [{ n }] = (await api.dataSource.query(
      `SELECT count(*)::int AS n FROM audit.access_log l WHERE l::text LIKE '%' || $1 || '%' OR l::text LIKE '%@%'`,
      [tokens.refreshToken],
    )) as { n: number }[];
    expect(n).toBe(0);
  });
});
