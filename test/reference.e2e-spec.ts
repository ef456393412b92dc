import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApi, type TestApi } from './support/test-api.js';
import request from 'supertest';

/** The 11 areas the inspections report on (DOMAIN.md, "Regions"). */
const INSPECTION_AREAS = [
  'Brabant', 'Friesland', 'Gelderland', 'Groningen & Drenthe', 'Limburg', 'Noord-Holland/Amsterdam',
  'Overijssel', 'Rijnmond', 'Utrecht & Flevoland', 'Zeeland', 'Zuid West',
];

interface Region { code: string; name: string; mainProvince: string; inspectionArea: string; municipalityCount: number; population: number }
interface Municipality { code: string; name: string; province: string; regionCode: string; latitude: number | null; longitude: number | null; population: number; regionConfidence: string }
interface CodeListEntry { code: string; value: string; historic: boolean }

describe('reference data over HTTP', () => {
  let api: TestApi;
  let token: string;
  const get = (path: string) => request(api.http).get(path).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    api = await startTestApi();
    token = await api.tokenFor('guardian');
  });
  afterAll(() => api.close());

  it('lists the 42 youth-care regions with their inspection area (11 areas)', async () => {
    const regions = (await get('/api/regions').expect(200)).body as Region[];
    expect(regions).toHaveLength(42);
    expect(new Set(regions.map((r) => r.code)).size).toBe(42);
    expect(regions.every((r) => /^JZ\d{2}$/.test(r.code))).toBe(true);
    expect([...new Set(regions.map((r) => r.inspectionArea))].sort()).toEqual([...INSPECTION_AREAS].sort());
    expect(regions.find((r) => r.code === 'JZ22')).toEqual({
      code: 'JZ22', name: 'Utrecht Stad', mainProvince: 'Utrecht', inspectionArea: 'Utrecht & Flevoland', municipalityCount: expect.any(Number), population: expect.any(Number),
    });
    expect(regions.reduce((sum, r) => sum + r.municipalityCount, 0)).toBe(342);
  });

  it('filters regions by inspection area: Rijnmond is JZ29 only', async () => {
    const regions = (await get('/api/regions?inspectionArea=Rijnmond').expect(200)).body as Region[];
    expect(regions.map((r) => r.code)).toEqual(['JZ29']);
    expect(regions[0]).toMatchObject({ name: 'Rijnmond', inspectionArea: 'Rijnmond', municipalityCount: 13 });
  });

  it('matches the inspection area exactly (an area with spaces and an ampersand; no partial match)', async () => {
    const utrecht = (await get(`/api/regions?inspectionArea=${encodeURIComponent('Utrecht & Flevoland')}`).expect(200)).body as Region[];
    expect(utrecht.length).toBeGreaterThan(1);
    expect(utrecht.every((r) => r.inspectionArea === 'Utrecht & Flevoland')).toBe(true);
    expect(utrecht.map((r) => r.code)).toContain('JZ22');
    expect((await get('/api/regions?inspectionArea=Rijn').expect(200)).body).toEqual([]);
    expect((await get('/api/regions?inspectionArea=rijnmond').expect(200)).body).toEqual([]);
  });

  it('puts every region in exactly one inspection area', async () => {
    const seen: string[] = [];
    for (const area of INSPECTION_AREAS) {
      seen.push(...((await get(`/api/regions?inspectionArea=${encodeURIComponent(area)}`).expect(200)).body as Region[]).map((r) => r.code));
    }
    expect(seen.sort()).toEqual(((await get('/api/regions').expect(200)).body as Region[]).map((r) => r.code).sort());
  });

  it('lists the 342 municipalities, each in a known region', async () => {
    const municipalities = (await get('/api/municipalities').expect(200)).body as Municipality[];
    expect(municipalities).toHaveLength(342);
    expect(new Set(municipalities.map((m) => m.code)).size).toBe(342);
    const regionCodes = new Set(((await get('/api/regions').expect(200)).body as Region[]).map((r) => r.code));
    expect(municipalities.filter((m) => !regionCodes.has(m.regionCode))).toEqual([]);
    expect(municipalities.every((m) => /^GM\d{4}$/.test(m.code))).toBe(true);
    // the response is the documented shape: no internal columns
    expect(Object.keys(municipalities[0]!).sort()).toEqual(['code', 'latitude', 'longitude', 'name', 'population', 'province', 'regionCode', 'regionConfidence']);
  });

  it('filters municipalities by region: JZ22 is Utrecht (GM0344) only', async () => {
    const municipalities = (await get('/api/municipalities?region=JZ22').expect(200)).body as Municipality[];
    expect(municipalities).toEqual([
      {
        code: 'GM0344', name: 'Utrecht', province: 'Utrecht', regionCode: 'JZ22', latitude: expect.any(Number), longitude: expect.any(Number),
        population: expect.any(Number), regionConfidence: 'high',
      },
    ]);
  });

  it('gives each region as many municipalities as it says it has', async () => {
    const rijnmond = (await get('/api/municipalities?region=JZ29').expect(200)).body as Municipality[];
    expect(rijnmond).toHaveLength(13);
    expect(rijnmond.every((m) => m.regionCode === 'JZ29')).toBe(true);
    expect(rijnmond.map((m) => m.name)).toContain('Rotterdam');
  });

  it('lists the code lists, including JZ020, WJ759 and JZ588', async () => {
    const lists = (await get('/api/code-lists').expect(200)).body as { list: string; name: string; entries: number }[];
    const byCode = new Map(lists.map((l) => [l.list, l]));
    expect(byCode.get('JZ020')).toEqual({ list: 'JZ020', name: 'Productcategorie', entries: 24 });
    expect(byCode.get('WJ759')).toEqual({ list: 'WJ759', name: 'Reden afwijzing verzoek', entries: 9 });
    expect(byCode.get('JZ588')).toEqual({ list: 'JZ588', name: 'Reden beeindiging', entries: 11 });
    expect(new Set(lists.map((l) => l.list)).size).toBe(lists.length);
  });

  it('gives one code list by its code, case-insensitively, with the historic flags', async () => {
    const lower = (await get('/api/code-lists/jz020').expect(200)).body as { list: string; name: string; entries: CodeListEntry[] };
    const upper = (await get('/api/code-lists/JZ020').expect(200)).body;
    expect(lower).toEqual(upper);
    expect(lower.list).toBe('JZ020');
    expect(lower.name).toBe('Productcategorie');
    expect(lower.entries).toHaveLength(24);
    expect(lower.entries).toContainEqual({ code: '45', value: 'Jeugdhulp ambulant', historic: false });
    // the 2015 categories (31-38) are historic, the current ones are not
    const historic = lower.entries.filter((e) => e.historic).map((e) => e.code);
    expect(historic).toEqual(['31', '32', '33', '34', '35', '36', '37', '38']);
    expect(lower.entries.find((e) => e.code === '31')).toMatchObject({ historic: true, value: expect.stringMatching(/^\(2015\)/) });
    expect(lower.entries.filter((e) => !e.historic && e.value.startsWith('(2015)'))).toEqual([]);
  });

  it('keeps codes with leading zeros as text, in code order', async () => {
    const jz588 = (await get('/api/code-lists/jz588').expect(200)).body as { entries: CodeListEntry[] };
    expect(jz588.entries[0]).toEqual({ code: '02', value: 'Overlijden', historic: false });
    expect(jz588.entries.map((e) => e.code)).toEqual([...jz588.entries.map((e) => e.code)].sort((a, b) => Number(a) - Number(b)));
    expect(jz588.entries.every((e) => e.historic === false)).toBe(true);
  });

  it.each(['/api/regions', '/api/regions?inspectionArea=Rijnmond', '/api/municipalities', '/api/municipalities?region=JZ22', '/api/code-lists', '/api/code-lists/JZ020'])(
    'needs a token for %s (401 without)',
    async (path) => {
      const res = await request(api.http).get(path).expect(401);
      expect(res.body).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) }, correlationId: expect.any(String) });
    },
  );

  it('is open to every role', async () => {
    for (const role of ['guardian', 'provider_staff', 'expert_member', 'region_officer', 'admin'] as const) {
      await request(api.http).get('/api/regions?inspectionArea=Rijnmond').set('Authorization', `Bearer ${await api.tokenFor(role)}`).expect(200);
    }
  });
});
