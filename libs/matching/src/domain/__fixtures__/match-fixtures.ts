import type { MatchChild, MatchOffering } from '../model.js';

/** Utrecht (JZ22 area), Amersfoort and Groningen, for distances that mean something. */
export const UTRECHT = { lat: 52.0907, lon: 5.1214 };
export const AMERSFOORT = { lat: 52.1561, lon: 5.3878 };
export const GRONINGEN = { lat: 53.2194, lon: 6.5665 };

export function child(overrides: Partial<MatchChild> = {}): MatchChild {
  return {
    key: 'need-1',
    measureId: 'measure-1',
    institutionId: 'gi-1',
    dateOfBirth: '2012-06-01',
    homeRegionCode: 'JZ22',
    homeMunicipalityCode: 'GM0344',
    home: UTRECHT,
    network: null,
    categoryCode: '43',
    specialismCodes: [],
    settingConstraints: [],
    secureAuthorisation: null,
    urgency: 'regular',
    circumstanceCodes: [],
    keepWithSiblings: false,
    siblingGroup: null,
    siblingCount: 1,
    maxDistanceKm: null,
    rulingDate: '2026-10-01',
    fittingHelpDueOn: '2027-01-01',
    expectedStart: '2026-12-07',
    siblingOfferingKeys: [],
    brokenPlacements: 0,
    otherOpenNeeds: 0,
    ...overrides,
  };
}

export function offering(overrides: Partial<MatchOffering> = {}): MatchOffering {
  return {
    key: 'offering-1',
    providerId: 'provider-1',
    regionCode: 'JZ22',
    municipalityCode: 'GM0344',
    location: UTRECHT,
    categoryCode: '43',
    setting: 'residential',
    specialismCodes: [],
    minAge: 12,
    maxAge: 17,
    exclusionCodes: [],
    uncodedExclusions: [],
    requiresSecureAuthorisation: false,
    acceptsOtherRegions: true,
    contractedRegionCodes: ['JZ22'],
    freePlaces: 1,
    waitWeeks: 0,
    capacityStatus: 'open',
    capacityConfirmedAt: '2026-12-07T08:00:00.000Z',
    provider: { accepted: 0, declined: 0, declinedForCapacity: 0 },
    ...overrides,
  };
}

export const NOW = new Date('2026-12-07T12:00:00.000Z');
export const TODAY = '2026-12-07';
