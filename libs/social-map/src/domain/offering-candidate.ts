import type { CapacityStatus } from './capacity.js';
import type { Setting } from '@passend/reference/domain';

/**
 * An offering as matching sees it: plain data, no framework. Read through OfferingReader.
 * `latitude`/`longitude` are the location's (for distances); for a private home
 * (`isPrivateHome`) they must not be shown to anyone but its provider.
 */
export interface OfferingCandidate {
  offeringId: string;
  providerId: string;
  locationId: string;
  municipalityCode: string;
  regionCode: string;
  latitude: number;
  longitude: number;
  categoryCode: string;
  setting: Setting;
  specialismCodes: string[];
  minAge: number;
  maxAge: number;
  /** as the provider wrote them (Dutch texts); map with exclusionCodeOf of @passend/reference/domain */
  exclusionCriteria: string[];
  requiresSecureAuthorisation: boolean;
  acceptsOtherRegions: boolean;
  contractedRegionCodes: string[];
  freePlaces: number;
  waitWeeks: number;
  capacityStatus: CapacityStatus;
  /** ISO 8601 */
  capacityConfirmedAt: string;
  /** the location houses a family home or foster family (any offering at it, active or not): somebody's house */
  isPrivateHome: boolean;
}

export interface OfferingCandidateFilter {
  /** JZ020 categories; empty: every category */
  categoryCodes: string[];
  /** only offerings with a free place now */
  onlyWithFreePlaces?: boolean;
  /** only offerings located in these youth-care regions; absent: everywhere */
  regionCodes?: string[];
}
