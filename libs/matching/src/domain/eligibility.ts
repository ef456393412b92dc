import { daysBetween, epochDay, compareDates } from '@passend/cases/domain';
import { distanceKm } from '@passend/reference/domain';
import type { MatchChild, MatchOffering } from './model.js';

/**
 * The hard rules: an offering that breaks one is not proposed, and the reason says which. Each
 * rule has its own code so that a rejected option can be explained to the guardian, and a
 * guardian who proposes it by hand must record why (comply or explain, as for the norms).
 */
export type IneligibilityCode =
  | 'category_not_offered'
  | 'specialism_missing'
  | 'age_out_of_range'
  | 'secure_authorisation_missing'
  | 'secure_authorisation_not_valid_on_start'
  | 'excluded_by_criteria'
  | 'setting_not_fitting'
  | 'too_far'
  | 'other_region_not_accepted'
  | 'siblings_cannot_stay_together'
  | 'offering_closed';

export const INELIGIBILITY_CODES: readonly IneligibilityCode[] = [
  'category_not_offered',
  'specialism_missing',
  'age_out_of_range',
  'secure_authorisation_missing',
  'secure_authorisation_not_valid_on_start',
  'excluded_by_criteria',
  'setting_not_fitting',
  'too_far',
  'other_region_not_accepted',
  'siblings_cannot_stay_together',
  'offering_closed',
];

/** Dutch explanations for the screens. */
export const INELIGIBILITY_LABELS_NL: Readonly<Record<IneligibilityCode, string>> = {
  category_not_offered: 'biedt de benodigde productcategorie niet',
  specialism_missing: 'mist een benodigde specialisatie',
  age_out_of_range: 'leeftijd valt buiten het bereik op de startdatum',
  secure_authorisation_missing: 'gesloten jeugdzorg zonder machtiging gesloten jeugdhulp',
  secure_authorisation_not_valid_on_start: 'machtiging gesloten jeugdhulp geldt niet op de startdatum',
  excluded_by_criteria: 'valt onder een contra-indicatie van het aanbod',
  setting_not_fitting: 'vorm van hulp past niet bij wat het kind nodig heeft',
  too_far: 'verder weg dan de maximale afstand',
  other_region_not_accepted: 'neemt geen kinderen uit andere regio\u2019s aan',
  siblings_cannot_stay_together: 'te weinig plekken om broers en zussen samen te houden',
  offering_closed: 'aanbod is gesloten voor nieuwe kinderen',
};

/** Not a refusal, but something a person must know or do before an offer. */
export type EligibilityFlag =
  /** outside the child's region and not contracted for it: an extra procurement step */
  | 'extra_procurement'
  /** an exclusion text that no code matched: check it by hand */
  | 'check_exclusion_text'
  /** the provider does an intake assessment before it accepts */
  | 'intake_first'
  /** no free place now: the child would wait */
  | 'waiting_list';

export interface IneligibilityReason {
  code: IneligibilityCode;
  /** what exactly: the missing specialisms, the age, the distance, the criteria */
  detail?: Record<string, string | number | string[]>;
}

export interface Eligibility {
  eligible: boolean;
  reasons: IneligibilityReason[];
  flags: EligibilityFlag[];
  /** km from the child's network (or home) to the offering, rounded to 0.1 */
  distanceKm: number;
  /** age in years on the expected start, one decimal */
  ageOnStart: number;
  outsideOwnRegion: boolean;
}

/** Age in years (fractional, by days: 365.2425 a year) on a date; offerings give ages with one decimal. */
export function ageInYears(dateOfBirth: string, on: string): number {
  return daysBetween(dateOfBirth, on) / 365.2425;
}

