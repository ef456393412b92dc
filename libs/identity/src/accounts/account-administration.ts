import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor } from '@passend/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { PrincipalResolver } from '../auth/principal-resolver.js';
import { accountPolicy } from '../domain/account-policy.js';
import { AccessControl } from '../policy/access-control.js';
import { Sessions } from '../sessions/sessions.js';
import type { AccountSessionsResponse } from './accounts.dto.js';

/**
 * What an administrator does to an account as a whole: sign it out everywhere (revoke every
 * session), or deactivate it (which also revokes its sessions). Authorised and audited through
 * AccessControl, so a refusal is logged too.
 */
@Injectable()
export class AccountAdministration {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly sessions: Sessions,
    private readonly principals: PrincipalResolver,
  ) {}

  async revokeSessions(actor: Actor, userId: string): Promise<AccountSessionsResponse> {
    const ended = await this.dataSource.transaction(async (tx) => {
      await this.authorize(actor, 'revoke_sessions', userId, tx);
      const [user] = (await tx.query(`SELECT active FROM identity."user" WHERE id = $1`, [userId])) as { active: boolean }[];
      if (!user) throw DomainError.notFound('User');
      return { active: user.active, sessionIds: await this.sessions.revokeAllOf(userId, 'admin', tx) };
    });
    this.sessions.announceEnded(userId, ended.sessionIds);
    return { userId, active: ended.active, sessionsRevoked: ended.sessionIds.length };
  }

  async deactivate(actor: Actor, userId: string): Promise<AccountSessionsResponse> {
    const sessionIds = await this.dataSource.transaction(async (tx) => {
      await this.authorize(actor, 'deactivate', userId, tx);
      if (userId === actor.principal.userId) throw new DomainError(ErrorCode.Conflict, 'You cannot deactivate your own account: ask another administrator');
      // the administrators, locked in one order, so that two deactivations at once cannot remove the last two
      const admins = ((await tx.query(`SELECT id FROM identity."user" WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`)) as { id: string }[]).map((a) => a.id);
      if (admins.length === 1 && admins[0] === userId) throw new DomainError(ErrorCode.Conflict, 'This is the last active administrator: make another one first');
      const [, updated] = (await tx.query(`UPDATE identity."user" SET active = false WHERE id = $1`, [userId])) as [unknown[], number];
      if (updated === 0) throw DomainError.notFound('User');
      return this.sessions.revokeAllOf(userId, 'account_deactivated', tx);
    });
    this.principals.forget(userId);
    this.sessions.announceEnded(userId, sessionIds);
    return { userId, active: false, sessionsRevoked: sessionIds.length };
  }

  private authorize(actor: Actor, action: 'revoke_sessions' | 'deactivate', userId: string, manager: EntityManager): Promise<void> {
    return this.access.authorize(actor, { policy: accountPolicy, action, record: {}, subjectId: userId, purpose: 'administration', manager });
  }
}
