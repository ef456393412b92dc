import type { Freshness } from '../domain/freshness.js';
import type { Setting } from '@passend/reference/domain';

/**
 * The search port: one contract, two engines (PostgreSQL, the embedded default; Meilisearch when
 * MEILI_URL is set). Both pass the same contract suite. The index holds directory data only:
 * never a child, never a person.
 */
export interface OfferingSearchQuery {
  /** free text in Dutch; typo tolerant */
  text?: string;
  /** offerings located in this youth-care region (JZ##) */
  regionCode?: string;
  /** offerings located in this municipality (GM####) */
  municipalityCode?: string;
  categoryCodes?: string[];
  specialismCodes?: string[];
  settings?: Setting[];
  /** the child's age in years (decimals allowed): min_age <= age <= max_age */
  childAge?: number;
  /** only offerings with a free place now */
  freeNow?: boolean;
  /** offerings with a free place, or whose expected wait is at most this */
  maxWaitWeeks?: number;
  /** offerings contracted by this region, or accepting children from other regions */
  contractedFor?: string;
  /** true: only secure residential care (needs a court authorisation); false: none of it */
  secureCare?: boolean;
  /** distance from this point; with radiusKm only offerings within it */
  near?: { latitude: number; longitude: number; radiusKm?: number };
  sort: 'relevance' | 'distance' | 'wait' | 'freshness';
  page: number;
  perPage: number;
}

export interface OfferingHit {
  offeringId: string;
  name: string;
  categoryCode: string;
  setting: Setting;
  minAge: number;
  maxAge: number;
  specialismCodes: string[];
  requiresSecureAuthorisation: boolean;
  acceptsOtherRegions: boolean;
  contractedRegionCodes: string[];
  provider: { id: string; name: string };
  /** a location that houses a private home: the municipality's name and centre (null if unknown), addressWithheld */
  location: { id: string; name: string; city: string; municipalityCode: string; regionCode: string; latitude: number | null; longitude: number | null; addressWithheld: boolean };
  /** km from `near`, when given */
  distanceKm: number | null;
  totalPlaces: number;
  freePlaces: number;
  waitWeeks: number;
  capacityConfirmedAt: string;
  freshness: Freshness;
}

export interface OfferingFacets {
  region: Record<string, number>;
  category: Record<string, number>;
  setting: Record<string, number>;
  availability: { free: number; full: number };
}

export interface OfferingSearchResult {
  hits: OfferingHit[];
  total: number;
  page: number;
  perPage: number;
  facets: OfferingFacets;
  engine: 'postgresql' | 'meilisearch';
}

export interface OfferingSearchEngine {
  readonly name: 'postgresql' | 'meilisearch';
  search(query: OfferingSearchQuery, now: Date): Promise<OfferingSearchResult>;
  /** bring these offerings' documents up to date (deleted/inactive ones leave the index); idempotent */
  sync(offeringIds: string[]): Promise<void>;
  /** rebuild the whole index; reports progress */
  reindexAll(onProgress?: (done: number, total: number) => void): Promise<number>;
  /** true when the engine answers */
  isAvailable(): Promise<boolean>;
}

export const OFFERING_SEARCH = Symbol('OFFERING_SEARCH');
