import { Injectable } from '@nestjs/common';
import { AccessControl } from '@passend/identity';
import { DomainError, ErrorCode, type Actor } from '@passend/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { MeasureStatus } from '../entities.js';
import { casePolicy, type CaseAction } from './case-policy.js';

/** What access decisions and norm checks need of a measure: no personal data. */
export interface MeasureHead {
  id: string;
  childId: string;
  institutionId: string;
  status: MeasureStatus;
  rulingDate: string;
  urgentHelpDueOn: string | null;
}

const HEAD = `SELECT id, child_id AS "childId", institution_id AS "institutionId", status, ruling_date::text AS "rulingDate",
                     urgent_help_due_on::text AS "urgentHelpDueOn" FROM cases.measure
               WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM cases.child c WHERE c.id = child_id AND c.anonymised_at IS NOT NULL)`;

/**
 * The way into a case: find the measure (404, also once its child's record is anonymised after
 * the retention term), decide with the case policy and log the access
 * with purpose 'care' (403 when denied, also logged). Changes run in one transaction that locks
 * the measure, so the access entry, the change, its timeline events and its outbox job commit or
 * roll back together, and two changes to one case never interleave.
 */
@Injectable()
export class CaseAccess {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
  ) {}

  async forRead(actor: Actor, measureId: string, action: Extract<CaseAction, 'read' | 'read_timeline'>): Promise<MeasureHead> {
    const head = await this.head(this.dataSource.manager, measureId, false);
    await this.access.authorize(actor, { policy: casePolicy, action, record: head, subjectId: head.id, purpose: 'care' });
    return head;
  }

  async change<T>(actor: Actor, measureId: string, action: CaseAction, work: (manager: EntityManager, head: MeasureHead) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const head = await this.head(manager, measureId, true);
      await this.access.authorize(actor, { policy: casePolicy, action, record: head, subjectId: head.id, purpose: 'care', manager });
      if (head.status !== 'open') throw new DomainError(ErrorCode.Conflict, 'This case is closed: it can no longer change');
      return work(manager, head);
    });
  }

  private async head(manager: EntityManager, measureId: string, lock: boolean): Promise<MeasureHead> {
    const rows = (await manager.query(lock ? `${HEAD} FOR UPDATE` : HEAD, [measureId])) as MeasureHead[];
    if (!rows[0]) throw DomainError.notFound('Case');
    return rows[0];
  }
}
