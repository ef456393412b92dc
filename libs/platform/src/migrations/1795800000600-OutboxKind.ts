import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox rows are commands (one job, id = row id) or events (one job per subscriber, id
 * `<row id>.<subscriber>`). `job_name` holds the command's or the event's name.
 */
export class OutboxKind1795800000600 implements MigrationInterface {
  name = 'OutboxKind1795800000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE platform.outbox ADD COLUMN kind varchar(10) NOT NULL DEFAULT 'command'`);
    await q.query(`ALTER TABLE platform.outbox ADD CONSTRAINT outbox_kind_ck CHECK (kind IN ('command', 'event'))`);
    // Rows still pending from before events: the two commands that became events (the relay
    // would not know them as commands any more). Dispatched rows keep what they were.
    await q.query(`UPDATE platform.outbox SET kind = 'event' WHERE dispatched_at IS NULL AND job_name = 'cases.measure-changed'`);
    await q.query(`UPDATE platform.outbox SET kind = 'event', job_name = 'social-map.offering-changed' WHERE dispatched_at IS NULL AND job_name = 'social-map.index-offerings'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM platform.outbox WHERE kind = 'event' AND dispatched_at IS NULL AND job_name NOT IN ('cases.measure-changed', 'social-map.offering-changed')`);
    await q.query(`UPDATE platform.outbox SET job_name = 'social-map.index-offerings' WHERE kind = 'event' AND dispatched_at IS NULL AND job_name = 'social-map.offering-changed'`);
    await q.query(`ALTER TABLE platform.outbox DROP CONSTRAINT outbox_kind_ck`);
    await q.query(`ALTER TABLE platform.outbox DROP COLUMN kind`);
  }
}
