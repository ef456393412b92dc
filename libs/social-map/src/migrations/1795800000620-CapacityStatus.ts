import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Capacity as a status as well as a number: open, waiting list, intake first, or closed. Existing
 * offerings start open (their numbers said what they had); providers set the status with the
 * capacity (PUT /api/offerings/:id/capacity, bulk), and matching reads it through OfferingReader.
 */
export class CapacityStatus1795800000620 implements MigrationInterface {
  name = 'CapacityStatus1795800000620';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE social_map.offering ADD COLUMN capacity_status varchar(20) NOT NULL DEFAULT 'open'`);
    await q.query(`ALTER TABLE social_map.offering ADD CONSTRAINT offering_capacity_status_ck CHECK (capacity_status IN ('open','waiting_list','intake_first','closed'))`);
    await q.query(`ALTER TABLE social_map.capacity_event ADD COLUMN old_status varchar(20), ADD COLUMN new_status varchar(20)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE social_map.capacity_event DROP COLUMN old_status, DROP COLUMN new_status`);
    await q.query(`ALTER TABLE social_map.offering DROP CONSTRAINT offering_capacity_status_ck`);
    await q.query(`ALTER TABLE social_map.offering DROP COLUMN capacity_status`);
  }
}
