import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@passend/testing';
import { DataSource } from 'typeorm';
import { passendDataSourceOptions } from '../../../../apps/shared/data-source.js';
import { seedSocialMap } from '../seed/seed-social-map.js';
import { CapacityReasonCode1795800000720 } from './1795800000720-CapacityReasonCode.js';
import { HoldHolderRefCode1795800000721 } from './1795800000721-HoldHolderRefCode.js';

/** The migrations that take free text about children out of the social map's tables, run on tables that have rows. */
describe('free text out of the social map: CapacityReasonCode1795800000720, HoldHolderRefCode1795800000721 (PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const migration = new CapacityReasonCode1795800000720();

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource({ ...passendDataSourceOptions({ databaseUrl: db.url }, 'reason-code-int-spec'), logging: false });
    await ds.initialize();
    await seedSocialMap(ds.manager, { scale: 'demo' });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('keeps codes, turns stored free text into "other", and leaves the log append-only', async () => {
    const runner = ds.createQueryRunner();
    try {
      await new HoldHolderRefCode1795800000721().down(runner);
      await migration.down(runner);
      await migration.up(runner);
      await migration.down(runner);
      const [offering] = (await ds.query(`SELECT id FROM social_map.offering LIMIT 1`)) as { id: string }[];
      const insert = (reason: string | null) =>
        ds.query(`INSERT INTO social_map.capacity_event (offering_id, kind, new_total, new_free, new_wait, reason) VALUES ($1, 'updated', 4, 1, 0, $2) RETURNING id`, [offering!.id, reason]);
      const [[named], [coded], [none]] = (await Promise.all([insert('Jan de Vries (12) is naar huis'), insert('outflow'), insert(null)])) as { id: string }[][];

      await runner.startTransaction();
      await migration.up(runner);
      await runner.commitTransaction();
      await new HoldHolderRefCode1795800000721().up(runner);

      const rows = (await ds.query(`SELECT id, reason FROM social_map.capacity_event WHERE id = ANY($1::bigint[])`, [[named!.id, coded!.id, none!.id]])) as { id: string; reason: string | null }[];
      expect(Object.fromEntries(rows.map((r) => [r.id, r.reason]))).toEqual({ [named!.id]: 'other', [coded!.id]: 'outflow', [none!.id]: null });
      const [{ free_text }] = (await ds.query(`SELECT count(*)::int AS free_text FROM social_map.capacity_event WHERE reason LIKE '%Vries%'`)) as { free_text: number }[];
      expect(free_text).toBe(0);
      await expect(ds.query(`UPDATE social_map.capacity_event SET reason = 'intake' WHERE id = $1`, [coded!.id])).rejects.toThrow(/append-only/);
      await expect(insert('nog meer vrije tekst')).rejects.toThrow(/capacity_event_reason_ck/);
    } finally {
      await runner.release();
    }
  });

  it('replaces a free-text holder reference by legacy:<hold id>, keeps coded ones, and takes nothing else afterwards', async () => {
    const runner = ds.createQueryRunner();
    const holdMigration = new HoldHolderRefCode1795800000721();
    try {
      await holdMigration.down(runner);
      const [offering] = (await ds.query(`SELECT id FROM social_map.offering LIMIT 1`)) as { id: string }[];
      const place = (holderRef: string) =>
        ds.query(`INSERT INTO social_map.hold (offering_id, holder_ref, expires_at) VALUES ($1, $2, now() + interval '1 day') RETURNING id`, [offering!.id, holderRef]);
      const caseRef = 'case:6f1c1d5e-3a8b-4c1e-9a51-0d6e2b7f4c21';
      const [[named], [coded]] = (await Promise.all([place('dossier Jan de Vries'), place(caseRef)])) as { id: string }[][];
      await holdMigration.up(runner);
      const rows = (await ds.query(`SELECT id, holder_ref, state FROM social_map.hold WHERE id = ANY($1::uuid[])`, [[named!.id, coded!.id]])) as { id: string; holder_ref: string; state: string }[];
      expect(Object.fromEntries(rows.map((r) => [r.id, [r.holder_ref, r.state]]))).toEqual({ [named!.id]: [`legacy:${named!.id}`, 'held'], [coded!.id]: [caseRef, 'held'] });
      await expect(place('dossier Piet')).rejects.toThrow(/hold_holder_ref_ck/);
    } finally {
      await runner.release();
    }
  });
});
