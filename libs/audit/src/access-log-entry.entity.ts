import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row of the NEN 7513 access log. Written only by AuditLog.record; never updated.
 *
 * Defined by migrations AuditAccessLog1795800000200, AuditChainHead1795800000201 and
 * AuditChainSealedAfterCommit1795800000730 (triggers, the sealer,
 * sequence, grants and the chain head table audit.access_log_head live there only); the
 * decorators mirror the table so that `npm run migration:generate` finds no drift.
 */
@Entity({ schema: 'audit', name: 'access_log' })
@Check('access_log_outcome_ck', `outcome IN ('success','denied','failure')`)
@Index('access_log_subject_idx', ['subjectType', 'subjectId', 'seq'])
@Check('access_log_sealed_ck', `(hash IS NULL AND prev_hash IS NULL AND chain_pos IS NULL) OR (hash IS NOT NULL AND prev_hash IS NOT NULL AND chain_pos IS NOT NULL)`)
@Index('access_log_user_idx', ['userId', 'seq'])
@Index('access_log_chain_pos_uq', ['chainPos'], { unique: true })
@Index('access_log_unsealed_idx', ['seq'], { where: 'hash IS NULL' })
export class AccessLogEntry {
  /** set by the insert trigger from audit.access_log_seq */
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'access_log_pk' })
  seq!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'on_behalf_of', type: 'varchar', length: 200, nullable: true })
  onBehalfOf!: string | null;

  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  role!: string | null;

  @Column({ type: 'varchar', length: 60 })
  action!: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 60 })
  subjectType!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 100, nullable: true })
  subjectId!: string | null;

  @Column({ type: 'varchar', length: 200 })
  purpose!: string;

  @Column({ type: 'varchar', length: 20 })
  outcome!: 'success' | 'denied' | 'failure';

  @Column({ name: 'client_address', type: 'varchar', length: 64, nullable: true })
  clientAddress!: string | null;

  @Column({ name: 'correlation_id', type: 'varchar', length: 100, nullable: true })
  correlationId!: string | null;

  /** the entry's place in the hash chain; null (with the hashes) until sealed, normally within a second */
  @Column({ name: 'chain_pos', type: 'bigint', nullable: true })
  chainPos!: string | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64, nullable: true })
  prevHash!: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  hash!: string | null;
}
