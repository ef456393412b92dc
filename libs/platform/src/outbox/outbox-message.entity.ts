import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryColumn } from 'typeorm';

/**
 * A cross-context effect, written in the same transaction as the change that causes it. The
 * relay turns each row into a BullMQ job whose jobId is this row's id.
 */
@Entity({ schema: 'platform', name: 'outbox' })
export class OutboxMessage {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' })
  id!: string;

  @Column({ type: 'bigint', unique: true })
  @Generated('increment')
  seq!: string;

  @Column({ name: 'job_name', type: 'varchar', length: 100 })
  jobName!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Index('outbox_pending_idx', { where: 'dispatched_at IS NULL' })
  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt!: Date | null;
}
