import { Injectable } from '@nestjs/common';
import { AuditLog, type AuditEvent } from '@passend/audit';
import { DomainError, ErrorCode, InjectConfig, type Actor, type OrganisationKind, type PassendConfig, type Principal, type Role } from '@passend/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { LoginThrottle } from '../auth/login-throttle.js';
import { TokenService } from '../auth/token.service.js';
import { accessTokenSeconds, DEFAULT_SESSION_LIMITS, secondsUntil, sessionState, type SessionEndReason, type SessionLimits } from '../domain/session.js';
import { newRefreshToken, refreshTokenHash } from './refresh-token.js';
import { SessionDirectory } from './session-directory.js';

/** What a sign-in or a refresh hands out. */
export interface SessionTokens {
  accessToken: string;
  /** seconds until the access token expires */
  expiresIn: number;
  /** opaque; exchanged once at POST /api/auth/refresh for new tokens */
  refreshToken: string;
  /** seconds until the refresh token stops working unless used (the idle timeout, or the session's end when sooner) */
  refreshExpiresIn: number;
}

export interface RefreshAttempt {
  refreshToken: string;
  clientAddress: string;
  correlationId: string | undefined;
}

/** Ended sessions are kept this long, so that a refresh token of one is still recognised as reused. */
const ENDED_SESSION_MEMORY = `interval '30 days'`;

/** One answer for every refused refresh: it does not say whether the token was unknown, expired, used or revoked. */
const REFUSED = 'The refresh token is not valid; sign in again';

const AUTHENTICATION = { subjectType: 'session', purpose: 'authentication' } as const;

interface SessionRow {
  id: string;
  user_id: string;
  idle_expires_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  now: Date;
  active: boolean;
  role: Role;
  organisation_id: string;
  kind: OrganisationKind;
}

type RefreshOutcome =
  | { kind: 'rotated'; tokens: SessionTokens }
  | { kind: 'refused' }
  | { kind: 'reused'; userId: string; sessionId: string; revoked: boolean };

/**
 * Sign-in sessions. A password sign-in starts one; it hands out a short-lived access token that
 * names the session (`sid`) and an opaque refresh token, of which only a hash is stored. Each
 * refresh rotates the refresh token (the old one stops working). A refresh token presented a
 * second time means two parties hold it (the client and a thief, or a client that sent it twice
 * at once): the whole session is revoked, and the event is audited. A session ends when not
 * refreshed for the idle timeout, at its absolute end, at logout, when an admin revokes it and
 * when the account is deactivated; its access tokens stop working at once (the auth guard looks
 * the session up with every request). The database's clock decides every expiry.
 */
