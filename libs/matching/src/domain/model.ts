import type { CapacityStatus } from '@passend/social-map/domain';

/**
 * What matching reasons about, as plain data. The read model fills these from the cases and
 * social-map ports; the solver, the simulation and the tests build them directly. No personal
 * data beyond what eligibility needs: the date of birth (for the age on the start date) lives
 * here only in memory, never in a stored proposal, a job payload or a log line.
 */

export type Urgency = 'regular' | 'urgent' | 'acute';
export const URGENCIES: readonly Urgency[] = ['regular', 'urgent', 'acute'];

/** Capacity as a status as well as a number: the social map's vocabulary (open, waiting list, intake first, closed). */
export type { CapacityStatus };

export interface GeoPoint {
  lat: number;
  lon: number;
}

/** One need of one waiting child: the unit matching places. */
export interface MatchChild {
  /** the need's id: stable, sorts the solver's input */
  key: string;
  measureId: string;
  institutionId: string;
  /** LocalDate; in memory only */
  dateOfBirth: string;
  homeRegionCode: string;
  homeMunicipalityCode: string;
  home: GeoPoint;
  /** where the child's network lives, when it differs from home */
  network: GeoPoint | null;
  categoryCode: string;
  specialismCodes: readonly string[];
  /** settings that fit the child; empty: any */
  settingConstraints: readonly string[];
  secureAuthorisation: { from: string; to: string } | null;
  urgency: Urgency;
  /** the child's circumstances, in the exclusion vocabulary of the reference lib */
  circumstanceCodes: readonly string[];
  keepWithSiblings: boolean;
  /** the group of brothers and sisters kept together (within one institution), or null */
  siblingGroup: string | null;
  /** brothers and sisters waiting with this need and kept together (1 = no siblings) */
  siblingCount: number;
  maxDistanceKm: number | null;
  rulingDate: string;
  fittingHelpDueOn: string;
  /** the first day help could start: today, or a later date the guardian gave */
  expectedStart: string;
  /** offerings where a brother or sister is placed or proposed: continuity */
  siblingOfferingKeys: readonly string[];
  /** earlier placements that broke down (for the referral rules) */
  brokenPlacements: number;
  /** other open needs of the same measure (several kinds of help) */
  otherOpenNeeds: number;
}

/** A provider's recent answers to proposals, for the acceptance factor and capacity honesty. */
export interface ProviderRecord {
  accepted: number;
  declined: number;
  /** declines saying "no place" while free places were declared */
  declinedForCapacity: number;
}

export interface MatchOffering {
  key: string;
  providerId: string;
  regionCode: string;
  municipalityCode: string;
  location: GeoPoint;
  categoryCode: string;
  setting: string;
  specialismCodes: readonly string[];
  minAge: number;
  maxAge: number;
  /** exclusion criteria recognised in the reference vocabulary */
  exclusionCodes: readonly string[];
  /** exclusion texts no code matched: a person has to check them */
  uncodedExclusions: readonly string[];
  requiresSecureAuthorisation: boolean;
  acceptsOtherRegions: boolean;
  contractedRegionCodes: readonly string[];
  freePlaces: number;
  waitWeeks: number;
  capacityStatus: CapacityStatus;
  /** ISO instant of the last capacity confirmation */
  capacityConfirmedAt: string;
  provider: ProviderRecord;
}
