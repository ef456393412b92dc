import { Check, Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A cross-context effect, written in the same transaction as the change that causes it: a
 * command, which the relay turns into one BullMQ job whose jobId is this row's id, or an event,
 * which it turns into one job per subscriber (jobId `<row id>.<subscriber>`).
 *
 * The table is defined by migrations PlatformOutbox1795800000001 and OutboxKind1795800000600; the decorators mirror it
 * (constraint and index names included) so that `npm run migration:generate` finds no drift.
 */
@Entity({ schema: 'platform', name: 'outbox' })
@Unique('outbox_seq_uq', ['seq'])
@Check('outbox_kind_ck', `kind IN ('command', 'event')`)
export class OutboxMessage {
  /** DEFAULT gen_random_uuid() */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'outbox_pk' })
  id!: string;

  @Column({ type: 'bigint' })
  @Generated('increment')
  seq!: string;

  @Column({ type: 'varchar', length: 10, default: 'command' })
  kind!: 'command' | 'event';

  /** the command's or the event's name */
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