/** A child's age on its expected start, computed once per child (a run checks it against every offering). */
const ageCache = new WeakMap<MatchChild, { on: string; dob: string; age: number }>();
export function ageOnStart(child: MatchChild): number {
  const cached = ageCache.get(child);
  if (cached && cached.on === child.expectedStart && cached.dob === child.dateOfBirth) return cached.age;
  const age = ageInYears(child.dateOfBirth, child.expectedStart);
  ageCache.set(child, { on: child.expectedStart, dob: child.dateOfBirth, age });
  return age;
}

/**
 * Whether an age fits an offering's range. Whole-year bounds read as people say them ("12 to 17"
 * takes a child until the 18th birthday, as the social map's search does with whole years); a
 * bound with a decimal ("4.5") is exact.
 */
export function ageFits(age: number, range: { minAge: number; maxAge: number }): boolean {
  const upper = Number.isInteger(range.maxAge) ? range.maxAge + 1 : range.maxAge;
  return age >= range.minAge && (Number.isInteger(range.maxAge) ? age < upper : age <= upper);
}

/** The point that counts for distance: the child's network when recorded, else home. */
export function anchorOf(child: MatchChild) {
  return child.network ?? child.home;
}

export function distanceToOffering(child: MatchChild, offering: MatchOffering): number {
  const a = anchorOf(child);
  return distanceKm(a.lat, a.lon, offering.location.lat, offering.location.lon);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The bit of each rule in an ineligibility mask (the order of INELIGIBILITY_CODES). */
export const RULE_BIT: Readonly<Record<IneligibilityCode, number>> = Object.fromEntries(INELIGIBILITY_CODES.map((code, i) => [code, 1 << i])) as Record<IneligibilityCode, number>;

function secureAuthorisationBits(child: MatchChild, offering: MatchOffering): number {
  if (!offering.requiresSecureAuthorisation) return 0;
  const auth = child.secureAuthorisation;
  if (!auth) return RULE_BIT.secure_authorisation_missing;
  return compareDates(auth.from, child.expectedStart) > 0 || compareDates(auth.to, child.expectedStart) < 0 ? RULE_BIT.secure_authorisation_not_valid_on_start : 0;
}

/**
 * The hard rules, once: a bit for every rule the offering breaks for this child (0: eligible).
 * Allocation-free, because a national run asks it for every child against every offering of the
 * category (millions of pairs); checkEligibility explains the same bits with their details.
 */
export function ineligibilityMask(child: MatchChild, offering: MatchOffering, distance: number, age: number = ageOnStart(child)): number {
  return maskBesidesDistance(child, offering, age) | distanceBit(child, distance);
}

/** The distance rule alone: a run measures only the pairs that need it (a maximum distance, or an eligible pair's fit). */
export function distanceBit(child: MatchChild, distance: number): number {
  return child.maxDistanceKm !== null && distance > child.maxDistanceKm ? RULE_BIT.too_far : 0;
}

/** Every rule but the distance. */
export function maskBesidesDistance(child: MatchChild, offering: MatchOffering, age: number): number {
  let mask = 0;
  if (offering.categoryCode !== child.categoryCode) mask |= RULE_BIT.category_not_offered;
  // indexed loops: this runs for millions of pairs
  const needed = child.specialismCodes;
  for (let i = 0; i < needed.length; i++) {
    if (!offering.specialismCodes.includes(needed[i]!)) {
      mask |= RULE_BIT.specialism_missing;
      break;
    }
  }
  if (!ageFits(age, offering)) mask |= RULE_BIT.age_out_of_range;
  if (offering.requiresSecureAuthorisation) mask |= secureAuthorisationBits(child, offering);
  const excluded = offering.exclusionCodes;
  if (child.circumstanceCodes.length) {
    for (let i = 0; i < excluded.length; i++) {
      if (child.circumstanceCodes.includes(excluded[i]!)) {
        mask |= RULE_BIT.excluded_by_criteria;
        break;
      }
    }
  }
  if (child.settingConstraints.length && !child.settingConstraints.includes(offering.setting)) mask |= RULE_BIT.setting_not_fitting;
  if (offering.regionCode !== child.homeRegionCode && !offering.acceptsOtherRegions && !offering.contractedRegionCodes.includes(child.homeRegionCode)) {
    mask |= RULE_BIT.other_region_not_accepted;
  }
  // on a waiting list the places come later, all at once or not: only free places now can split siblings
  if (child.keepWithSiblings && child.siblingCount > 1 && offering.capacityStatus !== 'waiting_list' && offering.freePlaces > 0 && offering.freePlaces < child.siblingCount) {
    mask |= RULE_BIT.siblings_cannot_stay_together;
  }
  if (offering.capacityStatus === 'closed') mask |= RULE_BIT.offering_closed;
  return mask;
}

/** Checks every hard rule (not only the first failing one), so the explanation is complete. */
export function checkEligibility(child: MatchChild, offering: MatchOffering, distance = distanceToOffering(child, offering)): Eligibility {
  const mask = ineligibilityMask(child, offering, distance);
  const age = ageOnStart(child);
  const broken = (code: IneligibilityCode) => (mask & RULE_BIT[code]) !== 0;
  const details: Record<IneligibilityCode, () => IneligibilityReason['detail']> = {
    category_not_offered: () => ({ needed: child.categoryCode, offered: offering.categoryCode }),
    specialism_missing: () => ({ missing: child.specialismCodes.filter((s) => !offering.specialismCodes.includes(s)) }),
    age_out_of_range: () => ({ age: round1(age), minAge: offering.minAge, maxAge: offering.maxAge }),
    secure_authorisation_missing: () => undefined,
    secure_authorisation_not_valid_on_start: () => ({ from: child.secureAuthorisation!.from, to: child.secureAuthorisation!.to, start: child.expectedStart }),
    excluded_by_criteria: () => ({ criteria: offering.exclusionCodes.filter((c) => child.circumstanceCodes.includes(c)) }),
    setting_not_fitting: () => ({ setting: offering.setting, fitting: [...child.settingConstraints] }),
    too_far: () => ({ distanceKm: round1(distance), maxDistanceKm: child.maxDistanceKm! }),
    other_region_not_accepted: () => ({ offeringRegion: offering.regionCode, childRegion: child.homeRegionCode }),
    siblings_cannot_stay_together: () => ({ siblings: child.siblingCount, freePlaces: offering.freePlaces }),
    offering_closed: () => undefined,
  };
  const reasons: IneligibilityReason[] = INELIGIBILITY_CODES.filter(broken).map((code) => {
    const detail = details[code]();
    return detail === undefined ? { code } : { code, detail };
  });

  const flags: EligibilityFlag[] = [];
  if (offering.uncodedExclusions.length) flags.push('check_exclusion_text');
  const outsideOwnRegion = offering.regionCode !== child.homeRegionCode;
  if (outsideOwnRegion && !offering.contractedRegionCodes.includes(child.homeRegionCode) && offering.acceptsOtherRegions) flags.push('extra_procurement');
  if (offering.capacityStatus === 'intake_first') flags.push('intake_first');
  if (offering.capacityStatus === 'waiting_list' || (offering.capacityStatus !== 'closed' && offering.freePlaces === 0)) flags.push('waiting_list');

  return { eligible: mask === 0, reasons, flags, distanceKm: round1(distance), ageOnStart: round1(age), outsideOwnRegion };
}

/** The distance checkEligibility reports (0.1 km), which the fit uses. */
export const reportedDistance = round1;

/** Whether an eligible offering can take the child now (a free place, not on a waiting list): the solver's edges. */
export function placeableNow(offering: MatchOffering): boolean {
  return offering.freePlaces > 0 && (offering.capacityStatus === 'open' || offering.capacityStatus === 'intake_first');
}

/** Days since the ruling: the child's time on the norm clock (0 on the day of the ruling). */
export function daysOnClock(child: Pick<MatchChild, 'rulingDate'>, today: string): number {
  return Math.max(0, epochDay(today) - epochDay(child.rulingDate));
}
