import { Injectable } from '@nestjs/common';
import { AuditLog } from '@passend/audit';
import { DomainError, ErrorCode, type OrganisationKind, type Role } from '@passend/platform';
import { DataSource } from 'typeorm';
import { LoginThrottle } from './login-throttle.js';
import { DUMMY_HASH_PROMISE, passwordMatches } from './password.js';
import { Sessions, type SessionTokens } from '../sessions/sessions.js';

export interface LoginAttempt {
  email: string;
  password: string;
  clientAddress: string;
  correlationId: string | undefined;
}

/**
 * Password sign-in: throttled per account (back-off) and per address, the same answer for an
 * unknown e-mail and a wrong password, audited either way. A success starts a session.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly throttle: LoginThrottle,
    private readonly sessions: Sessions,
    private readonly auditLog: AuditLog,
  ) {}

  async login(attempt: LoginAttempt): Promise<SessionTokens> {
    // counted as a failure from here on, unless it succeeds; a locked account or address gets 429 before its password is checked
    const reservation = await this.throttle.reserve(attempt.clientAddress, attempt.email);
    const rows = (await this.dataSource.query(
      `SELECT u.id, u.role, u.password_hash, u.organisation_id, o.kind
         FROM identity."user" u JOIN identity.organisation o ON o.id = u.organisation_id
        WHERE u.email = $1 AND u.active`,
      [attempt.email.trim().toLowerCase()],
    )) as { id: string; role: Role; password_hash: string | null; organisation_id: string; kind: OrganisationKind }[];
    const user = rows[0];
    const valid = await passwordMatches(user?.password_hash ?? (await DUMMY_HASH_PROMISE), attempt.password);
    const who = { userId: user?.id ?? null, clientAddress: attempt.clientAddress, correlationId: attempt.correlationId };
    if (!user || !user.password_hash || !valid) {
      await this.auditLog.record(who, { action: 'login', subjectType: 'user', subjectId: user?.id ?? null, purpose: 'authentication', outcome: 'failure' });
      throw new DomainError(ErrorCode.Unauthenticated, 'E-mail address or password is not correct');
    }
    await this.throttle.release(reservation);
    const principal = { userId: user.id, role: user.role, organisationId: user.organisation_id, organisationKind: user.kind };
    return this.dataSource.transaction(async (tx) => {
      await this.auditLog.record(
        { principal, clientAddress: attempt.clientAddress, correlationId: attempt.correlationId },
        { action: 'login', subjectType: 'user', subjectId: user.id, purpose: 'authentication', outcome: 'success' },
        tx,
      );
      return this.sessions.start(principal, tx);
    });
  }
}
