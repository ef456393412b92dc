import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@passend/testing';
import { DataSource } from 'typeorm';
import { passendDataSourceOptions } from '../../../apps/shared/data-source.js';
import { syncReferenceData } from './reference-loader.js';

interface Counts {
  regions: number;
  municipalities: number;
  codes: number;
  distinctMunicipalities: number;
  distinctCodes: number;
}

describe('syncReferenceData', () => {
  let db: TestDatabase;
  let ds: DataSource;

  const counts = async (): Promise<Counts> =>
    ((await ds.query(`SELECT
        (SELECT count(*)::int FROM reference.region) AS regions,
        (SELECT count(*)::int FROM reference.municipality) AS municipalities,
        (SELECT count(*)::int FROM reference.code_list_entry) AS codes,
        (SELECT count(DISTINCT code)::int FROM reference.municipality) AS "distinctMunicipalities",
        (SELECT count(DISTINCT (list_code, code))::int FROM reference.code_list_entry) AS "distinctCodes"`)) as Counts[])[0]!;

  /** Everything the loader manages, as one comparable snapshot. */
  const snapshot = async () => ({
    regions: await ds.query(`SELECT * FROM reference.region ORDER BY code`),
    municipalities: await ds.query(`SELECT * FROM reference.municipality ORDER BY code`),
    codes: await ds.query(`SELECT * FROM reference.code_list_entry ORDER BY list_code, code`),
  });

  beforeAll(async () => {
    db = await createTestDatabase(); // a copy of the migrated template, reference data already loaded once
    // logging off: the deliberately failed sync below would print its whole parameter list
    ds = new DataSource({ ...passendDataSourceOptions({ databaseUrl: db.url }, 'reference-int-spec'), logging: false });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('has loaded the shipped files: 42 regions, 342 municipalities and the code lists', async () => {
    const c = await counts();
    expect(c).toMatchObject({ regions: 42, municipalities: 342, distinctMunicipalities: 342 });
    expect(c.codes).toBe(c.distinctCodes);
    expect(c.codes).toBeGreaterThan(100);
  });

  it('is idempotent: running it twice changes nothing and adds no duplicates', async () => {
    const before = await snapshot();
    const countsBefore = await counts();
    const first = await syncReferenceData(ds.manager);
    const second = await syncReferenceData(ds.manager);
    expect(second).toEqual(first);
    expect(first).toEqual({ regions: 42, municipalities: 342, codes: countsBefore.codes });
    expect(await counts()).toEqual(countsBefore);
    expect(await snapshot()).toEqual(before);
  });

  it('repairs rows that were changed, and restores rows that were removed', async () => {
    const before = await snapshot();
    await ds.query(`UPDATE reference.municipality SET name = 'Stichtse Stad', region_code = 'JZ01', population = 1 WHERE code = 'GM0344'`);
    await ds.query(`UPDATE reference.region SET inspection_area = 'Nergens', municipality_count = 0 WHERE code = 'JZ29'`);
    await ds.query(`UPDATE reference.code_list_entry SET value = 'gewijzigd', historic = true WHERE list_code = 'JZ020' AND code = '45'`);
    await ds.query(`DELETE FROM reference.code_list_entry WHERE list_code = 'WJ759' AND code = '3'`);
    await ds.query(`DELETE FROM reference.municipality WHERE code = 'GM0014'`);

    await syncReferenceData(ds.manager);

    expect(await snapshot()).toEqual(before);
    const [utrecht] = (await ds.query(`SELECT name, region_code FROM reference.municipality WHERE code = 'GM0344'`)) as { name: string; region_code: string }[];
    expect(utrecht).toEqual({ name: 'Utrecht', region_code: 'JZ22' });
  });

  it('leaves the tables untouched when it fails half-way (one transaction)', async () => {
    const before = await snapshot();
    // a trigger that refuses the code-list step, after regions and municipalities were written
    await ds.query(`CREATE FUNCTION reference.refuse_for_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for test'; END $$`);
    await ds.query(`CREATE TRIGGER refuse_for_test BEFORE INSERT OR UPDATE ON reference.code_list_entry FOR EACH STATEMENT EXECUTE FUNCTION reference.refuse_for_test()`);
    await ds.query(`UPDATE reference.municipality SET name = 'Gewijzigd' WHERE code = 'GM0344'`);
    try {
      await expect(syncReferenceData(ds.manager)).rejects.toThrow(/refused for test/);
      const [row] = (await ds.query(`SELECT name FROM reference.municipality WHERE code = 'GM0344'`)) as { name: string }[];
      expect(row!.name).toBe('Gewijzigd'); // the municipality repair was rolled back with the failed step
    } finally {
      await ds.query(`DROP TRIGGER refuse_for_test ON reference.code_list_entry`);
      await ds.query(`DROP FUNCTION reference.refuse_for_test()`);
    }
    await syncReferenceData(ds.manager);
    expect(await snapshot()).toEqual(before);
  });
});
