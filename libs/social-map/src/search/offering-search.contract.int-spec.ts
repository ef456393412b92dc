import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError, ErrorCode } from '@passend/platform';
import { distanceKm as haversineKm } from '@passend/reference';
import { isPrivateHomeSetting } from '@passend/reference/domain';
import { createTestDatabase, findMeilisearchBinary, startMeilisearch, testEnvironment, type MeilisearchServer, type TestDatabase } from '@passend/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { passendDataSourceOptions } from '../../../../apps/shared/data-source.js';
import { freshnessOf } from '../domain/freshness.js';
import { MeiliOfferingSearch } from './meili-offering-search.js';
import { loadOfferingDocuments, OFFERING_DOCUMENT_FIELDS } from './offering-documents.js';
import type { OfferingHit, OfferingSearchEngine, OfferingSearchQuery, OfferingSearchResult } from './offering-search.js';
import {
  activeIds,
  CAPACITY_PROBE_ID,
  CONFIRMED_BY_USER,
  INACTIVE_ID,
  insertSearchFixtures,
  LOCATIONS,
  locationOf,
  offeringId,
  OFFERINGS,
  SEARCH_NOW,
  type OfferingFixture,
} from './offering-search.fixtures.js';
import { PostgresOfferingSearch } from './postgres-offering-search.js';
import { refreshSearchText } from './search-text.js';

/**
 * One contract, two engines: whatever the search service relies on must hold on PostgreSQL (the
 * embedded default) and on Meilisearch alike, on the same fixtures. Expectations are derived from
 * the fixture definitions (offering-search.fixtures.ts).
 */

interface EngineCase {
  label: 'postgresql' | 'meilisearch';
  skipReason?: string;
}

interface Harness {
  engine: OfferingSearchEngine;
  dataSource: DataSource;
  close(): Promise<void>;
}

const binary = findMeilisearchBinary();
const ENGINES: EngineCase[] = [{ label: 'postgresql' }, 'missing' in binary ? { label: 'meilisearch', skipReason: binary.missing } : { label: 'meilisearch' }];

async function startHarness(label: EngineCase['label']): Promise<Harness> {
  const db: TestDatabase = await createTestDatabase();
  const dataSource = new DataSource(passendDataSourceOptions({ databaseUrl: db.url }, 'passend-test-search'));
  await dataSource.initialize();
  let meili: MeilisearchServer | undefined;
  try {
    await insertSearchFixtures(dataSource);
    let engine: OfferingSearchEngine;
    if (label === 'postgresql') engine = new PostgresOfferingSearch(dataSource);
    else {
      meili = await startMeilisearch();
      const indexName = `offerings_${testEnvironment().runId}_${randomBytes(3).toString('hex')}`;
      engine = new MeiliOfferingSearch(dataSource, { url: meili.url, apiKey: meili.apiKey, indexName });
    }
    await engine.reindexAll();
    return {
      engine,
      dataSource,
      close: async () => {
        await meili?.stop();
        await dataSource.destroy();
        await db.drop();
      },
    };
  } catch (error) {
    await meili?.stop();
    await dataSource.destroy();
    await db.drop();
    throw error;
  }
}

const base: OfferingSearchQuery = { sort: 'relevance', page: 1, perPage: 50 };
const ids = (result: OfferingSearchResult) => result.hits.map((h) => h.offeringId);
const sortedIds = (result: OfferingSearchResult) => ids(result).sort();
const fixture = (id: string) => OFFERINGS.find((o) => o.id === id)!;
const isSecure = (o: OfferingFixture) => o.setting === 'secure_residential' || o.requiresSecureAuthorisation;
const UTRECHT = { latitude: 52.0907, longitude: 5.1214 };

const HIT_KEYS = [
  'offeringId', 'name', 'categoryCode', 'setting', 'minAge', 'maxAge', 'specialismCodes', 'requiresSecureAuthorisation', 'acceptsOtherRegions',
  'contractedRegionCodes', 'provider', 'location', 'distanceKm', 'totalPlaces', 'freePlaces', 'waitWeeks', 'capacityConfirmedAt', 'freshness',
].sort();

/** A location with a family home or foster care among its offerings (inactive ones too) is somebody's house. */
const housesPrivateHome = (locationId: string) => OFFERINGS.some((o) => o.locationId === locationId && isPrivateHomeSetting(o.setting));

