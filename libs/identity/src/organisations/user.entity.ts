import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Role } from '@passend/platform';
import { Organisation } from './organisation.entity.js';

/** Defined by migration Identity1795800000100; the decorators mirror it so that `npm run migration:generate` finds no drift. */
@Entity({ schema: 'identity', name: 'user' })
@Unique('user_email_uq', ['email'])
@Unique('user_oidc_subject_uq', ['oidcSubject'])
@Check('user_email_lower_ck', `email = lower(email)`)
@Check('user_role_ck', `role IN ('guardian','provider_staff','expert_member','region_officer','admin')`)
export class User {
  /** DEFAULT gen_random_uuid() */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'user_pk' })
  id!: string;

  @Index('user_organisation_idx')
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'user_organisation_fk' })
  organisation?: Organisation;

  /** stored lower-case; unique */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName!: string;

  @Column({ type: 'varchar', length: 40 })
  role!: Role;

  /** argon2id; null for accounts that sign in through OIDC only */
  @Column({ name: 'password_hash', type: 'varchar', length: 200, nullable: true, select: false })
  passwordHash!: string | null;

  /** the `sub` of the organisation's identity provider (OIDC); unique */
  @Column({ name: 'oidc_subject', type: 'varchar', length: 200, nullable: true })
  oidcSubject!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
