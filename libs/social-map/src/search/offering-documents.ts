import type { EntityManager } from 'typeorm';
import { housesPrivateHomeSql } from '../catalog/private-home-sql.js';
import { freshnessOf } from '../domain/freshness.js';
import { withholdAddress } from '../domain/private-home.js';
import { SETTING_LABELS_NL, type Setting } from '@passend/reference/domain';
import type { OfferingHit } from './offering-search.js';

/**
 * One offering as the search engines see it: the directory fields of OfferingHit, flattened, plus
 * the directory words it is found by (description, category/setting/specialism labels, municipality
 * name). Directory data only: the social map holds no personal data, and this document never
 * carries a user id (no capacity_confirmed_by, no holds, no events). Meilisearch stores exactly this.
 */
export interface OfferingDocument {
  id: string;
  name: string;
  description: string;
  categoryCode: string;
  categoryLabel: string;
  setting: Setting;
  settingLabel: string;
  minAge: number;
  maxAge: number;
  specialismCodes: string[];
  specialismLabels: string[];
  specialismSynonyms: string[];
  requiresSecureAuthorisation: boolean;
  acceptsOtherRegions: boolean;
  /** secure residential care, or needing a court authorisation for secure care */
  secure: boolean;
  contractedRegionCodes: string[];
  providerId: string;
  providerName: string;
  locationId: string;
  locationName: string;
  city: string;
  municipalityCode: string;
  municipalityName: string;
  regionCode: string;
  /**
   * The public position. A location that houses a family home or foster family (any offering at it)
   * is indexed at its municipality's centre, named after its municipality (and has no position
   * when that centre is unknown): distances and radius searches cannot find the house.
   */
  _geo?: { lat: number; lng: number };
  addressWithheld: boolean;
  totalPlaces: number;
  freePlaces: number;
  hasFree: boolean;
  waitWeeks: number;
  /** epoch milliseconds (sortable) */
  capacityConfirmedAt: number;
  /** always true: inactive offerings have no document */
  active: true;
}

/** The whitelist: every field a search document may have. */
export const OFFERING_DOCUMENT_FIELDS = [
  'id', 'name', 'description', 'categoryCode', 'categoryLabel', 'setting', 'settingLabel', 'minAge', 'maxAge',
  'specialismCodes', 'specialismLabels', 'specialismSynonyms', 'requiresSecureAuthorisation', 'acceptsOtherRegions',
  'secure', 'contractedRegionCodes', 'providerId', 'providerName', 'locationId', 'locationName', 'city',
  'municipalityCode', 'municipalityName', 'regionCode', '_geo', 'addressWithheld', 'totalPlaces', 'freePlaces', 'hasFree', 'waitWeeks',
  'capacityConfirmedAt', 'active',
] as const satisfies readonly (keyof OfferingDocument)[];

interface DocumentRow {
  id: string;
  name: string;
  description: string;
  category_code: string;
  category_label: string | null;
  setting: Setting;
  min_age: number;
  max_age: number;
  requires_secure_authorisation: boolean;
  accepts_other_regions: boolean;
  total_places: number;
  free_places: number;
  capacity_status: string;
  wait_weeks: number;
  capacity_confirmed_at: Date;
  provider_id: string;
  provider_name: string;
  location_id: string;
  location_name: string;
  city: string;
  municipality_code: string;
  municipality_name: string;
  region_code: string;
  latitude: number;
  longitude: number;
  private_home: boolean;
  municipality_latitude: number | null;
  municipality_longitude: number | null;
  specialisms: { code: string; label: string; synonyms: string[] }[];
  contracted_region_codes: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The well-formed ids among these, once each (a malformed id names no offering). */
export function validOfferingIds(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id) => typeof id === 'string' && UUID.test(id)).map((id) => id.toLowerCase()))];
}

/**
 * The documents of the active offerings among `offeringIds`, in one query (provider, location,
 * municipality and region joined; specialisms and contracted regions aggregated). Ids of inactive
 * or unknown offerings are simply absent from the answer.
 */
