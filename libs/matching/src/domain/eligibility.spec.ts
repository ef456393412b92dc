import { describe, expect, it } from '@jest/globals';
import { AMERSFOORT, GRONINGEN, child, offering } from './__fixtures__/match-fixtures.js';
import { ageFits, checkEligibility, daysOnClock, placeableNow, type IneligibilityCode } from './eligibility.js';

const codes = (c = child(), o = offering()) => checkEligibility(c, o).reasons.map((r) => r.code);

describe('hard rules: each refusal has its own reason code', () => {
  it('accepts an offering that breaks no rule', () => {
    const e = checkEligibility(child(), offering());
    expect(e).toMatchObject({ eligible: true, reasons: [], flags: [], outsideOwnRegion: false });
    expect(e.ageOnStart).toBeCloseTo(14.5, 1);
  });

  const cases: [string, Parameters<typeof child>[0], Parameters<typeof offering>[0], IneligibilityCode][] = [
    ['another category', {}, { categoryCode: '44' }, 'category_not_offered'],
    ['a needed specialism is not offered', { specialismCodes: ['trauma_treatment', 'autism'] }, { specialismCodes: ['autism'] }, 'specialism_missing'],
    ['too young on the start date', { dateOfBirth: '2015-01-01' }, {}, 'age_out_of_range'],
    ['18 on the start date for "12 to 17"', { dateOfBirth: '2008-12-01' }, {}, 'age_out_of_range'],
    ['secure care without an authorisation', {}, { requiresSecureAuthorisation: true, setting: 'secure_residential' }, 'secure_authorisation_missing'],
    ['an authorisation that ends before the start', { secureAuthorisation: { from: '2026-06-01', to: '2026-12-01' } }, { requiresSecureAuthorisation: true }, 'secure_authorisation_not_valid_on_start'],
    ['an authorisation that starts after the start', { secureAuthorisation: { from: '2026-12-08', to: '2027-06-01' } }, { requiresSecureAuthorisation: true }, 'secure_authorisation_not_valid_on_start'],
    ['an exclusion criterion meets the child', { circumstanceCodes: ['arson_history'] }, { exclusionCodes: ['arson_history', 'iq_below_50'] }, 'excluded_by_criteria'],
    ['a setting the child cannot go to', { settingConstraints: ['foster_care', 'family_home'] }, { setting: 'residential' }, 'setting_not_fitting'],
    ['farther than the maximum distance', { maxDistanceKm: 15 }, { location: AMERSFOORT }, 'too_far'],
    ['another region that takes no other regions', {}, { regionCode: 'JZ01', contractedRegionCodes: ['JZ01'], acceptsOtherRegions: false, location: GRONINGEN }, 'other_region_not_accepted'],
    ['siblings that would be split', { keepWithSiblings: true, siblingCount: 3 }, { freePlaces: 2 }, 'siblings_cannot_stay_together'],
    ['a closed offering', {}, { capacityStatus: 'closed' }, 'offering_closed'],
  ];
  it.each(cases)('refuses %s', (_what, c, o, code) => {
    const e = checkEligibility(child(c), offering(o));
    expect(e.eligible).toBe(false);
    expect(e.reasons.map((r) => r.code)).toEqual([code]);
  });

  it('reports every broken rule, not only the first, with details', () => {
    const e = checkEligibility(child({ specialismCodes: ['autism'], maxDistanceKm: 10 }), offering({ categoryCode: '44', location: AMERSFOORT }));
    expect(e.reasons.map((r) => r.code)).toEqual(['category_not_offered', 'specialism_missing', 'too_far']);
    expect(e.reasons[1]!.detail).toEqual({ missing: ['autism'] });
    expect(e.reasons[2]!.detail!.distanceKm).toBeGreaterThan(10);
  });

  it('measures distance from the network when the child has one', () => {
    expect(codes(child({ maxDistanceKm: 10, network: AMERSFOORT }), offering({ location: AMERSFOORT }))).toEqual([]);
    expect(codes(child({ maxDistanceKm: 10 }), offering({ location: AMERSFOORT }))).toEqual(['too_far']);
  });

  it('an authorisation covering the start day is valid, both ends included', () => {
    expect(codes(child({ secureAuthorisation: { from: '2026-12-07', to: '2026-12-07' } }), offering({ requiresSecureAuthorisation: true }))).toEqual([]);
  });

  it('another region that accepts other regions is eligible, flagged for the extra procurement step', () => {
    const e = checkEligibility(child(), offering({ regionCode: 'JZ01', contractedRegionCodes: ['JZ01'], location: GRONINGEN }));
    expect(e).toMatchObject({ eligible: true, outsideOwnRegion: true, flags: ['extra_procurement'] });
    // contracted for the child's region: no extra step, whatever acceptsOtherRegions says
    const contracted = checkEligibility(child(), offering({ regionCode: 'JZ01', contractedRegionCodes: ['JZ01', 'JZ22'], acceptsOtherRegions: false }));
    expect(contracted).toMatchObject({ eligible: true, outsideOwnRegion: true, flags: [] });
  });

  it('flags what a person must check or know: uncoded exclusions, intake first, a waiting list', () => {
    expect(checkEligibility(child(), offering({ uncodedExclusions: ['geen huisdieren'] })).flags).toEqual(['check_exclusion_text']);
    expect(checkEligibility(child(), offering({ capacityStatus: 'intake_first' })).flags).toEqual(['intake_first']);
    expect(checkEligibility(child(), offering({ capacityStatus: 'waiting_list', freePlaces: 0, waitWeeks: 6 })).flags).toEqual(['waiting_list']);
    expect(checkEligibility(child(), offering({ freePlaces: 0 })).flags).toEqual(['waiting_list']);
  });

  it('siblings fit when the free places hold them all, or when the offering has a waiting list', () => {
    expect(codes(child({ keepWithSiblings: true, siblingCount: 2 }), offering({ freePlaces: 2 }))).toEqual([]);
    expect(codes(child({ keepWithSiblings: true, siblingCount: 2 }), offering({ freePlaces: 0, capacityStatus: 'waiting_list' }))).toEqual([]);
    expect(codes(child({ keepWithSiblings: false, siblingCount: 3 }), offering({ freePlaces: 1 }))).toEqual([]);
  });
});

