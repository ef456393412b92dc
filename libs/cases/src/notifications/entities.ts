import { Organisation, User } from '@passend/identity';
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Milestone } from '../domain/norm-clock.js';
import { MeasureRecord } from '../entities.js';

// Defined by migration Notifications1795800000510 (the team-lead trigger lives there only). The
// decorators mirror the tables, constraint and index names included, so that the schema-drift test
// finds nothing. Services write through SQL; these classes describe.

export const NOTIFICATION_KINDS = ['due_soon', 'overdue'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A guardian who leads the team of a certified institution: receives the norm notifications of all its cases. */
@Entity({ schema: 'cases', name: 'team_lead' })
export class TeamLeadRecord {
  @ForeignKey(() => Organisation, { name: 'team_lead_institution_fk', onDelete: 'RESTRICT' })
  @PrimaryColumn({ name: 'institution_id', type: 'uuid', primaryKeyConstraintName: 'team_lead_pk' })
  institutionId!: string;
  @Index('team_lead_user_idx')
  @ForeignKey(() => User, { name: 'team_lead_user_fk', onDelete: 'RESTRICT' })
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'team_lead_pk' })
  userId!: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}

/** A milestone due soon or overdue, for one recipient: ids, codes and dates only. */
@Entity({ schema: 'cases', name: 'notification' })
@Unique('notification_once_uq', ['recipientUserId', 'measureId', 'milestone', 'kind'])
@Check('notification_milestone_ck', `milestone IN ('permanent_guardian','agreed_course','fitting_help')`)
@Check('notification_kind_ck', `kind IN ('due_soon','overdue')`)
@Check('notification_read_ck', `read_at IS NULL OR read_at >= created_at`)
@Index('notification_recipient_idx', ['recipientUserId', 'createdAt'])
@Index('notification_unread_idx', ['recipientUserId'], { where: 'read_at IS NULL' })
export class NotificationRecord {
  /** DEFAULT gen_random_uuid() */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'notification_pk' }) id!: string;
  @ForeignKey(() => User, { name: 'notification_recipient_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'recipient_user_id', type: 'uuid' })
  recipientUserId!: string;
  @Index('notification_measure_idx')
  @ForeignKey(() => MeasureRecord, { name: 'notification_measure_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'measure_id', type: 'uuid' })
  measureId!: string;
  @Column({ type: 'varchar', length: 30 }) milestone!: Milestone;
  @Column({ type: 'varchar', length: 10 }) kind!: NotificationKind;
  @Column({ name: 'due_on', type: 'date' }) dueOn!: string;
  /** the Amsterdam day of the check that made it */
  @Column({ name: 'created_on', type: 'date' }) createdOn!: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt!: Date | null;
}

export const NOTIFICATION_ENTITIES = [TeamLeadRecord, NotificationRecord];
