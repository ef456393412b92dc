import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row of the NEN 7513 access log. Written only by AuditLog.record; never updated. */
@Entity({ schema: 'audit', name: 'access_log' })
export class AccessLogEntry {
  @PrimaryColumn({ type: 'bigint' })
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

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
