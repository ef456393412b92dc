import type { MigrationInterface, QueryRunner } from 'typeorm';
import { EXCLUSION_CODES } from '@passend/reference/domain';

/**
 * Cases and the social map are siblings that meet only in matching, so a milestone keeps the id
 * of the offering where help started without a foreign key into social_map (cases checks it
 * through its HelpCatalogue port). Foreign keys to identity and reference stay: they are upstream.
 *
 * A need gains what matching tests against offerings: the child's circumstances as codes of the
 * exclusion-criteria vocabulary (@passend/reference/domain) and a sibling group (needs of brothers
 * and sisters who should stay together share one id). The fitting-help milestone may name the
 * need it answers.
 */
export class CaseBoundaries1795800000610 implements MigrationInterface {
  name = 'CaseBoundaries1795800000610';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases.milestone DROP CONSTRAINT milestone_offering_fk`);
    await q.query(`ALTER TABLE cases.need ADD COLUMN circumstance_codes text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE cases.need ADD CONSTRAINT need_circumstance_codes_ck CHECK (circumstance_codes <@ ARRAY[${EXCLUSION_CODES.map((c) => `'${c}'`).join(',')}]::text[])`);
    await q.query(`ALTER TABLE cases.need ADD COLUMN sibling_group uuid NULL`);
    await q.query(`CREATE INDEX need_sibling_group_idx ON cases.need (sibling_group) WHERE sibling_group IS NOT NULL`);
    await q.query(`ALTER TABLE cases.milestone ADD COLUMN need_id uuid NULL`);
    await q.query(`ALTER TABLE cases.milestone ADD CONSTRAINT milestone_need_fk FOREIGN KEY (need_id) REFERENCES cases.need(id) ON DELETE RESTRICT`);
    await q.query(`ALTER TABLE cases.milestone ADD CONSTRAINT milestone_need_ck CHECK (need_id IS NULL OR kind = 'fitting_help')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases.milestone DROP CONSTRAINT milestone_need_ck`);
    await q.query(`ALTER TABLE cases.milestone DROP CONSTRAINT milestone_need_fk`);
    await q.query(`ALTER TABLE cases.milestone DROP COLUMN need_id`);
    await q.query(`DROP INDEX cases.need_sibling_group_idx`);
    await q.query(`ALTER TABLE cases.need DROP COLUMN sibling_group`);
    await q.query(`ALTER TABLE cases.need DROP CONSTRAINT need_circumstance_codes_ck`);
    await q.query(`ALTER TABLE cases.need DROP COLUMN circumstance_codes`);
    await q.query(`ALTER TABLE cases.milestone ADD CONSTRAINT milestone_offering_fk FOREIGN KEY (offering_id) REFERENCES social_map.offering(id) ON DELETE RESTRICT`);
  }
}
