import type { DataSource } from 'typeorm';
import type { Setting } from '@passend/reference/domain';
import { refreshSearchText } from './search-text.js';

/**
 * A small, deterministic social map for the search contract: five providers, six locations in real
 * municipalities, fourteen offerings (one inactive) with varied categories, settings, ages,
 * capacity, contracts, specialisms and confirmation times. Tests derive their expectations from
 * these definitions, so every case states in code what it expects.
 */

/** the instant the tests search at (Tuesday 10 March 2026, 12:00 in Amsterdam) */
export const SEARCH_NOW = new Date('2026-03-10T11:00:00Z');
/** a user id in capacity_confirmed_by: it must never reach a document or a hit */
export const CONFIRMED_BY_USER = '0b5e55ed-0000-4000-8000-00000000c0de';

export interface ProviderFixture {
  id: string;
  name: string;
}

export interface LocationFixture {
  id: string;
  providerId: string;
  name: string;
  city: string;
  municipalityCode: string;
  regionCode: string;
  latitude: number;
  longitude: number;
}

export interface OfferingFixture {
  id: string;
  name: string;
  providerId: string;
  locationId: string;
  categoryCode: string;
  setting: Setting;
  minAge: number;
  maxAge: number;
  requiresSecureAuthorisation: boolean;
  acceptsOtherRegions: boolean;
  description: string;
  totalPlaces: number;
  freePlaces: number;
  waitWeeks: number;
  confirmedAt: Date;
  specialisms: string[];
  contracts: string[];
  active: boolean;
}