@Injectable()
export class Sessions {
  private readonly limits: SessionLimits;

  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: PassendConfig,
    private readonly tokens: TokenService,
    private readonly auditLog: AuditLog,
    private readonly throttle: LoginThrottle,
    private readonly directory: SessionDirectory,
  ) {
    this.limits = config.sessions ?? DEFAULT_SESSION_LIMITS;
  }

  /** Starts a session for a principal who has just proved who they are (in the caller's transaction), and issues its first tokens. */
  async start(principal: Principal, manager: EntityManager = this.dataSource.manager): Promise<SessionTokens> {
    const refreshToken = newRefreshToken();
    // long-ended sessions of this user go (with their used refresh tokens)
    await manager.query(`DELETE FROM identity.session WHERE user_id = $1 AND expires_at < now() - ${ENDED_SESSION_MEMORY}`, [principal.userId]);
    const [row] = (await manager.query(
      `INSERT INTO identity.session (user_id, refresh_hash, idle_expires_at, expires_at)
       VALUES ($1, $2, now() + make_interval(secs => least($3::int, $4::int)), now() + make_interval(secs => $4::int))
       RETURNING id, idle_expires_at, expires_at, now() AS now`,
      [principal.userId, refreshTokenHash(refreshToken), this.limits.idleSeconds, this.limits.maxSeconds],
    )) as { id: string; idle_expires_at: Date; expires_at: Date; now: Date }[];
    return this.tokensFor(principal, row!.id, refreshToken, row!);
  }

  /** Exchanges a refresh token for new tokens, or throws 401 (the same for every reason) or 429. */
  async refresh(attempt: RefreshAttempt): Promise<SessionTokens> {
    // counted as a failure of this address until it succeeds: the limit of password sign-in applies
    const reservation = await this.throttle.reserveAddress(attempt.clientAddress);
    const hash = refreshTokenHash(attempt.refreshToken);
    const who = { clientAddress: attempt.clientAddress, correlationId: attempt.correlationId };
    const outcome = await this.dataSource.transaction(async (tx): Promise<RefreshOutcome> => {
      const [current] = (await tx.query(
        `SELECT s.id, s.user_id, s.idle_expires_at, s.expires_at, s.revoked_at, now() AS now, u.active, u.role, u.organisation_id, o.kind
           FROM identity.session s JOIN identity."user" u ON u.id = s.user_id JOIN identity.organisation o ON o.id = u.organisation_id
          WHERE s.refresh_hash = $1 FOR UPDATE OF s`,
        [hash],
      )) as SessionRow[];
      if (current) {
        if (sessionState({ idleExpiresAt: current.idle_expires_at, expiresAt: current.expires_at, revokedAt: current.revoked_at }, current.now) !== 'live' || !current.active) {
          await this.auditLog.record({ ...who, userId: current.user_id }, { ...AUTHENTICATION, action: 'refresh', subjectId: current.id, outcome: 'failure' }, tx);
          return { kind: 'refused' };
        }
        const principal: Principal = { userId: current.user_id, role: current.role, organisationId: current.organisation_id, organisationKind: current.kind };
        const refreshToken = newRefreshToken();
        await tx.query(`INSERT INTO identity.used_refresh_token (token_hash, session_id) VALUES ($1, $2)`, [hash, current.id]);
        // an UPDATE answers [rows, count]
        const [[rotated]] = (await tx.query(
          `UPDATE identity.session SET refresh_hash = $2, refreshed_at = now(), idle_expires_at = least(now() + make_interval(secs => $3::int), expires_at)
            WHERE id = $1 RETURNING idle_expires_at, expires_at, now() AS now`,
          [current.id, refreshTokenHash(refreshToken), this.limits.idleSeconds],
        )) as [{ idle_expires_at: Date; expires_at: Date; now: Date }[], number];
        await this.auditLog.record({ ...who, principal }, { ...AUTHENTICATION, action: 'refresh', subjectId: current.id, outcome: 'success' }, tx);
        return { kind: 'rotated', tokens: await this.tokensFor(principal, current.id, refreshToken, rotated!) };
      }
      const [used] = (await tx.query(
        `SELECT s.id, s.user_id FROM identity.used_refresh_token t JOIN identity.session s ON s.id = t.session_id WHERE t.token_hash = $1 FOR UPDATE OF s`,
        [hash],
      )) as { id: string; user_id: string }[];
      if (used) {
        const revoked = await this.revokeWhere(tx, `id = $1`, [used.id], 'refresh_reuse');
        await this.auditLog.record({ ...who, userId: used.user_id }, { ...AUTHENTICATION, action: 'refresh_reuse', subjectId: used.id, outcome: 'failure' }, tx);
        return { kind: 'reused', userId: used.user_id, sessionId: used.id, revoked: revoked.length > 0 };
      }
      await this.auditLog.record({ ...who, userId: null }, { ...AUTHENTICATION, action: 'refresh', subjectId: null, outcome: 'failure' }, tx);
      return { kind: 'refused' };
    });
    if (outcome.kind === 'rotated') {
      await this.throttle.release(reservation);
      return outcome.tokens;
    }
    if (outcome.kind === 'reused' && outcome.revoked) this.directory.announce({ userId: outcome.userId, sessionIds: [outcome.sessionId] });
    throw new DomainError(ErrorCode.Unauthenticated, REFUSED);
  }

  /**
   * Ends the actor's own session (`sessionId`, from their access token). A refresh token in the
   * request must be of the same session: otherwise 401, and nothing is revoked.
   */
  async logout(actor: Actor, sessionId: string, refreshToken: string | undefined): Promise<void> {
    const event: Omit<AuditEvent, 'outcome'> = { ...AUTHENTICATION, action: 'logout', subjectId: sessionId };
    const ended = await this.dataSource.transaction(async (tx) => {
      if (refreshToken !== undefined) {
        const hash = refreshTokenHash(refreshToken);
        const [own] = (await tx.query(
          `SELECT 1 FROM identity.session WHERE id = $1 AND refresh_hash = $2
           UNION ALL SELECT 1 FROM identity.used_refresh_token WHERE session_id = $1 AND token_hash = $2`,
          [sessionId, hash],
        )) as unknown[];
        if (!own) {
          await this.auditLog.record(actor, { ...event, outcome: 'failure' }, tx);
          return undefined;
        }
      }
      const revoked = await this.revokeWhere(tx, `id = $1 AND user_id = $2`, [sessionId, actor.principal.userId], 'logout');
      await this.auditLog.record(actor, { ...event, outcome: 'success' }, tx);
      return revoked;
    });
    if (!ended) throw new DomainError(ErrorCode.Unauthenticated, 'The refresh token is not of this session; nothing was signed out');
    this.directory.announce({ userId: actor.principal.userId, sessionIds: ended });
  }

  /** Revokes every live session of a user in the caller's transaction; returns their ids. Call `announceEnded` after the commit. */
  revokeAllOf(userId: string, reason: SessionEndReason, manager: EntityManager): Promise<string[]> {
    return this.revokeWhere(manager, `user_id = $1`, [userId], reason);
  }

  /** Tells this process's listeners (open live streams) about sessions revoked in a committed transaction. */
  announceEnded(userId: string, sessionIds: readonly string[]): void {
    this.directory.announce({ userId, sessionIds });
  }

  private async revokeWhere(manager: EntityManager, where: string, params: unknown[], reason: SessionEndReason): Promise<string[]> {
    const [rows] = (await manager.query(
      `UPDATE identity.session SET revoked_at = now(), revoked_reason = $${params.length + 1}
        WHERE ${where} AND revoked_at IS NULL RETURNING id`,
      [...params, reason],
    )) as [{ id: string }[], number];
    return rows.map((r) => r.id);
  }

  private async tokensFor(principal: Principal, sessionId: string, refreshToken: string, times: { idle_expires_at: Date; expires_at: Date; now: Date }): Promise<SessionTokens> {
    const access = await this.tokens.issue(
      { sub: principal.userId, role: principal.role, org: principal.organisationId, orgKind: principal.organisationKind, sid: sessionId },
      accessTokenSeconds(this.config.jwt.ttlSeconds, times.expires_at, times.now),
    );
    return { ...access, refreshToken, refreshExpiresIn: secondsUntil(times.idle_expires_at, times.now) };
  }
}
