import { createHash } from 'node:crypto';
import { PRIVATE_HOME_SETTINGS, SETTING_LABELS_NL, type Setting } from '@passend/reference/domain';
import type {
  HsdsAttributeResponse,
  HsdsLocationResponse,
  HsdsOrganizationResponse,
  HsdsPageResponse,
  HsdsServiceAreaResponse,
  HsdsServiceResponse,
  HsdsTaxonomyResponse,
} from './hsds.dto.js';

/**
 * Plain mapping from the social map's rows to Open Referral HSDS 3.1 objects: no database, no HTTP.
 * Only directory data goes in (providers, locations, offerings, capacity); nothing about children,
 * users or who confirmed a capacity.
 */

// ---- stable ids --------------------------------------------------------------------------------

/** The namespace of the name-based ids below (a fixed random UUID; changing it changes every id). */
const NAMESPACE = Buffer.from('6f1b2c4e9d3a4f7b8e215c0a9d7e3b41', 'hex');

/**
 * HSDS wants a UUID for every object; rows without one of their own (a capacity, a contract, an
 * address) get a UUID v5 (RFC 9562, SHA-1, name based) from their kind and keys: the same on every
 * call, so consumers can diff exports.
 */
export function stableUuid(...parts: string[]): string {
  const bytes = createHash('sha1').update(NAMESPACE).update(parts.join('\u001f')).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---- rows ------------------------------------------------------------------------------------

export interface ServiceRow {
  id: string;
  providerId: string;
  name: string;
  descriptionNl: string;
  categoryCode: string;
  /** the Dutch label from reference.code_list_entry (JZ020); null for a code not in the list */
  categoryLabel: string | null;
  setting: Setting;
  minAge: number;
  maxAge: number;
  exclusionCriteria: string[];
  requiresSecureAuthorisation: boolean;
  totalPlaces: number;
  freePlaces: number;
  waitWeeks: number;
  capacityConfirmedAt: Date;
  lastModified: Date;
  location: {
    id: string;
    name: string;
    street: string | null;
    postcode: string | null;
    city: string;
    municipalityCode: string;
    municipalityName: string;
    province: string;
    latitude: number;
    longitude: number;
    municipalityLatitude: number | null;
    municipalityLongitude: number | null;
    /** any offering at this location (active or not) is foster care or a family home */
    privateHome: boolean;
  };
}

export interface SpecialismLink {
  code: string;
  labelNl: string;
  labelEn: string;
}

export interface RegionLink {
  code: string;
  name: string;
  mainProvince: string;
  /** the region's municipalities, comma-separated */
  municipalities: string;
}

export interface ProviderRow {
  id: string;
  name: string;
  description: string;
  website: string | null;
  email: string | null;
  phone: string | null;
  kvkNumber: string | null;
}

// ---- taxonomies ------------------------------------------------------------------------------

export const JZ020_TAXONOMY: HsdsTaxonomyResponse = {
  id: stableUuid('taxonomy', 'iJw JZ020'),
  name: 'iJw JZ020',
  description: 'iJw 3.2 codelijst JZ020: productcategorie jeugdhulp (iStandaarden, Zorginstituut Nederland)',
  version: '3.2',
};

export const SPECIALISM_TAXONOMY: HsdsTaxonomyResponse = {
  id: stableUuid('taxonomy', 'Passend specialismen'),
  name: 'Passend specialismen',
  description: 'Specialismen en doelgroepproblematiek van het jeugdhulpaanbod op de sociale kaart van Passend',
};

export const SETTING_TAXONOMY: HsdsTaxonomyResponse = {
  id: stableUuid('taxonomy', 'Passend zorgvorm'),
  name: 'Passend zorgvorm',
  description: 'Vorm van de jeugdhulp: ambulant, dagbehandeling, pleegzorg, gezinshuis, residentieel, gesloten of crisisopvang',
};

function attribute(serviceId: string, linkType: string, taxonomy: HsdsTaxonomyResponse, code: string, name: string, description: string): HsdsAttributeResponse {
  const termId = stableUuid('taxonomy_term', taxonomy.name, code);
  return {
    id: stableUuid('attribute', serviceId, termId),
    link_id: serviceId,
    link_entity: 'service',
    link_type: linkType,
    taxonomy_term_id: termId,
    taxonomy_term: { id: termId, code, name, description, taxonomy: taxonomy.name, taxonomy_id: taxonomy.id, taxonomy_detail: taxonomy, language: 'nld' },
    label: name,
  };
}

// ---- texts -----------------------------------------------------------------------------------

/** Years in Dutch notation: 4, 17,5. */
export function dutchYears(years: number): string {
  return String(Number(years)).replace('.', ',');
}

/** "Leeftijd 4 tot 17,5 jaar", then the exclusions and the court authorisation secure care needs. */
export function eligibilityText(row: Pick<ServiceRow, 'minAge' | 'maxAge' | 'exclusionCriteria' | 'requiresSecureAuthorisation'>): string {
  const parts = [`Leeftijd ${dutchYears(row.minAge)} tot ${dutchYears(row.maxAge)} jaar`];
  if (row.exclusionCriteria.length) parts.push(`Niet voor: ${row.exclusionCriteria.join('; ')}`);
  if (row.requiresSecureAuthorisation) parts.push('Alleen met een machtiging gesloten jeugdhulp');
  return parts.join('. ');
}

/** "Direct plaats" while a place is free; otherwise the provider's expected wait. */
export function waitTimeText(freePlaces: number, waitWeeks: number): string {
  if (freePlaces > 0) return 'Direct plaats';
  if (waitWeeks === 0) return 'Vol; verwachte wachttijd korter dan een week';
  return `Wachttijd ${waitWeeks} ${waitWeeks === 1 ? 'week' : 'weken'}`;
}

// ---- locations -------------------------------------------------------------------------------

/**
 * Foster care and family homes happen in someone's home: publishing that address (or its exact
 * coordinates, or a location name such as "Gezinshuis Jansen") would tell anyone where children in
 * care live. Privacy is decided per location: every service at a location that houses such an
 * offering (active or not) shows its municipality only, with the municipality's centre as coordinates.
 */
export { PRIVATE_HOME_SETTINGS };

export function toHsdsLocation(row: ServiceRow): HsdsLocationResponse {
  const l = row.location;
  const base = {
    id: l.id,
    location_type: 'physical',
    organization_id: row.providerId,
    external_identifier: l.municipalityCode,
    external_identifier_type: 'CBS gemeentecode',
  };
  if (l.privateHome || PRIVATE_HOME_SETTINGS.includes(row.setting)) {
    return {
      ...base,
      name: l.municipalityName,
      description: `Adres niet openbaar (op deze locatie is een gezinshuis of pleeggezin, een woonhuis); gemeente ${l.municipalityName}`,
      ...(l.municipalityLatitude !== null && l.municipalityLongitude !== null ? { latitude: l.municipalityLatitude, longitude: l.municipalityLongitude } : {}),
      addresses: [],
    };
  }
  return {
    ...base,
    name: l.name,
    latitude: l.latitude,
    longitude: l.longitude,
    // HSDS requires address_1 and postal_code: a location without street or postcode has no address entry
    addresses: l.street && l.postcode
      ? [{
          id: stableUuid('address', l.id),
          location_id: l.id,
          address_1: l.street,
          city: l.city,
          region: l.municipalityName,
          state_province: l.province,
          postal_code: l.postcode,
          country: 'NL',
          address_type: 'physical',
        }]
      : [],
  };
}

// ---- services --------------------------------------------------------------------------------

export const PLACES_UNIT = { id: stableUuid('unit', 'places'), name: 'places', scheme: 'Passend', identifier: 'places' };

function toServiceArea(serviceId: string, region: RegionLink): HsdsServiceAreaResponse {
  return {
    id: stableUuid('service_area', serviceId, region.code),
    service_id: serviceId,
    name: `${region.name} (${region.code})`,
    description: `Gecontracteerd door jeugdzorgregio ${region.code} ${region.name} (provincie ${region.mainProvince})`,
    extent: region.municipalities,
    extent_type: 'text',
  };
}

export function toHsdsService(row: ServiceRow, specialisms: SpecialismLink[], regions: RegionLink[]): HsdsServiceResponse {
  const categoryName = row.categoryLabel ?? `Productcategorie ${row.categoryCode}`;
  return {
    id: row.id,
    organization_id: row.providerId,
    name: row.name,
    description: row.descriptionNl,
    status: 'active',
    wait_time: waitTimeText(row.freePlaces, row.waitWeeks),
    eligibility_description: eligibilityText(row),
    minimum_age: Number(row.minAge),
    maximum_age: Number(row.maxAge),
    last_modified: row.lastModified.toISOString(),
    capacities: [
      {
        id: stableUuid('service_capacity', row.id, PLACES_UNIT.id),
        service_id: row.id,
        unit_id: PLACES_UNIT.id,
        unit: PLACES_UNIT,
        available: row.freePlaces,
        maximum: row.totalPlaces,
        description: 'Vrije plaatsen (available) van het totaal aantal plaatsen (maximum), zoals de aanbieder het laatst bevestigde',
        updated: row.capacityConfirmedAt.toISOString(),
      },
    ],
    attributes: [
      attribute(row.id, 'category', JZ020_TAXONOMY, row.categoryCode, categoryName, `iJw JZ020 productcategorie ${row.categoryCode}: ${categoryName}`),
      attribute(row.id, 'setting', SETTING_TAXONOMY, row.setting, SETTING_LABELS_NL[row.setting], `Zorgvorm: ${SETTING_LABELS_NL[row.setting]}`),
      ...specialisms.map((s) => attribute(row.id, 'specialism', SPECIALISM_TAXONOMY, s.code, s.labelNl, `${s.labelNl} (${s.labelEn})`)),
    ],
    service_areas: regions.map((r) => toServiceArea(row.id, r)),
    service_at_locations: [
      {
        id: stableUuid('service_at_location', row.id, row.location.id),
        service_id: row.id,
        location_id: row.location.id,
        location: toHsdsLocation(row),
      },
    ],
  };
}

// ---- organizations ---------------------------------------------------------------------------

export function toHsdsOrganization(p: ProviderRow): HsdsOrganizationResponse {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    ...(p.website && /^https?:\/\/\S+$/i.test(p.website) ? { website: p.website } : {}),
    ...(p.email ? { email: p.email } : {}),
    phones: p.phone ? [{ id: stableUuid('phone', p.id), organization_id: p.id, number: p.phone, type: 'voice', description: 'Algemeen nummer' }] : [],
    organization_identifiers: p.kvkNumber
      ? [{ id: stableUuid('organization_identifier', p.id, 'NL-KVK'), organization_id: p.id, identifier_scheme: 'NL-KVK', identifier_type: 'KvK-nummer', identifier: p.kvkNumber }]
      : [],
  };
}

// ---- pages -----------------------------------------------------------------------------------

/** The HSDS `Page` fields for one page of `perPage` out of `totalItems`. */
export function pageOf(totalItems: number, page: number, perPage: number, size: number): HsdsPageResponse {
  const totalPages = Math.ceil(totalItems / perPage);
  return {
    total_items: totalItems,
    total_pages: totalPages,
    page_number: page,
    size,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: size === 0,
  };
}
