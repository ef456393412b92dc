import { Injectable } from '@nestjs/common';
import { AuditLog, type AuditEvent, type AuditPurpose } from '@passend/audit';
import { DomainError, type Actor } from '@passend/platform';
import type { EntityManager } from 'typeorm';
import { isAllowed, type Policy } from '../domain/policy.js';

export interface AccessRequest<R, A extends string> {
  policy: Policy<R, A>;
  action: A;
  record: R;
  subjectId: string | null;
  purpose: AuditPurpose;
  manager?: EntityManager;
}

/**
 * The one place where a record-level decision is made and logged: allowed or denied, the access
 * goes to the audit log with its purpose; denied throws 403.
 */
@Injectable()
export class AccessControl {
  constructor(private readonly auditLog: AuditLog) {}

  async authorize<R, A extends string>(actor: Actor, request: AccessRequest<R, A>): Promise<void> {
    const allowed = isAllowed(request.policy, actor.principal, request.action, request.record);
    if (allowed) {
      // part of the caller's change: kept when it commits, gone when it rolls back
      await this.auditLog.record(actor, this.eventOf(request, 'success'), request.manager);
      return;
    }
    await this.deny(actor, request);
  }

  /**
   * The decision before a change is checked and written: a denial is logged and throws 403 here,
   * as authorize() does; an allowed access is not logged yet. The change then calls authorize()
   * with its transaction's manager, so that a change refused by its own checks (400, 409) leaves
   * no "success" entry behind.
   */
  async check<R, A extends string>(actor: Actor, request: Omit<AccessRequest<R, A>, 'manager'>): Promise<void> {
    if (!isAllowed(request.policy, actor.principal, request.action, request.record)) await this.deny(actor, request);
  }

  private eventOf<R, A extends string>(request: Omit<AccessRequest<R, A>, 'manager'>, outcome: AuditEvent['outcome']): AuditEvent {
    return { action: request.action, subjectType: request.policy.subjectType, subjectId: request.subjectId, purpose: request.purpose, outcome };
  }

  private async deny<R, A extends string>(actor: Actor, request: AccessRequest<R, A>): Promise<never> {
    const event = this.eventOf(request, 'denied');
    // A denial is logged outside the caller's transaction, which is about to roll back, and awaited:
    // writing an entry takes no lock (the chain is sealed after commit), so this never waits for the
    // caller's own transaction, and the 403 goes out only once the denial is on record.
    await this.auditLog.record(actor, event);
    throw DomainError.forbidden(`You may not ${request.action} this ${request.policy.subjectType}`);
  }
}
