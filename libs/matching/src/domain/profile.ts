import { ageInYears } from './eligibility.js';
import type { MatchChild } from './model.js';
import type { PlannedOption } from './plan.js';

/**
 * What a provider sees of a child proposed to it, before it accepts: an age band, the needs,
 * the region and the urgency, and the expected start. No name, no BSN, no date of birth, no
 * municipality (in a small municipality that narrows a child down too far).
 */
export interface PseudonymisedProfile {
  ageBand: AgeBand;
  categoryCode: string;
  specialismCodes: string[];
  settingConstraints: string[];
  regionCode: string;
  urgency: MatchChild['urgency'];
  expectedStart: string;
  siblingsTogether: number;
  /** the child's circumstances an offering may exclude: the provider must know these to answer */
  circumstanceCodes: string[];
}

export type AgeBand = '0-3' | '4-11' | '12-15' | '16-17' | '18+';

export function ageBand(age: number): AgeBand {
  if (age < 4) return '0-3';
  if (age < 12) return '4-11';
  if (age < 16) return '12-15';
  if (age < 18) return '16-17';
  return '18+';
}

export function pseudonymisedProfile(child: MatchChild): PseudonymisedProfile {
  return {
    ageBand: ageBand(ageInYears(child.dateOfBirth, child.expectedStart)),
    categoryCode: child.categoryCode,
    specialismCodes: [...child.specialismCodes],
    settingConstraints: [...child.settingConstraints],
    regionCode: child.homeRegionCode,
    urgency: child.urgency,
    expectedStart: child.expectedStart,
    siblingsTogether: child.keepWithSiblings ? child.siblingCount : 1,
    circumstanceCodes: [...child.circumstanceCodes],
  };
}

/** An option as stored with a proposal and shown to the guardian: ids, numbers and codes only. */
export interface StoredOption {
  offeringId: string;
  providerId: string;
  fitScore: number;
  fitRank: number;
  distanceKm: number;
  outsideOwnRegion: boolean;
  flags: string[];
  factors: { factor: string; value: number; weight: number; points: number; detail: Record<string, string | number | boolean> }[];
}

export function storedOption(o: PlannedOption): StoredOption {
  return {
    offeringId: o.offeringKey,
    providerId: o.providerId,
    fitScore: o.fit.score,
    fitRank: o.fitRank,
    distanceKm: o.distanceKm,
    outsideOwnRegion: o.outsideOwnRegion,
    flags: [...o.flags],
    factors: o.fit.factors.map((f) => ({ ...f, detail: { ...f.detail } })),
  };
}
