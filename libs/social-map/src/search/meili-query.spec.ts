import { describe, expect, it } from '@jest/globals';
import { meiliFilter, meiliSort, meiliString } from './meili-query.js';
import type { OfferingSearchQuery } from './offering-search.js';

const base: OfferingSearchQuery = { sort: 'relevance', page: 1, perPage: 20 };

describe('Meilisearch query', () => {
  it('escapes strings in filter expressions', () => {
    expect(meiliString('JZ22')).toBe('"JZ22"');
    expect(meiliString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('always filters on active offerings', () => {
    expect(meiliFilter(base)).toEqual(['active = true']);
  });

  it('translates every filter of the port', () => {
    const filter = meiliFilter({
      ...base,
      regionCode: 'JZ22',
      municipalityCode: 'GM0344',
      categoryCodes: ['43', '44'],
      settings: ['foster_care'],
      specialismCodes: ['trauma_treatment'],
      childAge: 2.5,
      freeNow: true,
      maxWaitWeeks: 4,
      contractedFor: 'JZ13',
      secureCare: false,
      near: { latitude: 52.09, longitude: 5.12, radiusKm: 12.5 },
    });
    expect(filter).toEqual([
      'active = true',
      'regionCode = "JZ22"',
      'municipalityCode = "GM0344"',
      'categoryCode IN ["43", "44"]',
      'setting IN ["foster_care"]',
      'specialismCodes IN ["trauma_treatment"]',
      'minAge <= 2.5 AND maxAge >= 2.5',
      'hasFree = true',
      '(hasFree = true OR waitWeeks <= 4)',
      '(acceptsOtherRegions = true OR contractedRegionCodes = "JZ13")',
      'secure = false',
      '_geoRadius(52.09, 5.12, 12500)',
    ]);
    expect(meiliFilter({ ...base, secureCare: true })).toContain('secure = true');
  });

  it('sorts with the id as the last tie-break; relevance with text is left to the ranking rules', () => {
    const near = { latitude: 52.09, longitude: 5.12 };
    expect(meiliSort({ ...base, sort: 'distance', near }, false)).toEqual(['_geoPoint(52.09, 5.12):asc', 'id:asc']);
    expect(meiliSort({ ...base, sort: 'wait' }, true)).toEqual(['hasFree:desc', 'waitWeeks:asc', 'id:asc']);
    expect(meiliSort({ ...base, sort: 'freshness' }, true)).toEqual(['capacityConfirmedAt:desc', 'id:asc']);
    expect(meiliSort(base, false)).toEqual(['capacityConfirmedAt:desc', 'id:asc']);
    expect(meiliSort(base, true)).toBeUndefined();
  });
});
