import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The capacity log's reason becomes a code (CAPACITY_CHANGE_REASONS) instead of up to 300
 * characters of free text, which a provider could (and sooner or later would) fill with a child's
 * name. Free text already stored is not kept: a reason that is already one of the codes stays,
 * any other text becomes 'other', so nothing written as free text outlives this migration. The
 * text was never shown anywhere, so no reader loses anything. The log is append-only by trigger;
 * the migration, as the schema's owner, lifts that for its one rewrite inside its transaction.
 */
export class CapacityReasonCode1795800000720 implements MigrationInterface {
  name = 'CapacityReasonCode1795800000720';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE social_map.capacity_event DISABLE TRIGGER capacity_event_append_only`);
    await q.query(`
      UPDATE social_map.capacity_event SET reason = 'other'
       WHERE reason IS NOT NULL AND reason NOT IN ('intake','outflow','staffing','contract','temporary_closure','correction','other')`);
    await q.query(`ALTER TABLE social_map.capacity_event ENABLE TRIGGER capacity_event_append_only`);
    await q.query(`ALTER TABLE social_map.capacity_event ALTER COLUMN reason TYPE varchar(20)`);
    await q.query(`
      ALTER TABLE social_map.capacity_event ADD CONSTRAINT capacity_event_reason_ck
        CHECK (reason IN ('intake','outflow','staffing','contract','temporary_closure','correction','other'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE social_map.capacity_event DROP CONSTRAINT capacity_event_reason_ck`);
    await q.query(`ALTER TABLE social_map.capacity_event ALTER COLUMN reason TYPE varchar(300)`);
  }
}
