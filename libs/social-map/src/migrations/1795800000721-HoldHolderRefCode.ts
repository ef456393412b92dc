import type { MigrationInterface, QueryRunner } from 'typeorm';

const HOLDER_REF_SQL = `'^(proposal|case|legacy):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;

/**
 * A hold names what it is for as `proposal:<id>` or `case:<id>` (HoldService checks it since
 * matching took holds over); before that the reference was up to 100 characters of the caller's
 * text, which could be a file number or a name. Holds with such text get `legacy:<their own id>`,
 * so the text is gone and each still has a reference of its own (an active one runs to its
 * expiry as before); the table takes nothing else from now on.
 */
export class HoldHolderRefCode1795800000721 implements MigrationInterface {
  name = 'HoldHolderRefCode1795800000721';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE social_map.hold SET holder_ref = 'legacy:' || id WHERE holder_ref !~ ${HOLDER_REF_SQL}`);
    await q.query(`ALTER TABLE social_map.hold ADD CONSTRAINT hold_holder_ref_ck CHECK (holder_ref ~ ${HOLDER_REF_SQL})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE social_map.hold DROP CONSTRAINT hold_holder_ref_ck`);
  }
}