function contract({ label }: EngineCase): void {
  let h: Harness;
  const search = (query: Partial<OfferingSearchQuery>) => h.engine.search({ ...base, ...query }, SEARCH_NOW);
  /** the fixtures' municipalities (reference data): a private home is shown, and found, at its municipality's centre */
  let municipalities: Map<string, { name: string; latitude: number; longitude: number }>;
  const publicPosition = (o: OfferingFixture) => (housesPrivateHome(o.locationId) ? municipalities.get(locationOf(o).municipalityCode)! : locationOf(o));

  beforeAll(async () => {
    h = await startHarness(label);
    const rows = (await h.dataSource.query(`SELECT code, name, latitude, longitude FROM reference.municipality WHERE code = ANY($1::varchar[])`, [
      LOCATIONS.map((l) => l.municipalityCode),
    ])) as { code: string; name: string; latitude: number; longitude: number }[];
    municipalities = new Map(rows.map(({ code, ...m }) => [code, m]));
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('lists every active offering, and says which engine answered', async () => {
    const result = await search({});
    expect(result.engine).toBe(label);
    expect(sortedIds(result)).toEqual(activeIds());
    expect(result.total).toBe(activeIds().length);
    expect(ids(result)).not.toContain(INACTIVE_ID);
  });

  it('maps an offering to a hit with exactly the directory fields', async () => {
    const result = await search({ text: 'zeppelin' });
    const o = fixture(CAPACITY_PROBE_ID);
    const l = locationOf(o);
    expect(result.hits).toHaveLength(1);
    const hit = result.hits[0]!;
    expect(Object.keys(hit).sort()).toEqual(HIT_KEYS);
    expect(hit).toEqual({
      offeringId: o.id,
      name: o.name,
      categoryCode: o.categoryCode,
      setting: o.setting,
      minAge: o.minAge,
      maxAge: o.maxAge,
      specialismCodes: [],
      requiresSecureAuthorisation: false,
      acceptsOtherRegions: true,
      contractedRegionCodes: [],
      provider: { id: o.providerId, name: 'Stichting Horizon Jeugdhulp' },
      location: { id: l.id, name: l.name, city: l.city, municipalityCode: l.municipalityCode, regionCode: l.regionCode, latitude: l.latitude, longitude: l.longitude, addressWithheld: false },
      distanceKm: null,
      totalPlaces: o.totalPlaces,
      freePlaces: o.freePlaces,
      waitWeeks: o.waitWeeks,
      capacityConfirmedAt: o.confirmedAt.toISOString(),
      freshness: 'this_week',
    } satisfies OfferingHit);
    const withArrays = (await search({ text: 'Kinderpsychiatrie Noorderlicht' })).hits.find((x) => x.offeringId === offeringId(9))!;
    expect(withArrays.specialismCodes).toEqual(['adhd', 'youth_mental_health']);
    expect(withArrays.contractedRegionCodes).toEqual(['JZ13', 'JZ22']);
    expect(withArrays.minAge).toBe(6);
  });

  describe('free text (Dutch)', () => {
    it.each([
      ['a word of the name', 'zeppelin', [offeringId(14)]],
      ['a word of the description (stemmed: tienermoeders)', 'tienermoeders', [offeringId(11)]],
      ['the provider name', 'Maasland', [offeringId(8)]],
      ['a specialism synonym', 'ptss', [offeringId(3)]],
      ['a Dutch synonym (pleeggezin = pleegzorg)', 'pleeggezin', [offeringId(1), offeringId(2)]],
      ['a multi-word synonym (geestelijke gezondheidszorg = ggz)', 'geestelijke gezondheidszorg', [offeringId(3), offeringId(9)]],
      ['accents and case (PLEEGZÒRG)', 'PLEEGZÒRG', [offeringId(1), offeringId(2)]],
      ['two words, both required', 'gezinshuis maastricht', [offeringId(8)]],
    ])('finds by %s', async (_what, text, expected) => {
      const result = await search({ text });
      expect(sortedIds(result)).toEqual([...expected].sort());
      expect(result.total).toBe(expected.length);
    });

    it.each([
      ['pleegzrog', [offeringId(1), offeringId(2)]],
      ['traumabehandelign', [offeringId(3)]],
    ])('tolerates the typo %s', async (text, expected) => {
      const result = await search({ text });
      expect(ids(result)).toEqual(expect.arrayContaining(expected));
      expect(ids(result)).not.toContain(INACTIVE_ID);
    });

    it('ranks an exact match above a typo match', async () => {
      // "besloten" is in offering 7; "gesloten" (one letter off) in offering 6
      const result = await search({ text: 'besloten' });
      expect(ids(result)[0]).toBe(offeringId(7));
    });

    it('finds nothing for a word no offering has, and treats stop words alone as no text', async () => {
      expect((await search({ text: 'zwembadvergunning' })).total).toBe(0);
      expect((await search({ text: 'de het een' })).total).toBe(activeIds().length);
    });

    it('combines text with filters', async () => {
      const result = await search({ text: 'pleegzorg', freeNow: true });
      expect(sortedIds(result)).toEqual([offeringId(1)]);
    });
  });

  describe('filters', () => {
    const cases: [string, Partial<OfferingSearchQuery>, (o: OfferingFixture) => boolean][] = [
      ['region (of the location)', { regionCode: 'JZ22' }, (o) => locationOf(o).regionCode === 'JZ22'],
      ['municipality', { municipalityCode: 'GM0363' }, (o) => locationOf(o).municipalityCode === 'GM0363'],
      ['categories', { categoryCodes: ['43', '44'] }, (o) => ['43', '44'].includes(o.categoryCode)],
      ['settings', { settings: ['outpatient', 'crisis'] }, (o) => ['outpatient', 'crisis'].includes(o.setting)],
      ['specialisms (any of them)', { specialismCodes: ['youth_mental_health', 'autism'] }, (o) => o.specialisms.some((s) => ['youth_mental_health', 'autism'].includes(s))],
      ['child age with decimals (2.5, an inclusive minimum)', { childAge: 2.5 }, (o) => o.minAge <= 2.5 && 2.5 <= o.maxAge],
      ['child age 6.5', { childAge: 6.5 }, (o) => o.minAge <= 6.5 && 6.5 <= o.maxAge],
      ['child age 23 (an inclusive maximum)', { childAge: 23 }, (o) => o.minAge <= 23 && 23 <= o.maxAge],
      ['free now', { freeNow: true }, (o) => o.freePlaces > 0],
      ['max wait 4 weeks (or free)', { maxWaitWeeks: 4 }, (o) => o.freePlaces > 0 || o.waitWeeks <= 4],
      ['contracted for JZ22 (or accepting other regions)', { contractedFor: 'JZ22' }, (o) => o.acceptsOtherRegions || o.contracts.includes('JZ22')],
      ['secure care only', { secureCare: true }, isSecure],
      ['no secure care', { secureCare: false }, (o) => !isSecure(o)],
      [
        'several at once',
        { regionCode: 'JZ22', childAge: 10, secureCare: false },
        (o) => locationOf(o).regionCode === 'JZ22' && o.minAge <= 10 && 10 <= o.maxAge && !isSecure(o),
      ],
    ];

    it.each(cases)('%s', async (_what, query, predicate) => {
      const expected = activeIds(predicate);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(activeIds().length);
      const result = await search(query);
      expect(sortedIds(result)).toEqual(expected);
      expect(result.total).toBe(expected.length);
    });

    it('finds only offerings within the radius, nearest first, with their distance', async () => {
      const within = (o: OfferingFixture) => haversineKm(UTRECHT.latitude, UTRECHT.longitude, publicPosition(o).latitude, publicPosition(o).longitude) <= 40;
      const expected = OFFERINGS.filter((o) => o.active && within(o))
        .map((o) => ({ id: o.id, km: haversineKm(UTRECHT.latitude, UTRECHT.longitude, publicPosition(o).latitude, publicPosition(o).longitude) }))
        .sort((a, b) => a.km - b.km || a.id.localeCompare(b.id));
      expect(expected.length).toBeGreaterThan(2);
      // Rotterdam (48 km) lies outside, Amsterdam (35 km) inside
      expect(OFFERINGS.some((o) => o.active && locationOf(o).city === 'Rotterdam' && !within(o))).toBe(true);

      const result = await search({ near: { ...UTRECHT, radiusKm: 40 }, sort: 'distance' });
      expect(ids(result)).toEqual(expected.map((e) => e.id));
      result.hits.forEach((hit, i) => {
        expect(hit.distanceKm).not.toBeNull();
        expect(Math.abs(hit.distanceKm! - expected[i]!.km)).toBeLessThanOrEqual(0.02 + expected[i]!.km * 0.005);
      });
    });

    it('gives the distance from near without a radius, for every hit', async () => {
      const result = await search({ near: UTRECHT, sort: 'distance' });
      expect(result.total).toBe(activeIds().length);
      const km = result.hits.map((x) => x.distanceKm!);
      expect(km).toEqual([...km].sort((a, b) => a - b));
      const groningen = result.hits.find((x) => x.location.city === 'Groningen')!;
      const expected = haversineKm(UTRECHT.latitude, UTRECHT.longitude, groningen.location.latitude!, groningen.location.longitude!);
      expect(Math.abs(groningen.distanceKm! - expected)).toBeLessThanOrEqual(expected * 0.005);
    });

    it('refuses sort=distance without a point (400, not an unordered answer)', async () => {
      const failure = search({ sort: 'distance' });
      await expect(failure).rejects.toBeInstanceOf(DomainError);
      await expect(failure).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    });
  });

  describe('sorting and pages', () => {
    const byFreshness = () =>
      OFFERINGS.filter((o) => o.active)
        .sort((a, b) => b.confirmedAt.getTime() - a.confirmedAt.getTime() || a.id.localeCompare(b.id))
        .map((o) => o.id);

    it('sort=wait: free places first, then the shortest wait, ties by id', async () => {
      const expected = OFFERINGS.filter((o) => o.active)
        .sort((a, b) => Number(b.freePlaces > 0) - Number(a.freePlaces > 0) || a.waitWeeks - b.waitWeeks || a.id.localeCompare(b.id))
        .map((o) => o.id);
      expect(ids(await search({ sort: 'wait' }))).toEqual(expected);
    });

    it('sort=freshness: the most recently confirmed first, with each hit\'s freshness', async () => {
      const result = await search({ sort: 'freshness' });
      expect(ids(result)).toEqual(byFreshness());
      for (const hit of result.hits) expect(hit.freshness).toBe(freshnessOf(fixture(hit.offeringId).confirmedAt, SEARCH_NOW));
      expect(new Set(result.hits.map((x) => x.freshness))).toEqual(new Set(['today', 'this_week', 'older', 'stale']));
    });

    it('sort=relevance without text orders by freshness', async () => {
      expect(ids(await search({ sort: 'relevance' }))).toEqual(byFreshness());
    });

    it('pages: page 2 of 5 continues page 1, the total counts all', async () => {
      const all = byFreshness();
      const page1 = await search({ sort: 'freshness', page: 1, perPage: 5 });
      const page2 = await search({ sort: 'freshness', page: 2, perPage: 5 });
      const page3 = await search({ sort: 'freshness', page: 3, perPage: 5 });
      expect(ids(page1)).toEqual(all.slice(0, 5));
      expect(ids(page2)).toEqual(all.slice(5, 10));
      expect(ids(page3)).toEqual(all.slice(10, 15));
      expect(page2).toMatchObject({ total: all.length, page: 2, perPage: 5 });
      expect((await search({ sort: 'freshness', page: 9, perPage: 5 })).hits).toEqual([]);
    });

    it('counts facets over the whole filtered set, not the page', async () => {
      const matching = OFFERINGS.filter((o) => o.active && o.minAge <= 10 && 10 <= o.maxAge);
      const count = (key: (o: OfferingFixture) => string) =>
        matching.reduce<Record<string, number>>((acc, o) => ({ ...acc, [key(o)]: (acc[key(o)] ?? 0) + 1 }), {});
      const result = await search({ childAge: 10, perPage: 1 });
      expect(result.hits).toHaveLength(1);
      expect(result.total).toBe(matching.length);
      expect(result.facets).toEqual({
        region: count((o) => locationOf(o).regionCode),
        category: count((o) => o.categoryCode),
        setting: count((o) => o.setting),
        availability: { free: matching.filter((o) => o.freePlaces > 0).length, full: matching.filter((o) => o.freePlaces === 0).length },
      });
    });
  });

  describe('privacy and freshness of the index', () => {
    it('shows and finds a location with a private home at its municipality only: name, city, position and distance', async () => {
      const home = LOCATIONS.find((l) => housesPrivateHome(l.id) && OFFERINGS.some((o) => o.active && o.locationId === l.id && !isPrivateHomeSetting(o.setting)))!;
      const centre = municipalities.get(home.municipalityCode)!;
      const atHome = activeIds((o) => o.locationId === home.id);
      expect(atHome.length).toBeGreaterThan(1); // a foster family and a crisis offering at the same house
      expect(haversineKm(home.latitude, home.longitude, centre.latitude, centre.longitude)).toBeGreaterThan(2);
      // a radius around the house does not find it, ...
      expect(ids(await search({ near: { latitude: home.latitude, longitude: home.longitude, radiusKm: 1 } }))).toEqual([]);
      // ... one around its municipality's centre does, and every distance is from that centre
      const near = await search({ near: { latitude: home.latitude, longitude: home.longitude }, sort: 'distance', perPage: 100 });
      const hits = near.hits.filter((x) => x.location.id === home.id);
      expect(hits.map((x) => x.offeringId).sort()).toEqual(atHome);
      const km = haversineKm(home.latitude, home.longitude, centre.latitude, centre.longitude);
      for (const hit of hits) {
        expect(hit.location).toEqual({ id: home.id, name: centre.name, city: centre.name, municipalityCode: home.municipalityCode, regionCode: home.regionCode, latitude: centre.latitude, longitude: centre.longitude, addressWithheld: true });
        expect(Math.abs(hit.distanceKm! - km)).toBeLessThanOrEqual(0.02 + km * 0.005);
      }
      const everything = JSON.stringify([near, await loadOfferingDocuments(h.dataSource.manager, atHome)]);
      expect(everything).not.toContain(home.name);
      expect(everything).not.toContain(String(home.latitude));
    });

    it('never shows an inactive offering', async () => {
      expect((await search({ text: 'xylofoon' })).total).toBe(0);
      expect(ids(await search({ text: 'pleegzorg', perPage: 100 }))).not.toContain(INACTIVE_ID);
      expect(ids(await search({ settings: ['foster_care'], freeNow: true }))).not.toContain(INACTIVE_ID);
    });

    it('keeps documents to the whitelist: no personal data, no user ids', async () => {
      const documents = await loadOfferingDocuments(h.dataSource.manager, OFFERINGS.map((o) => o.id));
      expect(documents.map((d) => d.id).sort()).toEqual(activeIds());
      for (const d of documents) expect(Object.keys(d).sort()).toEqual([...OFFERING_DOCUMENT_FIELDS].sort());
      const everything = JSON.stringify([documents, await search({ perPage: 100 })]);
      expect(everything).not.toContain(CONFIRMED_BY_USER);
      expect(everything).not.toMatch(/@|030-1234567|Voorbeeldstraat|1234 AB|geen vervoer/);
      if (h.engine instanceof MeiliOfferingSearch) {
        const stored = await h.engine.storedDocument(offeringId(1));
        expect(Object.keys(stored).sort()).toEqual([...OFFERING_DOCUMENT_FIELDS].sort());
        expect(JSON.stringify(stored)).not.toContain(CONFIRMED_BY_USER);
      }
    });

    it('finds an offering by its provider\'s new name once search_text is refreshed and synced', async () => {
      await h.dataSource.query(`UPDATE social_map.provider SET name = 'Gezinshuizen Kempenland', updated_at = now() WHERE id = $1`, [fixture(offeringId(8)).providerId]);
      const refreshed = await h.dataSource.transaction((m) => refreshSearchText(m, [offeringId(8), offeringId(8)]));
      expect(refreshed).toBe(1);
      expect(await h.dataSource.transaction((m) => refreshSearchText(m, [offeringId(8)]))).toBe(0); // already right
      await h.engine.sync([offeringId(8)]);
      expect(ids(await search({ text: 'kempenland' }))).toEqual([offeringId(8)]);
      expect((await search({ text: 'maasland' })).total).toBe(0);
      expect((await search({ text: 'kempenland' })).hits[0]!.provider.name).toBe('Gezinshuizen Kempenland');
    });

    it('corrects a typo of a word only a new offering has, once it is refreshed and synced', async () => {
      const id = '5c000000-0000-4000-8000-0000000000f1';
      const probe = fixture(CAPACITY_PROBE_ID);
      expect((await search({ text: 'kwartelkonnig' })).total).toBe(0);
      await h.dataSource.transaction(async (m) => {
        await m.query(
          `INSERT INTO social_map.offering (id, provider_id, location_id, name, category_code, setting, min_age, max_age, total_places, free_places, description_nl)
           VALUES ($1, $2, $3, 'Kwartelkoning', '45', 'outpatient', 0, 18, 5, 1, 'Ambulante hulp.')`,
          [id, probe.providerId, probe.locationId],
        );
        expect(await refreshSearchText(m, [id])).toBe(1);
      });
      await h.engine.sync([id]);
      // PostgreSQL: the word is in the typo dictionary now, counted once
      if (label === 'postgresql') {
        expect(await h.dataSource.query(`SELECT offerings FROM social_map.search_word WHERE word = 'kwartelkoning'`)).toEqual([{ offerings: 1 }]);
      }
      // one typo (a doubled n) in a word of 13 letters
      expect(ids(await search({ text: 'kwartelkonnig' }))).toEqual([id]);
      expect(ids(await search({ text: 'kwartelkonnig ambulante' }))).toEqual([id]);
      // off the map again: the cases below count the fixtures
      await h.dataSource.query(`UPDATE social_map.offering SET active = false, updated_at = now() WHERE id = $1`, [id]);
      await h.engine.sync([id]);
      expect((await search({ text: 'kwartelkoning' })).total).toBe(0);
    });

    it('shows a capacity change after sync, idempotently; an offering made inactive leaves', async () => {
      await h.dataSource.query(
        `UPDATE social_map.offering SET free_places = 4, wait_weeks = 0, capacity_confirmed_at = $2, version = version + 1, updated_at = now() WHERE id = $1`,
        [CAPACITY_PROBE_ID, SEARCH_NOW],
      );
      await h.engine.sync([CAPACITY_PROBE_ID]);
      await h.engine.sync([CAPACITY_PROBE_ID, CAPACITY_PROBE_ID.toUpperCase()]);
      const [hit] = (await search({ text: 'zeppelin' })).hits;
      expect(hit).toMatchObject({ offeringId: CAPACITY_PROBE_ID, freePlaces: 4, waitWeeks: 0, freshness: 'today' });
      expect(ids(await search({ freeNow: true }))).toContain(CAPACITY_PROBE_ID);

      // closed to new children, whatever the number says: not free now, counted as full
      await h.dataSource.query(`UPDATE social_map.offering SET capacity_status = 'closed', version = version + 1, updated_at = now() WHERE id = $1`, [CAPACITY_PROBE_ID]);
      await h.engine.sync([CAPACITY_PROBE_ID]);
      expect(ids(await search({ freeNow: true }))).not.toContain(CAPACITY_PROBE_ID);
      expect((await search({ text: 'zeppelin' })).hits[0]).toMatchObject({ offeringId: CAPACITY_PROBE_ID, freePlaces: 4 });
      await h.dataSource.query(`UPDATE social_map.offering SET capacity_status = 'open', version = version + 1, updated_at = now() WHERE id = $1`, [CAPACITY_PROBE_ID]);
      await h.engine.sync([CAPACITY_PROBE_ID]);

      await h.dataSource.query(`UPDATE social_map.offering SET active = false, updated_at = now() WHERE id = $1`, [CAPACITY_PROBE_ID]);
      await h.engine.sync([CAPACITY_PROBE_ID, 'not-a-uuid', '5c000000-0000-4000-8000-0000000000ff']);
      expect((await search({ text: 'zeppelin' })).total).toBe(0);
      expect((await search({})).total).toBe(activeIds().length - 1);
    });

    it('rebuilds the whole index, reporting progress', async () => {
      const progress: [number, number][] = [];
      const count = await h.engine.reindexAll((done, total) => progress.push([done, total]));
      expect(count).toBe(activeIds().length - 1);
      expect(progress.at(-1)).toEqual([count, count]);
      expect((await search({})).total).toBe(count);
    });
  });
}

const runnable = ENGINES.filter((e) => !e.skipReason);
const skipped = ENGINES.filter((e) => e.skipReason);

describe.each(runnable)('offering search contract on $label', contract);

if (skipped.length > 0) {
  for (const e of skipped) console.warn(`[search contract] ${e.label} skipped: ${e.skipReason}`);
  describe.skip.each(skipped)('offering search contract on $label (SKIPPED: $skipReason)', contract);
}
