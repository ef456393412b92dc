import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-account back-off for password sign-in (issue #8): consecutive failures per account, keyed
 * by a SHA-256 of the normalised e-mail address (also for addresses without an account, so the
 * table neither stores typed e-mail addresses nor tells which exist). `locked_until` is when the
 * next attempt may run; a success deletes the row. No entity: only LoginThrottle reads it, in SQL.
 */
export class LoginBackoff1795800000640 implements MigrationInterface {
  name = 'LoginBackoff1795800000640';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE identity.login_backoff (
      account_key char(64) NOT NULL,
      failures integer NOT NULL,
      last_failed_at timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz NULL,
      CONSTRAINT login_backoff_pk PRIMARY KEY (account_key),
      CONSTRAINT login_backoff_failures_ck CHECK (failures > 0)
    )`);
    await q.query(`CREATE INDEX login_backoff_last_failed_idx ON identity.login_backoff (last_failed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.login_backoff`);
  }
}
