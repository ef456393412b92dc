import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from '../organisations/user.entity.js';
import type { SessionEndReason } from '../domain/session.js';

/** Defined by migration Sessions1795800000740; the decorators mirror it so that `npm run migration:generate` finds no drift. */
@Entity({ schema: 'identity', name: 'session' })
@Unique('session_refresh_hash_uq', ['refreshHash'])
@Index('session_user_idx', ['userId'])
@Check('session_refresh_hash_ck', `refresh_hash ~ '^[0-9a-f]{64}$'`)
@Check('session_window_ck', `expires_at > created_at AND idle_expires_at <= expires_at AND refreshed_at >= created_at`)
@Check('session_revoked_ck', `(revoked_at IS NULL) = (revoked_reason IS NULL)`)
@Check('session_revoked_reason_ck', `revoked_reason IN ('logout','refresh_reuse','admin','account_deactivated')`)
export class Session {
  /** DEFAULT gen_random_uuid(); the `sid` of its access tokens */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'session_pk' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'session_user_fk' })
  user?: User;

  /** SHA-256 (hex) of the current refresh token; the token itself is never stored */
  @Column({ name: 'refresh_hash', type: 'char', length: 64, select: false })
  refreshHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** DEFAULT now(): when the refresh token was last rotated */
  @Column({ name: 'refreshed_at', type: 'timestamptz', default: () => 'now()' })
  refreshedAt!: Date;

  @Column({ name: 'idle_expires_at', type: 'timestamptz' })
  idleExpiresAt!: Date;

  @Index('session_expires_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_reason', type: 'varchar', length: 40, nullable: true })
  revokedReason!: SessionEndReason | null;
}

/** A refresh token that has been exchanged once: presenting it again ends its session. */
@Entity({ schema: 'identity', name: 'used_refresh_token' })
@Check('used_refresh_token_hash_ck', `token_hash ~ '^[0-9a-f]{64}$'`)
export class UsedRefreshToken {
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64, primaryKeyConstraintName: 'used_refresh_token_pk' })
  tokenHash!: string;

  @Index('used_refresh_token_session_idx')
  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => Session, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'used_refresh_token_session_fk' })
  session?: Session;

  @Column({ name: 'used_at', type: 'timestamptz', default: () => 'now()' })
  usedAt!: Date;
}
