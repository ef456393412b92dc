import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApi, type TestApi } from './support/test-api.js';
import request from 'supertest';
import { FixedClock } from '@passend/platform';
import { activeIds, insertSearchFixtures, INACTIVE_ID, locationOf, offeringId, OFFERINGS, SEARCH_NOW } from '../libs/social-map/src/search/offering-search.fixtures.js';

/**
 * Guardians search the map over HTTP (the engine contracts are tested beside the adapters): the
 * parameters reach the engine, results carry what a guardian needs, and bad filters are a 400
 * naming the parameter, never a 500 or a silently empty list.
 */
describe('GET /api/social-map/offerings', () => {
  let api: TestApi;
  let token: string;
  const search = (query: string, status = 200) => request(api.http).get(`/api/social-map/offerings?${query}`).set('Authorization', `Bearer ${token}`).expect(status);

  beforeAll(async () => {
    // the fixtures' confirmations are dated relative to SEARCH_NOW: the api searches at that instant
    api = await startTestApi({}, undefined, { clock: new FixedClock(SEARCH_NOW) });
    await insertSearchFixtures(api.dataSource);
    token = await api.tokenFor('guardian');
  });
  afterAll(() => api.close());

  it('finds by Dutch text with a typo and shows provider, location, places, wait and freshness', async () => {
    const res = await search('q=pleegzrog');
    expect(res.body.engine).toBe('postgresql');
    const hit = res.body.hits.find((h: { offeringId: string }) => h.offeringId === offeringId(1));
    expect(hit).toMatchObject({
      name: 'Pleegzorg Utrecht',
      provider: { name: 'Pleegzorg Samen Verder' },
      location: { city: 'Utrecht', municipalityCode: 'GM0344', regionCode: 'JZ22' },
      freePlaces: 3,
      totalPlaces: 10,
      waitWeeks: 0,
      freshness: 'today', // confirmed 10 minutes before SEARCH_NOW
    });
    expect(res.body.hits.map((h: { offeringId: string }) => h.offeringId)).not.toContain(INACTIVE_ID);
  });

  it('grades freshness by calendar days in Amsterdam before the api\'s now: today, this week, older, stale', async () => {
    const res = await search('perPage=100');
    const freshness = Object.fromEntries(res.body.hits.map((h: { offeringId: string; freshness: string }) => [h.offeringId, h.freshness]));
    const days = (id: string) => Math.round((SEARCH_NOW.getTime() - OFFERINGS.find((o) => o.id === id)!.confirmedAt.getTime()) / 86_400_000);
    // confirmed 0 (today), 3 (this week), 10 (older) and 20 (stale) days before
    expect([offeringId(1), offeringId(2), offeringId(3), offeringId(5)].map((id) => [days(id), freshness[id]])).toEqual([
      [0, 'today'],
      [3, 'this_week'],
      [10, 'older'],
      [20, 'stale'],
    ]);
  });

  it('combines filters: region, age, free now; with facet counts', async () => {
    const res = await search('region=JZ22&age=5&freeNow=true&perPage=50');
    const expected = activeIds((o) => locationOf(o).regionCode === 'JZ22' && o.minAge <= 5 && o.maxAge >= 5 && o.freePlaces > 0);
    expect(expected.length).toBeGreaterThan(1);
    expect(res.body.hits.map((h: { offeringId: string }) => h.offeringId).sort()).toEqual(expected);
    expect(res.body.total).toBe(expected.length);
    expect(res.body.facets.region).toEqual({ JZ22: expected.length });
    expect(res.body.facets.availability).toEqual({ free: expected.length, full: 0 });
  });

  it('sorts by distance from a municipality within a radius', async () => {
    const res = await search('near=GM0344&radiusKm=60&sort=distance&perPage=50');
    const distances = res.body.hits.map((h: { distanceKm: number }) => h.distanceKm);
    expect(distances.length).toBeGreaterThan(0);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    expect(Math.max(...distances)).toBeLessThanOrEqual(60);
    expect(res.body.hits.map((h: { location: { regionCode: string } }) => h.location.regionCode)).not.toContain('JZ41');
  });

  it('pages through results', async () => {
    const all = await search('perPage=100&sort=freshness');
    const page2 = await search('perPage=3&page=2&sort=freshness');
    expect(page2.body.hits.map((h: { offeringId: string }) => h.offeringId)).toEqual(all.body.hits.slice(3, 6).map((h: { offeringId: string }) => h.offeringId));
    expect(page2.body.total).toBe(all.body.total);
  });

  it.each([
    ['region=JZ99', 'region'],
    ['region=Utrecht', 'region'],
    ['municipality=GM9999', 'municipality'],
    ['category=99', 'category[0]'],
    ['category=4x', 'category'],
    ['specialism=astrology', 'specialism[0]'],
    ['setting=spa', 'setting'],
    ['age=-1', 'age'],
    ['age=abc', 'age'],
    ['maxWaitWeeks=2.5', 'maxWaitWeeks'],
    ['freeNow=maybe', 'freeNow'],
    ['contractedFor=JZ40', 'contractedFor'],
    ['near=GM0344&lat=52.1&lon=5.1', 'near'],
    ['lat=48.85&lon=2.35', 'lat'],
    ['lat=52.1', 'lon'],
    ['radiusKm=10', 'radiusKm'],
    ['sort=distance', 'sort'],
    ['sort=random', 'sort'],
    ['perPage=101', 'perPage'],
    ['page=0', 'page'],
    ['colour=blue', 'colour'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const res = await search(query, 400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('needs a token', async () => {
    await request(api.http).get('/api/social-map/offerings').expect(401);
  });
});
