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

/** Checks every hard rule (not only the first failing one), so the explanation is complete. */
export function checkEligibility(child: MatchChild, offering: MatchOffering, distance = distanceToOffering(child, offering)): Eligibility {
  const reasons: IneligibilityReason[] = [];
  const flags: EligibilityFlag[] = [];

  if (offering.categoryCode !== child.categoryCode) reasons.push({ code: 'category_not_offered', detail: { needed: child.categoryCode, offered: offering.categoryCode } });

  const missing = child.specialismCodes.filter((s) => !offering.specialismCodes.includes(s));
  if (missing.length) reasons.push({ code: 'specialism_missing', detail: { missing } });

  const age = ageInYears(child.dateOfBirth, child.expectedStart);
  if (!ageFits(age, offering)) reasons.push({ code: 'age_out_of_range', detail: { age: round1(age), minAge: offering.minAge, maxAge: offering.maxAge } });

  if (offering.requiresSecureAuthorisation) {
    const auth = child.secureAuthorisation;
    if (!auth) reasons.push({ code: 'secure_authorisation_missing' });
    else if (compareDates(auth.from, child.expectedStart) > 0 || compareDates(auth.to, child.expectedStart) < 0) {
      reasons.push({ code: 'secure_authorisation_not_valid_on_start', detail: { from: auth.from, to: auth.to, start: child.expectedStart } });
    }
  }

  const excludedBy = offering.exclusionCodes.filter((c) => child.circumstanceCodes.includes(c));
  if (excludedBy.length) reasons.push({ code: 'excluded_by_criteria', detail: { criteria: excludedBy } });
  if (offering.uncodedExclusions.length) flags.push('check_exclusion_text');

  if (child.settingConstraints.length && !child.settingConstraints.includes(offering.setting)) {
    reasons.push({ code: 'setting_not_fitting', detail: { setting: offering.setting, fitting: [...child.settingConstraints] } });
  }

  if (child.maxDistanceKm !== null && distance > child.maxDistanceKm) reasons.push({ code: 'too_far', detail: { distanceKm: round1(distance), maxDistanceKm: child.maxDistanceKm } });

  const outsideOwnRegion = offering.regionCode !== child.homeRegionCode;
  const contracted = offering.contractedRegionCodes.includes(child.homeRegionCode);
  if (outsideOwnRegion && !contracted) {
    if (!offering.acceptsOtherRegions) reasons.push({ code: 'other_region_not_accepted', detail: { offeringRegion: offering.regionCode, childRegion: child.homeRegionCode } });
    else flags.push('extra_procurement');
  }

  if (child.keepWithSiblings && child.siblingCount > 1) {
    // on a waiting list the places come later, all at once or not: only free places now can split them
    if (offering.capacityStatus !== 'waiting_list' && offering.freePlaces > 0 && offering.freePlaces < child.siblingCount) {
      reasons.push({ code: 'siblings_cannot_stay_together', detail: { siblings: child.siblingCount, freePlaces: offering.freePlaces } });
    }
  }

  if (offering.capacityStatus === 'closed') reasons.push({ code: 'offering_closed' });
  else if (offering.capacityStatus === 'intake_first') flags.push('intake_first');
  if (offering.capacityStatus === 'waiting_list' || (offering.capacityStatus !== 'closed' && offering.freePlaces === 0)) flags.push('waiting_list');

  return { eligible: reasons.length === 0, reasons, flags, distanceKm: round1(distance), ageOnStart: round1(age), outsideOwnRegion };
}

/** Whether an eligible offering can take the child now (a free place, not on a waiting list): the solver's edges. */
export function placeableNow(offering: MatchOffering): boolean {
  return offering.freePlaces > 0 && (offering.capacityStatus === 'open' || offering.capacityStatus === 'intake_first');
}

/** Days since the ruling: the child's time on the norm clock (0 on the day of the ruling). */
export function daysOnClock(child: Pick<MatchChild, 'rulingDate'>, today: string): number {
  return Math.max(0, epochDay(today) - epochDay(child.rulingDate));
}
