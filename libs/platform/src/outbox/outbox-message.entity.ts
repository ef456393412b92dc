import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A cross-context effect, written in the same transaction as the change that causes it. The
 * relay turns each row into a BullMQ job whose jobId is this row's id.
 *
 * The table is defined by migration PlatformOutbox1795800000001; the decorators mirror it
 * (constraint and index names included) so that `npm run migration:generate` finds no drift.
 */
@Entity({ schema: 'platform', name: 'outbox' })
@Unique('outbox_seq_uq', ['seq'])
export class OutboxMessage {
  /** DEFAULT gen_random_uuid() */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'outbox_pk' })
  id!: string;

  @Column({ type: 'bigint' })
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