const providerId = (n: number) => `5a000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
const locationId = (n: number) => `5b000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
export const offeringId = (n: number) => `5c000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;

export const PROVIDERS: ProviderFixture[] = [
  { id: providerId(1), name: 'Stichting Horizon Jeugdhulp' },
  { id: providerId(2), name: 'Pleegzorg Samen Verder' },
  { id: providerId(3), name: 'Noorderlicht Kinder- en Jeugdpsychiatrie' },
  { id: providerId(4), name: 'De Vesting Jeugdhulp' },
  { id: providerId(5), name: 'Gezinshuizen Maasland' },
];

// GM0344 Utrecht (JZ22), GM0363 Amsterdam (JZ13), GM0599 Rotterdam (JZ29), GM0014 Groningen (JZ01), GM0935 Maastricht (JZ41)
export const LOCATIONS: LocationFixture[] = [
  { id: locationId(1), providerId: providerId(1), name: 'Horizon Utrecht Centrum', city: 'Utrecht', municipalityCode: 'GM0344', regionCode: 'JZ22', latitude: 52.0907, longitude: 5.1214 },
  { id: locationId(2), providerId: providerId(2), name: 'Pleegzorg Samen Overvecht', city: 'Utrecht', municipalityCode: 'GM0344', regionCode: 'JZ22', latitude: 52.116, longitude: 5.113 },
  { id: locationId(3), providerId: providerId(3), name: 'Noorderlicht Amsterdam', city: 'Amsterdam', municipalityCode: 'GM0363', regionCode: 'JZ13', latitude: 52.3702, longitude: 4.8952 },
  { id: locationId(4), providerId: providerId(1), name: 'Horizon Rotterdam', city: 'Rotterdam', municipalityCode: 'GM0599', regionCode: 'JZ29', latitude: 51.9244, longitude: 4.4777 },
  { id: locationId(5), providerId: providerId(4), name: 'De Vesting Groningen', city: 'Groningen', municipalityCode: 'GM0014', regionCode: 'JZ01', latitude: 53.2194, longitude: 6.5665 },
  { id: locationId(6), providerId: providerId(5), name: 'Gezinshuis De Linde', city: 'Maastricht', municipalityCode: 'GM0935', regionCode: 'JZ41', latitude: 50.8514, longitude: 5.691 },
];

/** confirmed `days` calendar days before SEARCH_NOW, `minutes` earlier still (no two alike) */
const confirmed = (days: number, minutes: number) => new Date(SEARCH_NOW.getTime() - days * 86_400_000 - minutes * 60_000);

type Def = Omit<OfferingFixture, 'id' | 'active'> & { active?: boolean };
const defs: [number, Def][] = [
  [1, { name: 'Pleegzorg Utrecht', providerId: providerId(2), locationId: locationId(2), categoryCode: '44', setting: 'foster_care', minAge: 0, maxAge: 18, requiresSecureAuthorisation: false, acceptsOtherRegions: false,
    description: 'Langdurige en tijdelijke pleegzorg in een pleeggezin in de regio.', totalPlaces: 10, freePlaces: 3, waitWeeks: 0, confirmedAt: confirmed(0, 10), specialisms: ['foster_care'], contracts: ['JZ22'] }],
  [2, { name: 'Crisisopvang in een gezin', providerId: providerId(2), locationId: locationId(2), categoryCode: '46', setting: 'crisis', minAge: 0, maxAge: 12, requiresSecureAuthorisation: false, acceptsOtherRegions: true,
    description: 'Opvang binnen 24 uur bij een crisisgezin.', totalPlaces: 4, freePlaces: 0, waitWeeks: 2, confirmedAt: confirmed(3, 20), specialisms: ['crisis_care', 'foster_care'], contracts: ['JZ13', 'JZ22'] }],
  [3, { name: 'Traumabehandeling jongeren', providerId: providerId(3), locationId: locationId(3), categoryCode: '54', setting: 'outpatient', minAge: 12, maxAge: 23, requiresSecureAuthorisation: false, acceptsOtherRegions: true,
    description: 'Traumagerichte therapie voor jongeren na huiselijk geweld.', totalPlaces: 20, freePlaces: 0, waitWeeks: 6, confirmedAt: confirmed(10, 30), specialisms: ['trauma_treatment', 'youth_mental_health'], contracts: ['JZ13'] }],
  [4, { name: 'Dagbehandeling jonge kinderen', providerId: providerId(1), locationId: locationId(1), categoryCode: '41', setting: 'day_treatment', minAge: 2.5, maxAge: 6, requiresSecureAuthorisation: false, acceptsOtherRegions: false,
    description: 'Behandelgroep voor peuters en kleuters met ontwikkelingsproblemen.', totalPlaces: 8, freePlaces: 2, waitWeeks: 0, confirmedAt: confirmed(1, 40), specialisms: ['autism', 'day_treatment'], contracts: ['JZ22'] }],
  [5, { name: 'Ambulante gezinsbegeleiding Rotterdam', providerId: providerId(1), locationId: locationId(4), categoryCode: '45', setting: 'outpatient', minAge: 0, maxAge: 18, requiresSecureAuthorisation: false, acceptsOtherRegions: true,
    description: 'Begeleiding thuis bij opvoedvragen en een complexe scheiding.', totalPlaces: 30, freePlaces: 12, waitWeeks: 0, confirmedAt: confirmed(20, 50), specialisms: ['complex_divorce', 'outpatient_family_support'], contracts: ['JZ29'] }],
  [6, { name: 'JeugdzorgPlus De Vesting', providerId: providerId(4), locationId: locationId(5), categoryCode: '43', setting: 'secure_residential', minAge: 12, maxAge: 18, requiresSecureAuthorisation: true, acceptsOtherRegions: true,
    description: 'Gesloten behandeling met een machtiging van de kinderrechter.', totalPlaces: 12, freePlaces: 1, waitWeeks: 0, confirmedAt: confirmed(5, 60), specialisms: ['juvenile_offending', 'secure_residential_care'], contracts: ['JZ01'] }],
  [7, { name: 'Besloten groep De Vesting', providerId: providerId(4), locationId: locationId(5), categoryCode: '43', setting: 'residential', minAge: 14, maxAge: 18, requiresSecureAuthorisation: true, acceptsOtherRegions: false,
    description: 'Besloten verblijf voor jongeren, met een machtiging.', totalPlaces: 6, freePlaces: 0, waitWeeks: 12, confirmedAt: confirmed(8, 70), specialisms: ['juvenile_offending'], contracts: ['JZ01', 'JZ22'] }],
  [8, { name: 'Gezinshuis De Linde', providerId: providerId(5), locationId: locationId(6), categoryCode: '44', setting: 'family_home', minAge: 4, maxAge: 18, requiresSecureAuthorisation: false, acceptsOtherRegions: false,
    description: 'Kleinschalig wonen met gezinshuisouders.', totalPlaces: 5, freePlaces: 1, waitWeeks: 0, confirmedAt: confirmed(2, 80), specialisms: ['family_home_care'], contracts: ['JZ41'] }],
  [9, { name: 'Kinderpsychiatrie Noorderlicht', providerId: providerId(3), locationId: locationId(3), categoryCode: '52', setting: 'day_treatment', minAge: 6, maxAge: 12, requiresSecureAuthorisation: false, acceptsOtherRegions: false,
    description: 'Specialistische behandeling voor kinderen met ADHD en angst.', totalPlaces: 10, freePlaces: 0, waitWeeks: 4, confirmedAt: confirmed(0, 90), specialisms: ['adhd', 'youth_mental_health'], contracts: ['JZ13', 'JZ22'] }],
  [10, { name: 'LVB behandelgroep Rotterdam', providerId: providerId(1), locationId: locationId(4), categoryCode: '43', setting: 'residential', minAge: 12, maxAge: 23, requiresSecureAuthorisation: false, acceptsOtherRegions: false,
    description: 'Wonen en behandeling voor jongeren met een licht verstandelijke beperking.', totalPlaces: 9, freePlaces: 0, waitWeeks: 8, confirmedAt: confirmed(13, 100), specialisms: ['mild_intellectual_disability'], contracts: ['JZ29'] }],
  [11, { name: 'Moeder-kindhuis Utrecht', providerId: providerId(1), locationId: locationId(1), categoryCode: '44', setting: 'residential', minAge: 16, maxAge: 23, requiresSecureAuthorisation: false, acceptsOtherRegions: true,
    description: 'Tienermoeders wonen hier samen met hun baby.', totalPlaces: 6, freePlaces: 2, waitWeeks: 0, confirmedAt: confirmed(6, 110), specialisms: ['parent_child_care'], contracts: ['JZ22'] }],
  [12, { name: 'Verslavingszorg jongeren Groningen', providerId: providerId(4), locationId: locationId(5), categoryCode: '45', setting: 'outpatient', minAge: 12, maxAge: 23, requiresSecureAuthorisation: false, acceptsOtherRegions: false,
    description: 'Hulp bij middelengebruik en gamen.', totalPlaces: 15, freePlaces: 0, waitWeeks: 3, confirmedAt: confirmed(0, 120), specialisms: ['addiction_care'], contracts: ['JZ01'] }],
  [13, { name: 'Opgeheven project Xylofoon', providerId: providerId(2), locationId: locationId(2), categoryCode: '44', setting: 'foster_care', minAge: 0, maxAge: 18, requiresSecureAuthorisation: false, acceptsOtherRegions: true,
    description: 'Pleegzorg die niet meer bestaat.', totalPlaces: 5, freePlaces: 5, waitWeeks: 0, confirmedAt: confirmed(0, 5), specialisms: ['foster_care'], contracts: ['JZ22'], active: false }],
  [14, { name: 'Capaciteitsproef Zeppelin', providerId: providerId(1), locationId: locationId(1), categoryCode: '45', setting: 'outpatient', minAge: 6, maxAge: 18, requiresSecureAuthorisation: false, acceptsOtherRegions: true,
    description: 'Ambulante hulp.', totalPlaces: 5, freePlaces: 0, waitWeeks: 5, confirmedAt: confirmed(4, 130), specialisms: [], contracts: [] }],
];

export const OFFERINGS: OfferingFixture[] = defs.map(([n, d]) => ({ ...d, id: offeringId(n), active: d.active ?? true }));

export const INACTIVE_ID = offeringId(13);
export const CAPACITY_PROBE_ID = offeringId(14);

export function locationOf(o: OfferingFixture): LocationFixture {
  return LOCATIONS.find((l) => l.id === o.locationId)!;
}

/** the ids of the active fixtures matching `predicate`, sorted */
export function activeIds(predicate: (o: OfferingFixture) => boolean = () => true): string[] {
  return OFFERINGS.filter((o) => o.active && predicate(o))
    .map((o) => o.id)
    .sort();
}

/** Inserts the fixtures (organisations, providers, locations, offerings) and builds their search_text. */
export async function insertSearchFixtures(dataSource: DataSource): Promise<void> {
  const longAgo = new Date(SEARCH_NOW.getTime() - 30 * 86_400_000);
  await dataSource.transaction(async (m) => {
    for (const p of PROVIDERS) {
      await m.query(`INSERT INTO identity.organisation (id, kind, name, synthetic) VALUES ($1, 'provider', $2, true)`, [p.id, p.name]);
      await m.query(`INSERT INTO social_map.provider (id, name, email, phone, synthetic, created_at, updated_at) VALUES ($1, $2, $3, $4, true, $5, $5)`, [
        p.id, p.name, `info@${p.id.slice(0, 8)}.example`, '030-1234567', longAgo,
      ]);
    }
    for (const l of LOCATIONS) {
      await m.query(
        `INSERT INTO social_map.location (id, provider_id, name, street, postcode, city, municipality_code, latitude, longitude, created_at, updated_at)
         VALUES ($1, $2, $3, 'Voorbeeldstraat 1', '1234 AB', $4, $5, $6, $7, $8, $8)`,
        [l.id, l.providerId, l.name, l.city, l.municipalityCode, l.latitude, l.longitude, longAgo],
      );
    }
    for (const o of OFFERINGS) {
      await m.query(
        `INSERT INTO social_map.offering (id, provider_id, location_id, name, category_code, setting, min_age, max_age, exclusion_criteria,
           requires_secure_authorisation, accepts_other_regions, description_nl, total_places, free_places, wait_weeks,
           capacity_confirmed_at, capacity_confirmed_by, active, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '{geen vervoer}', $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)`,
        [o.id, o.providerId, o.locationId, o.name, o.categoryCode, o.setting, o.minAge, o.maxAge, o.requiresSecureAuthorisation, o.acceptsOtherRegions,
          o.description, o.totalPlaces, o.freePlaces, o.waitWeeks, o.confirmedAt, CONFIRMED_BY_USER, o.active, longAgo],
      );
      for (const s of o.specialisms) await m.query(`INSERT INTO social_map.offering_specialism (offering_id, specialism_code) VALUES ($1, $2)`, [o.id, s]);
      for (const r of o.contracts) await m.query(`INSERT INTO social_map.offering_contract (offering_id, region_code) VALUES ($1, $2)`, [o.id, r]);
    }
    await refreshSearchText(m, 'all');
  });
}