describe('ages', () => {
  it('reads whole-year bounds as people say them, decimal bounds exactly', () => {
    expect(ageFits(17.99, { minAge: 12, maxAge: 17 })).toBe(true);
    expect(ageFits(18.0, { minAge: 12, maxAge: 17 })).toBe(false);
    expect(ageFits(11.99, { minAge: 12, maxAge: 17 })).toBe(false);
    expect(ageFits(4.5, { minAge: 0, maxAge: 4.5 })).toBe(true);
    expect(ageFits(4.51, { minAge: 0, maxAge: 4.5 })).toBe(false);
  });
});

describe('placeable now and the clock', () => {
  it('only open or intake-first offerings with a free place take a child now', () => {
    expect(placeableNow(offering())).toBe(true);
    expect(placeableNow(offering({ capacityStatus: 'intake_first' }))).toBe(true);
    expect(placeableNow(offering({ freePlaces: 0 }))).toBe(false);
    expect(placeableNow(offering({ capacityStatus: 'waiting_list' }))).toBe(false);
    expect(placeableNow(offering({ capacityStatus: 'closed' }))).toBe(false);
  });

  it('counts days on the norm clock from the ruling', () => {
    expect(daysOnClock({ rulingDate: '2026-10-01' }, '2026-12-07')).toBe(67);
    expect(daysOnClock({ rulingDate: '2026-12-07' }, '2026-12-07')).toBe(0);
    expect(daysOnClock({ rulingDate: '2026-12-08' }, '2026-12-07')).toBe(0);
  });
});
