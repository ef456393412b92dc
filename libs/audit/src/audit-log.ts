import { Injectable, Optional } from '@nestjs/common';
import type { Actor } from '@passend/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { ChainSealer } from './chain-sealer.js';

export type AuditOutcome = 'success' | 'denied' | 'failure';

/** Why the data was accessed (NEN 7513 asks for the purpose); extend as features arrive. */
export type AuditPurpose = 'care' | 'matching' | 'capacity_management' | 'oversight' | 'administration' | 'authentication' | 'audit_review' | 'retention';

export interface AuditEvent {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  purpose: AuditPurpose;
  outcome: AuditOutcome;
  /** the person on whose behalf the access happens, when not the user themself */
  onBehalfOf?: string | null;
}

/** Who acted when there is no signed-in principal (a failed login, a system job). */
export interface AnonymousActor {
  principal?: undefined;
  userId?: string | null;
  clientAddress: string | null;
  correlationId: string | undefined;
}

/**
 * The NEN 7513 access log. Every read or change of a child's record calls `record`; pass the
 * transaction's EntityManager to make the entry part of the change. Time and sequence are set by
 * the database, which takes no lock for it: the entry is chained (hashed) by the ChainSealer once
 * its transaction has ended, so a writer never waits for another one.
 */
@Injectable()
export class AuditLog {
  constructor(
    private readonly dataSource: DataSource,
    @Optional() private readonly sealer?: ChainSealer,
  ) {}

  async record(actor: Actor | AnonymousActor, event: AuditEvent, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const p = actor.principal;
    await manager.query(
      `INSERT INTO audit.access_log
         (user_id, on_behalf_of, organisation_id, role, action, subject_type, subject_id, purpose, outcome, client_address, correlation_id, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, NULL)`,
      [
        p ? p.userId : ((actor as AnonymousActor).userId ?? null),
        event.onBehalfOf ?? null,
        p?.organisationId ?? null,
        p?.role ?? null,
        event.action,
        event.subjectType,
        event.subjectId ?? null,
        event.purpose,
        event.outcome,
        actor.clientAddress,
        actor.correlationId ?? null,
      ],
    );
    this.sealer?.written();
  }
}
