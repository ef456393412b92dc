import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in sessions (issue #8): a password sign-in starts a session; its short-lived access tokens
 * name it (`sid`) and stop working the moment it is revoked, and its refresh token is rotated on
 * every use. Only SHA-256 hashes of refresh tokens are stored. A refresh token that was used
 * once is kept in `used_refresh_token`, so that presenting it again (a copy in someone else's
 * hands) is recognised and ends the whole session.
 *
 * - `idle_expires_at`: the session ends when not refreshed before then (moved on by each refresh,
 *   never past `expires_at`);
 * - `expires_at`: the absolute end, however often it is refreshed;
 * - `revoked_at` / `revoked_reason`: ended early (logout, reuse of a refresh token, an admin,
 *   the account's deactivation), both set or neither.
 */
export class Sessions1795800000740 implements MigrationInterface {
  name = 'Sessions1795800000740';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE identity.session (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL,
      refresh_hash char(64) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      refreshed_at timestamptz NOT NULL DEFAULT now(),
      idle_expires_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz NULL,
      revoked_reason varchar(40) NULL,
      CONSTRAINT session_pk PRIMARY KEY (id),
      CONSTRAINT session_refresh_hash_uq UNIQUE (refresh_hash),
      CONSTRAINT session_user_fk FOREIGN KEY (user_id) REFERENCES identity."user"(id) ON DELETE CASCADE,
      CONSTRAINT session_refresh_hash_ck CHECK (refresh_hash ~ '^[0-9a-f]{64}$'),
      CONSTRAINT session_window_ck CHECK (expires_at > created_at AND idle_expires_at <= expires_at AND refreshed_at >= created_at),
      CONSTRAINT session_revoked_ck CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL)),
      CONSTRAINT session_revoked_reason_ck CHECK (revoked_reason IN ('logout','refresh_reuse','admin','account_deactivated'))
    )`);
    await q.query(`CREATE INDEX session_user_idx ON identity.session (user_id)`);
    await q.query(`CREATE INDEX session_expires_idx ON identity.session (expires_at)`);
    await q.query(`CREATE TABLE identity.used_refresh_token (
      token_hash char(64) NOT NULL,
      session_id uuid NOT NULL,
      used_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT used_refresh_token_pk PRIMARY KEY (token_hash),
      CONSTRAINT used_refresh_token_session_fk FOREIGN KEY (session_id) REFERENCES identity.session(id) ON DELETE CASCADE,
      CONSTRAINT used_refresh_token_hash_ck CHECK (token_hash ~ '^[0-9a-f]{64}$')
    )`);
    await q.query(`CREATE INDEX used_refresh_token_session_idx ON identity.used_refresh_token (session_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.used_refresh_token`);
    await q.query(`DROP TABLE identity.session`);
  }
}
