import { Injectable } from '@nestjs/common';
import { AuditLog, type AuditPurpose } from '@passend/audit';
import { DomainError, type Actor } from '@passend/platform';
import type { EntityManager } from 'typeorm';
import { isAllowed, type Policy } from './policy.js';

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
    await this.auditLog.record(
      actor,
      {
        action: request.action,
        subjectType: request.policy.subjectType,
        subjectId: request.subjectId,
        purpose: request.purpose,
        outcome: allowed ? 'success' : 'denied',
      },
      // a denial is logged outside the caller's transaction, which is about to roll back
      allowed ? request.manager : undefined,
    );
    if (!allowed) throw DomainError.forbidden(`You may not ${request.action} this ${request.policy.subjectType}`);
  }
}