export async function loadOfferingDocuments(manager: EntityManager, offeringIds: readonly string[]): Promise<OfferingDocument[]> {
  const ids = validOfferingIds(offeringIds);
  if (ids.length === 0) return [];
  const rows = (await manager.query(
    `SELECT o.id, o.name, o.description_nl AS description, o.category_code, c.value AS category_label, o.setting,
            o.min_age::float8 AS min_age, o.max_age::float8 AS max_age,
            o.requires_secure_authorisation, o.accepts_other_regions,
            o.total_places, o.free_places, o.wait_weeks, o.capacity_confirmed_at, o.capacity_status,
            p.id AS provider_id, p.name AS provider_name,
            l.id AS location_id, l.name AS location_name, l.city, l.municipality_code, m.name AS municipality_name, m.region_code,
            l.latitude, l.longitude, ${housesPrivateHomeSql('l')} AS private_home,
            m.latitude AS municipality_latitude, m.longitude AS municipality_longitude,
            coalesce(sp.specialisms, '[]'::json) AS specialisms,
            coalesce(ct.region_codes, '{}'::varchar[]) AS contracted_region_codes
       FROM social_map.offering o
       JOIN social_map.provider p ON p.id = o.provider_id
       JOIN social_map.location l ON l.id = o.location_id
       JOIN reference.municipality m ON m.code = l.municipality_code
       LEFT JOIN reference.code_list_entry c ON c.list_code = 'JZ020' AND c.code = o.category_code
       LEFT JOIN (
         SELECT os.offering_id, json_agg(json_build_object('code', s.code, 'label', s.label_nl, 'synonyms', s.synonyms) ORDER BY s.code) AS specialisms
           FROM social_map.offering_specialism os
           JOIN social_map.specialism s ON s.code = os.specialism_code
          WHERE os.offering_id = ANY($1::uuid[])
          GROUP BY os.offering_id
       ) sp ON sp.offering_id = o.id
       LEFT JOIN (
         SELECT oc.offering_id, array_agg(oc.region_code ORDER BY oc.region_code) AS region_codes
           FROM social_map.offering_contract oc
          WHERE oc.offering_id = ANY($1::uuid[])
          GROUP BY oc.offering_id
       ) ct ON ct.offering_id = o.id
      WHERE o.id = ANY($1::uuid[]) AND o.active`,
    [ids],
  )) as DocumentRow[];
  return rows.map(toDocument);
}

function toDocument(r: DocumentRow): OfferingDocument {
  const exact = { name: r.location_name, street: null, postcode: null, city: r.city, latitude: r.latitude, longitude: r.longitude };
  const place = r.private_home
    ? withholdAddress(exact, { name: r.municipality_name, latitude: r.municipality_latitude, longitude: r.municipality_longitude })
    : { ...exact, addressWithheld: false };
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    categoryCode: r.category_code,
    categoryLabel: r.category_label ?? '',
    setting: r.setting,
    settingLabel: SETTING_LABELS_NL[r.setting] ?? r.setting,
    minAge: r.min_age,
    maxAge: r.max_age,
    specialismCodes: r.specialisms.map((s) => s.code),
    specialismLabels: r.specialisms.map((s) => s.label),
    specialismSynonyms: [...new Set(r.specialisms.flatMap((s) => s.synonyms))],
    requiresSecureAuthorisation: r.requires_secure_authorisation,
    acceptsOtherRegions: r.accepts_other_regions,
    secure: r.setting === 'secure_residential' || r.requires_secure_authorisation,
    contractedRegionCodes: r.contracted_region_codes,
    providerId: r.provider_id,
    providerName: r.provider_name,
    locationId: r.location_id,
    locationName: place.name,
    city: place.city,
    municipalityCode: r.municipality_code,
    municipalityName: r.municipality_name,
    regionCode: r.region_code,
    ...(place.latitude !== null && place.longitude !== null ? { _geo: { lat: place.latitude, lng: place.longitude } } : {}),
    addressWithheld: place.addressWithheld,
    totalPlaces: r.total_places,
    freePlaces: r.free_places,
    // a closed offering or one with a waiting list has no place a child can take now
    hasFree: r.free_places > 0 && (r.capacity_status === 'open' || r.capacity_status === 'intake_first'),
    waitWeeks: r.wait_weeks,
    capacityConfirmedAt: r.capacity_confirmed_at.getTime(),
    active: true,
  };
}

/** km with two decimals: what both engines report */
export function roundKm(km: number): number {
  return Math.round(km * 100) / 100;
}

/** The hit a document makes, at `now` (freshness) and, when searched near a point, its distance. */
export function hitFromDocument(d: OfferingDocument, now: Date, distanceKm: number | null): OfferingHit {
  const confirmedAt = new Date(d.capacityConfirmedAt);
  return {
    offeringId: d.id,
    name: d.name,
    categoryCode: d.categoryCode,
    setting: d.setting,
    minAge: d.minAge,
    maxAge: d.maxAge,
    specialismCodes: [...d.specialismCodes],
    requiresSecureAuthorisation: d.requiresSecureAuthorisation,
    acceptsOtherRegions: d.acceptsOtherRegions,
    contractedRegionCodes: [...d.contractedRegionCodes],
    provider: { id: d.providerId, name: d.providerName },
    location: {
      id: d.locationId,
      name: d.locationName,
      city: d.city,
      municipalityCode: d.municipalityCode,
      regionCode: d.regionCode,
      latitude: d._geo?.lat ?? null,
      longitude: d._geo?.lng ?? null,
      addressWithheld: d.addressWithheld,
    },
    distanceKm: distanceKm === null ? null : roundKm(distanceKm),
    totalPlaces: d.totalPlaces,
    freePlaces: d.freePlaces,
    waitWeeks: d.waitWeeks,
    capacityConfirmedAt: confirmedAt.toISOString(),
    freshness: freshnessOf(confirmedAt, now),
  };
}
