import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@passend/testing';
import { DataSource } from 'typeorm';
import { passendDataSourceOptions } from '../../../../apps/shared/data-source.js';
import { OfferingChanged } from '../events.js';
import { seedSocialMap } from './seed-social-map.js';

interface Counts {
  organisations: number;
  providers: number;
  locations: number;
  offerings: number;
  specialisms: number;
  contracts: number;
  events: number;
}

describe('seedSocialMap (demo scale, PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;

  const counts = async (): Promise<Counts> =>
    ((await ds.query(`SELECT
        (SELECT count(*)::int FROM identity.organisation WHERE kind = 'provider' AND synthetic) AS organisations,
        (SELECT count(*)::int FROM social_map.provider WHERE synthetic) AS providers,
        (SELECT count(*)::int FROM social_map.location) AS locations,
        (SELECT count(*)::int FROM social_map.offering) AS offerings,
        (SELECT count(*)::int FROM social_map.offering_specialism) AS specialisms,
        (SELECT count(*)::int FROM social_map.offering_contract) AS contracts,
        (SELECT count(*)::int FROM social_map.capacity_event) AS events`)) as Counts[])[0]!;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource({ ...passendDataSourceOptions({ databaseUrl: db.url }, 'seed-int-spec'), logging: false });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('seeds about 400 synthetic providers and 2,000 offerings, reporting progress', async () => {
    const progress: [number, number][] = [];
    const report = await seedSocialMap(ds.manager, { scale: 'demo', onProgress: (done, total) => progress.push([done, total]) });
    const c = await counts();
    expect(report.providers).toBe(400);
    expect(c.providers).toBe(400);
    expect(c.organisations).toBe(400);
    expect(c.locations).toBe(report.locations);
    expect(c.offerings).toBe(report.offerings);
    expect(c.offerings).toBeGreaterThan(1_800);
    expect(c.offerings).toBeLessThan(2_200);
    expect(c.events).toBe(c.offerings);
    expect(c.specialisms).toBeGreaterThanOrEqual(c.offerings);
    expect(c.contracts).toBeGreaterThanOrEqual(c.offerings);
    expect(progress.length).toBeGreaterThan(2);
    const [lastDone, lastTotal] = progress[progress.length - 1]!;
    expect(lastDone).toBe(lastTotal);
    expect(progress.every(([done, total], i) => done <= total && (i === 0 || done >= progress[i - 1]![0]))).toBe(true);
  });

  it('leaves every row within the database\'s rules and labelled synthetic', async () => {
    const [problems] = (await ds.query(`SELECT
        (SELECT count(*)::int FROM social_map.offering WHERE NOT (0 <= free_places AND free_places <= total_places AND total_places BETWEEN 1 AND 40)) AS capacity,
        (SELECT count(*)::int FROM social_map.offering WHERE NOT (0 <= min_age AND min_age <= max_age AND max_age <= 27)) AS ages,
        (SELECT count(*)::int FROM social_map.offering WHERE wait_weeks NOT BETWEEN 0 AND 52) AS waits,
        (SELECT count(*)::int FROM social_map.offering WHERE setting = 'secure_residential' AND NOT (requires_secure_authorisation AND category_code = '43')) AS secure,
        (SELECT count(*)::int FROM social_map.offering WHERE category_code::int NOT BETWEEN 40 AND 55) AS categories,
        (SELECT count(*)::int FROM social_map.offering o WHERE NOT EXISTS (SELECT 1 FROM social_map.offering_specialism s WHERE s.offering_id = o.id)) AS "noSpecialism",
        (SELECT count(*)::int FROM social_map.offering o JOIN social_map.location l ON l.id = o.location_id JOIN reference.municipality m ON m.code = l.municipality_code
          WHERE NOT EXISTS (SELECT 1 FROM social_map.offering_contract c WHERE c.offering_id = o.id AND c.region_code = m.region_code)) AS "notContractedAtHome",
        (SELECT count(*)::int FROM social_map.location l JOIN reference.municipality m ON m.code = l.municipality_code
          WHERE earth_distance(ll_to_earth(l.latitude, l.longitude), ll_to_earth(m.latitude, m.longitude)) > 6000) AS "farFromCentre",
        (SELECT count(*)::int FROM social_map.offering WHERE search_text = '' OR search_vector IS NULL) AS "noSearchText",
        (SELECT count(*)::int FROM social_map.provider p JOIN identity.organisation g ON g.id = p.id
          WHERE NOT (p.synthetic AND g.synthetic AND g.kind = 'provider' AND p.name = g.name AND p.name LIKE '%(synthetisch)')) AS unlabelled`)) as Record<string, number>[];
    expect(problems).toEqual({ capacity: 0, ages: 0, waits: 0, secure: 0, categories: 0, noSpecialism: 0, notContractedAtHome: 0, farFromCentre: 0, noSearchText: 0, unlabelled: 0 });

    const [shape] = (await ds.query(`SELECT
        avg((free_places = 0)::int)::float8 AS full,
        avg((capacity_confirmed_at < now() - interval '14 days')::int)::float8 AS stale,
        count(DISTINCT setting)::int AS settings,
        (SELECT count(DISTINCT municipality_code)::int FROM social_map.location) AS municipalities
      FROM social_map.offering`)) as { full: number; stale: number; settings: number; municipalities: number }[];
    expect(shape!.full).toBeGreaterThan(0.5);
    expect(shape!.full).toBeLessThan(0.7);
    expect(shape!.stale).toBeGreaterThan(0.08);
    expect(shape!.settings).toBe(7);
    expect(shape!.municipalities).toBeGreaterThan(150);

    // the text search finds the seeded words
    const found = (await ds.query(
      `SELECT count(*)::int AS n FROM social_map.offering WHERE search_vector @@ plainto_tsquery('dutch', social_map.immutable_unaccent('pleegzorg'))`,
    )) as { n: number }[];
    expect(found[0]!.n).toBeGreaterThan(10);
  });

  it('asks the index to follow: OfferingChanged events in the outbox cover every new offering', async () => {
    const rows = (await ds.query(`SELECT payload FROM platform.outbox WHERE kind = 'event' AND job_name = $1`, [OfferingChanged.name])) as { payload: { offeringIds: string[] } }[];
    const ids = new Set(rows.flatMap((r) => r.payload.offeringIds));
    expect(ids.size).toBe((await counts()).offerings);
  });

  it('adds nothing when run again at the same scale', async () => {
    const before = await counts();
    const report = await seedSocialMap(ds.manager, { scale: 'demo' });
    expect(report).toMatchObject({ providers: 0, locations: 0, offerings: 0, syntheticProviders: 400 });
    expect(await counts()).toEqual(before);
  });

  it('adds the difference for the national scale on top of the demo map, keeping the demo providers', async () => {
    const before = await counts();
    const demoIds = ((await ds.query(`SELECT id FROM social_map.provider WHERE synthetic ORDER BY id`)) as { id: string }[]).map((r) => r.id);
    const report = await seedSocialMap(ds.manager, { scale: 'national' });
    const after = await counts();
    expect(report.providers).toBe(8_100);
    expect(after.providers).toBe(8_500);
    expect(after.offerings).toBe(before.offerings + report.offerings);
    expect(after.offerings).toBeGreaterThan(18_500);
    expect(after.offerings).toBeLessThan(21_500);
    const kept = (await ds.query(`SELECT count(*)::int AS n FROM social_map.provider WHERE id = ANY($1::uuid[])`, [demoIds])) as { n: number }[];
    expect(kept[0]!.n).toBe(400);
    expect((await seedSocialMap(ds.manager, { scale: 'national' })).providers).toBe(0);
    expect((await seedSocialMap(ds.manager, { scale: 'demo' })).providers).toBe(0);
  }, 120_000);

  it('refuses to seed into a database without reference data, changing nothing', async () => {
    const empty = await createTestDatabase();
    const other = new DataSource({ ...passendDataSourceOptions({ databaseUrl: empty.url }, 'seed-int-spec-empty'), logging: false });
    await other.initialize();
    try {
      await other.query(`DELETE FROM reference.municipality`);
      await expect(seedSocialMap(other.manager, { scale: 'demo' })).rejects.toThrow(/run the migrations/);
      const [n] = (await other.query(`SELECT count(*)::int AS n FROM social_map.provider`)) as { n: number }[];
      expect(n!.n).toBe(0);
    } finally {
      await other.destroy();
      await empty.drop();
    }
  });
});
