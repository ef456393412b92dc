import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Institutions are walls: each certified institution keeps its own record of a child. The child
 * row gains the institution that recorded it; the BSN's keyed hash is unique per institution, not
 * nationally, so a second institution opening a case for the same BSN gets a record of its own
 * and cannot change (or learn of) the first one's. A measure's child must be a record of the
 * measure's own institution (composite foreign key).
 *
 * Existing rows take the institution of their measures. A row shared by measures of more than one
 * institution cannot be split here: its identity fields are encrypted bound to the row id, so a
 * copy for the second institution needs re-encryption with the personal data key, which
 * migrations do not hold. The migration then stops and names how many rows need that split.
 */
export class ChildPerInstitution1795800000630 implements MigrationInterface {
  name = 'ChildPerInstitution1795800000630';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases.child ADD COLUMN institution_id uuid NULL`);
    await q.query(`
      DO $$
      DECLARE shared int; orphaned int;
      BEGIN
        SELECT count(*) INTO shared FROM (SELECT child_id FROM cases.measure GROUP BY child_id HAVING count(DISTINCT institution_id) > 1) s;
        IF shared > 0 THEN
          RAISE EXCEPTION '% child rows are shared by measures of more than one institution: split them (re-encrypting per institution) before this migration', shared;
        END IF;
        UPDATE cases.child c SET institution_id = m.institution_id
          FROM (SELECT DISTINCT child_id, institution_id FROM cases.measure) m WHERE m.child_id = c.id;
        SELECT count(*) INTO orphaned FROM cases.child WHERE institution_id IS NULL;
        IF orphaned > 0 THEN
          RAISE EXCEPTION '% child rows have no measure, so no institution: resolve them before this migration', orphaned;
        END IF;
      END $$`);
    await q.query(`ALTER TABLE cases.child ALTER COLUMN institution_id SET NOT NULL`);
    await q.query(`ALTER TABLE cases.child ADD CONSTRAINT child_institution_fk FOREIGN KEY (institution_id) REFERENCES identity.organisation(id) ON DELETE RESTRICT`);
    await q.query(`ALTER TABLE cases.child DROP CONSTRAINT child_bsn_hmac_uq`);
    await q.query(`ALTER TABLE cases.child ADD CONSTRAINT child_institution_bsn_hmac_uq UNIQUE (institution_id, bsn_hmac)`);
    await q.query(`ALTER TABLE cases.child ADD CONSTRAINT child_id_institution_uq UNIQUE (id, institution_id)`);
    await q.query(
      `ALTER TABLE cases.measure ADD CONSTRAINT measure_child_institution_fk FOREIGN KEY (child_id, institution_id) REFERENCES cases.child(id, institution_id) ON DELETE RESTRICT`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases.measure DROP CONSTRAINT measure_child_institution_fk`);
    await q.query(`ALTER TABLE cases.child DROP CONSTRAINT child_id_institution_uq`);
    await q.query(`ALTER TABLE cases.child DROP CONSTRAINT child_institution_bsn_hmac_uq`);
    // fails while two institutions hold a record for one BSN: merging them is not the migration's call
    await q.query(`ALTER TABLE cases.child ADD CONSTRAINT child_bsn_hmac_uq UNIQUE (bsn_hmac)`);
    await q.query(`ALTER TABLE cases.child DROP CONSTRAINT child_institution_fk`);
    await q.query(`ALTER TABLE cases.child DROP COLUMN institution_id`);
  }
}
