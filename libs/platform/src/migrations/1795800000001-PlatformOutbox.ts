import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PlatformOutbox1795800000001 implements MigrationInterface {
  name = 'PlatformOutbox1795800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS platform`);
    await q.query(`CREATE TABLE platform.outbox (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      seq bigserial NOT NULL,
      job_name varchar(100) NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      dispatched_at timestamptz NULL,
      CONSTRAINT outbox_pk PRIMARY KEY (id),
      CONSTRAINT outbox_seq_uq UNIQUE (seq)
    )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON platform.outbox (dispatched_at) WHERE dispatched_at IS NULL`);
    await q.query(`CREATE FUNCTION platform.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('passend_outbox', ''); RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER outbox_notify AFTER INSERT ON platform.outbox
      FOR EACH STATEMENT EXECUTE FUNCTION platform.notify_outbox()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform.outbox`);
    await q.query(`DROP FUNCTION platform.notify_outbox()`);
    await q.query(`DROP SCHEMA platform`);
  }
}
