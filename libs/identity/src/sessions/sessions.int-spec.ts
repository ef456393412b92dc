import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditLog } from '@passend/audit';
import type { Principal } from '@passend/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@passend/testing';
import { DataSource } from 'typeorm';
import { passendDataSourceOptions } from '../../../../apps/shared/data-source.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { PrincipalResolver } from '../auth/principal-resolver.js';
import { TokenService } from '../auth/token.service.js';
import { SessionDirectory, type SessionsEnded } from './session-directory.js';
import { Sessions } from './sessions.js';

describe('sessions in the database', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let sessions: Sessions;
  let directory: SessionDirectory;
  let tokens: TokenService;
  let principals: PrincipalResolver;
  let principal: Principal;
  const announced: SessionsEnded[] = [];
  let address = 0;
  const attempt = (refreshToken: string) => ({ refreshToken, clientAddress: `192.0.2.${++address}`, correlationId: 'sessions-int' });

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource({ ...passendDataSourceOptions({ databaseUrl: db.url }, 'sessions-int-spec'), logging: false });
    await ds.initialize();
    const config = testConfig(db.url, { sessions: { idleSeconds: 3600, maxSeconds: 7200 } });
    tokens = new TokenService(config);
    directory = new SessionDirectory(ds);
    directory.ended.subscribe((ended) => announced.push(ended));
    principals = new PrincipalResolver(ds);
    sessions = new Sessions(ds, config, tokens, new AuditLog(ds), new LoginThrottle(ds, config), directory);
    const [org] = (await ds.query(`INSERT INTO identity.organisation (kind, name) VALUES ('certified_institution', 'GI') RETURNING id`)) as { id: string }[];
    const [user] = (await ds.query(
      `INSERT INTO identity."user" (organisation_id, email, display_name, role) VALUES ($1, 'sessie@example.nl', 'Sessie', 'guardian') RETURNING id`,
      [org!.id],
    )) as { id: string }[];
    principal = { userId: user!.id, role: 'guardian', organisationId: org!.id, organisationKind: 'certified_institution' };
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const sidOf = (accessToken: string) => JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()).sid as string;
  const reasonOf = async (sid: string) =>
    ((await ds.query(`SELECT revoked_reason FROM identity.session WHERE id = $1`, [sid])) as { revoked_reason: string | null }[])[0]!.revoked_reason;

  it('starts a session with the configured idle and absolute ends, taken from the database clock', async () => {
    const started = await sessions.start(principal);
    expect(started.refreshExpiresIn).toBe(3600);
    const [row] = (await ds.query(
      `SELECT extract(epoch FROM idle_expires_at - created_at)::int AS idle, extract(epoch FROM expires_at - created_at)::int AS max FROM identity.session WHERE id = $1`,
      [sidOf(started.accessToken)],
    )) as { idle: number; max: number }[];
    expect(row).toEqual({ idle: 3600, max: 7200 });
  });

  it('lets exactly one of two simultaneous refreshes with the same token through, and then treats the token as stolen', async () => {
    const started = await sessions.start(principal);
    const results = await Promise.allSettled([sessions.refresh(attempt(started.refreshToken)), sessions.refresh(attempt(started.refreshToken))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'unauthenticated' });
    expect(await reasonOf(sidOf(started.accessToken))).toBe('refresh_reuse');
    expect(announced).toContainEqual({ userId: principal.userId, sessionIds: [sidOf(started.accessToken)] });
  });

  it('revokes every live session of a user, leaves ended ones as they were, and names the live ones', async () => {
    const a = sidOf((await sessions.start(principal)).accessToken);
    const b = sidOf((await sessions.start(principal)).accessToken);
    const loggedOut = sidOf((await sessions.start(principal)).accessToken);
    await ds.query(`UPDATE identity.session SET revoked_at = now(), revoked_reason = 'logout' WHERE id = $1`, [loggedOut]);
    expect(await directory.liveSessionIds([a, b, loggedOut])).toEqual(new Set([a, b]));
    const revoked = await ds.transaction((tx) => sessions.revokeAllOf(principal.userId, 'admin', tx));
    expect(revoked).toEqual(expect.arrayContaining([a, b]));
    expect(revoked).not.toContain(loggedOut);
    expect([await reasonOf(a), await reasonOf(b), await reasonOf(loggedOut)]).toEqual(['admin', 'admin', 'logout']);
    expect(await directory.liveSessionIds([a, b])).toEqual(new Set());
  });

  it('resolves a token only while its session is live: revocation counts with the very next request, without a cache', async () => {
    const started = await sessions.start(principal);
    const verified = (await tokens.verify(started.accessToken))!;
    expect(await principals.resolve(verified)).toEqual(principal);
    await ds.query(`UPDATE identity.session SET revoked_at = now(), revoked_reason = 'logout' WHERE id = $1`, [sidOf(started.accessToken)]);
    expect(await principals.resolve(verified)).toBeUndefined();
  });

  it('refuses what the table must never hold: a refresh token in clear, a half-revoked session, an idle end past the absolute end', async () => {
    const insert = (hash: string, idle: string, revoked: string) =>
      ds.query(
        `INSERT INTO identity.session (user_id, refresh_hash, idle_expires_at, expires_at, revoked_at, revoked_reason)
         VALUES ($1, $2, now() + interval '${idle}', now() + interval '2 hours', ${revoked})`,
        [principal.userId, hash],
      );
    const hash = 'a'.repeat(64);
    await expect(insert('A'.repeat(43), '1 hour', 'NULL, NULL')).rejects.toThrow(/session_refresh_hash_ck/);
    await expect(insert(hash, '1 hour', `now(), NULL`)).rejects.toThrow(/session_revoked_ck/);
    await expect(insert(hash, '1 hour', `now(), 'because'`)).rejects.toThrow(/session_revoked_reason_ck/);
    await expect(insert(hash, '3 hours', 'NULL, NULL')).rejects.toThrow(/session_window_ck/);
  });
});
