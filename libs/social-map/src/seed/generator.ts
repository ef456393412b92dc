import { isInNetherlands } from '../domain/capacity.js';
import type { Setting } from '@passend/reference/domain';
import * as F from './fragments.js';
import { mixSeed, Random, WeightedTable } from '@passend/platform';

/**
 * The synthetic social map as pure data: providers, their locations over the real municipalities
 * (weighted by population, jittered around the centroid), offerings with categories, settings,
 * specialisms, ages, capacity (mostly full), waits, contracts and confirmation times.
 *
 * Provider i is drawn from a random stream of its own (seed, i), so a map of n providers is
 * always the first n providers of any larger map with the same seed: the national map is the
 * demo map plus more. The first 400 providers are the established, multi-location ones (about
 * five offerings each); after them come thousands of small ones (about two and a half each).
 */

export type SeedScale = 'demo' | 'national';

export const SEED_SCALES: Record<SeedScale, { providers: number; approxOfferings: number }> = {
  demo: { providers: 400, approxOfferings: 2_000 },
  national: { providers: 8_500, approxOfferings: 20_000 },
};

/** Providers 0..LARGE_PROVIDERS-1 are the big ones (and make the demo map). */
export const LARGE_PROVIDERS = 400;

export const DEFAULT_SEED = 2025;

export interface SeedMunicipality {
  code: string;
  name: string;
  regionCode: string;
  latitude: number | null;
  longitude: number | null;
  population: number;
  areaKm2?: number;
}

export interface GeneratorInput {
  municipalities: readonly SeedMunicipality[];
  seed: number;
  /** confirmation times are spread over the 30 days before this */
  now: Date;
  /** precise check that a jittered point lies in (or within tolerance of) the region; default: the bounding box only */
  pointInRegion?: (latitude: number, longitude: number, regionCode: string) => boolean;
  /** names no provider may get (the demo organisations') */
  reservedNames?: Iterable<string>;
}

export interface GeneratedLocation {
  id: string;
  providerId: string;
  name: string;
  city: string;
  municipalityCode: string;
  regionCode: string;
  latitude: number;
  longitude: number;
}

export interface GeneratedOffering {
  id: string;
  providerId: string;
  locationId: string;
  name: string;
  categoryCode: string;
  setting: Setting;
  specialismCodes: string[];
  minAge: number;
  maxAge: number;
  exclusionCriteria: string[];
  requiresSecureAuthorisation: boolean;
  contractedRegionCodes: string[];
  acceptsOtherRegions: boolean;
  descriptionNl: string;
  totalPlaces: number;
  freePlaces: number;
  waitWeeks: number;
  capacityConfirmedAt: Date;
}

export type ProviderArchetype = 'large' | 'practice' | 'family_home' | 'residential' | 'day' | 'foster' | 'crisis';

export interface GeneratedProvider {
  index: number;
  id: string;
  archetype: ProviderArchetype;
  name: string;
  description: string;
  website: string;
  email: string;
  homeRegionCode: string;
  locations: GeneratedLocation[];
  offerings: GeneratedOffering[];
}

// ---- the geography ---------------------------------------------------------------------------

interface Geography {
  municipalities: SeedMunicipality[];
  national: WeightedTable<SeedMunicipality>;
  byRegion: Map<string, WeightedTable<SeedMunicipality>>;
  /** per region, the other regions by distance between their population centres */
  neighbours: Map<string, string[]>;
}

function toRad(d: number): number {
  return (d * Math.PI) / 180;
}

function km(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const a = Math.sin(toRad(lat2 - lat1) / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(toRad(lon2 - lon1) / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function buildGeography(all: readonly SeedMunicipality[]): Geography {
  // municipalities without a centre (or with one outside the country) get no locations
  const municipalities = all
    .filter((m) => m.latitude !== null && m.longitude !== null && isInNetherlands(m.latitude, m.longitude) && m.population > 0)
    .sort((a, b) => a.code.localeCompare(b.code));
  if (municipalities.length === 0) throw new Error('no municipality with a centre: load the reference data first (npm run migrate)');
  const byRegionList = new Map<string, SeedMunicipality[]>();
  for (const m of municipalities) byRegionList.set(m.regionCode, [...(byRegionList.get(m.regionCode) ?? []), m]);
  const centres = new Map<string, { lat: number; lon: number }>();
  for (const [code, list] of byRegionList) {
    const people = list.reduce((s, m) => s + m.population, 0);
    centres.set(code, {
      lat: list.reduce((s, m) => s + m.latitude! * m.population, 0) / people,
      lon: list.reduce((s, m) => s + m.longitude! * m.population, 0) / people,
    });
  }
  const neighbours = new Map<string, string[]>();
  for (const [code, c] of centres) {
    neighbours.set(
      code,
      [...centres.entries()]
        .filter(([other]) => other !== code)
        .map(([other, o]) => [other, km(c.lat, c.lon, o.lat, o.lon)] as const)
        .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
        .map(([other]) => other),
    );
  }
  return {
    municipalities,
    national: new WeightedTable(municipalities, (m) => m.population),
    byRegion: new Map([...byRegionList].map(([code, list]) => [code, new WeightedTable(list, (m) => m.population)])),
    neighbours,
  };
}

// ---- distributions ---------------------------------------------------------------------------

const SMALL_ARCHETYPES: readonly (readonly [ProviderArchetype, number])[] = [
  ['practice', 42],
  ['family_home', 20],
  ['residential', 15],
  ['day', 10],
  ['foster', 5],
  ['crisis', 8],
];

const OFFERING_COUNTS: Record<ProviderArchetype, readonly (readonly [number, number])[]> = {
  large: [[2, 1], [3, 1], [4, 1], [5, 1], [6, 1], [7, 1], [8, 1]],
  practice: [[1, 18], [2, 30], [3, 27], [4, 15], [5, 10]],
  family_home: [[1, 70], [2, 30]],
  residential: [[1, 15], [2, 30], [3, 30], [4, 25]],
  day: [[1, 30], [2, 40], [3, 30]],
  foster: [[1, 30], [2, 40], [3, 30]],
  crisis: [[1, 40], [2, 60]],
};

/** The setting of the first offering (the archetype's own) and of further ones. */
const SETTING_WEIGHTS: Record<ProviderArchetype, { first?: Setting; rest: readonly (readonly [Setting, number])[] }> = {
  large: { rest: [['outpatient', 33], ['day_treatment', 12], ['foster_care', 10], ['family_home', 5], ['residential', 25], ['secure_residential', 2], ['crisis', 13]] },
  practice: { rest: [['outpatient', 92], ['day_treatment', 8]] },
  family_home: { first: 'family_home', rest: [['crisis', 50], ['outpatient', 50]] },
  residential: { first: 'residential', rest: [['residential', 45], ['outpatient', 40], ['crisis', 15]] },
  day: { first: 'day_treatment', rest: [['day_treatment', 50], ['outpatient', 50]] },
  foster: { first: 'foster_care', rest: [['foster_care', 70], ['outpatient', 30]] },
  crisis: { first: 'crisis', rest: [['crisis', 50], ['outpatient', 50]] },
};

/** Current JZ020 categories (40-55) by setting; mostly 43/44/45/41/46/54. */
const CATEGORY_WEIGHTS: Record<Setting, readonly (readonly [string, number])[]> = {
  outpatient: [['45', 58], ['54', 25], ['51', 5], ['52', 5], ['50', 4], ['40', 2], ['53', 1]],
  day_treatment: [['41', 85], ['54', 10], ['50', 5]],
  foster_care: [['44', 80], ['43', 20]],
  family_home: [['44', 60], ['43', 40]],
  residential: [['43', 60], ['44', 35], ['55', 5]],
  secure_residential: [['43', 1]],
  crisis: [['46', 92], ['43', 8]],
};

const MENTAL_HEALTH_CATEGORIES = new Set(['51', '52', '54']);

const OUTPATIENT_PRIMARY: readonly (readonly [string, number])[] = [
  ['outpatient_family_support', 25], ['youth_mental_health', 20], ['trauma_treatment', 10], ['complex_divorce', 9], ['autism', 8],
  ['adhd', 7], ['mild_intellectual_disability', 6], ['domestic_violence', 5], ['juvenile_offending', 3], ['addiction_care', 3],
  ['parent_child_care', 3], ['sexually_harmful_behaviour', 2], ['eating_disorders', 2],
];
const OUTPATIENT_EXTRA = ['trauma_treatment', 'complex_divorce', 'autism', 'adhd', 'mild_intellectual_disability', 'domestic_violence', 'youth_mental_health', 'outpatient_family_support'];
const PARENT_CHILD_EXTRA = ['trauma_treatment', 'mild_intellectual_disability', 'domestic_violence'];
const DAY_EXTRA = ['autism', 'adhd', 'mild_intellectual_disability', 'youth_mental_health', 'trauma_treatment'];
const RESIDENTIAL_SPECIALISMS: readonly (readonly [string, number])[] = [
  ['youth_mental_health', 22], ['mild_intellectual_disability', 20], ['trauma_treatment', 18], ['autism', 10], ['parent_child_care', 6],
  ['juvenile_offending', 8], ['addiction_care', 5], ['sexually_harmful_behaviour', 5], ['eating_disorders', 3], ['domestic_violence', 3],
];
const SECURE_EXTRA = ['juvenile_offending', 'youth_mental_health', 'addiction_care', 'sexually_harmful_behaviour', 'mild_intellectual_disability'];

type AgeTemplate = readonly [number, number, number]; // min, max, weight
const AGE_TEMPLATES: Record<Setting, readonly AgeTemplate[]> = {
  outpatient: [[0, 18, 20], [0, 23, 8], [4, 18, 20], [6, 18, 10], [12, 23, 15], [12, 18, 15], [0, 6, 5], [2.5, 12, 5]],
  day_treatment: [[2.5, 7, 25], [4, 12, 35], [6, 13, 20], [12, 18, 20]],
  foster_care: [[0, 18, 60], [0, 21, 25], [0, 12, 15]],
  family_home: [[0, 18, 40], [4, 18, 40], [6, 21, 20]],
  residential: [[12, 18, 40], [8, 18, 20], [16, 23, 20], [12, 23, 20]],
  secure_residential: [[12, 18, 70], [12, 23, 30]],
  crisis: [[0, 18, 50], [12, 18, 30], [4, 18, 20]],
};
/** a specialism that fixes the age range */
const AGE_BY_SPECIALISM: Record<string, readonly [number, number]> = {
  parent_child_care: [0, 4],
  eating_disorders: [10, 23],
  addiction_care: [12, 23],
  juvenile_offending: [12, 23],
  sexually_harmful_behaviour: [10, 18],
};

const TOTAL_PLACES: Record<Setting, readonly [number, number]> = {
  outpatient: [10, 40],
  day_treatment: [6, 24],
  foster_care: [8, 40],
  family_home: [2, 6],
  residential: [4, 16],
  secure_residential: [8, 30],
  crisis: [1, 8],
};

/** chance an offering of this setting has no free place (scarcity: about 60% overall) */
const FULL_CHANCE: Record<Setting, number> = {
  outpatient: 0.56,
  day_treatment: 0.6,
  foster_care: 0.66,
  family_home: 0.72,
  residential: 0.68,
  secure_residential: 0.65,
  crisis: 0.55,
};

// ---- drawing one provider --------------------------------------------------------------------

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function ageLabel(age: number): string {
  return String(age).replace('.', ',');
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/&/g, 'en')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function place(random: Random, m: SeedMunicipality, pointInRegion: GeneratorInput['pointInRegion']): { latitude: number; longitude: number } {
  const lat0 = m.latitude!;
  const lon0 = m.longitude!;
  let radius = Math.min(4, Math.max(0.5, 0.35 * Math.sqrt(m.areaKm2 ?? 40)));
  for (let attempt = 0; attempt < 8; attempt++) {
    const r = radius * Math.sqrt(random.float());
    const theta = 2 * Math.PI * random.float();
    const latitude = round6(lat0 + (r * Math.cos(theta)) / 111.2);
    const longitude = round6(lon0 + (r * Math.sin(theta)) / (111.2 * Math.cos(toRad(lat0))));
    if (isInNetherlands(latitude, longitude) && (!pointInRegion || pointInRegion(latitude, longitude, m.regionCode))) return { latitude, longitude };
    if (attempt % 2 === 1) radius /= 2;
  }
  return { latitude: round6(lat0), longitude: round6(lon0) };
}

function ages(random: Random, setting: Setting, specialisms: string[]): { minAge: number; maxAge: number } {
  const fixed = specialisms.map((s) => AGE_BY_SPECIALISM[s]).find((a) => a !== undefined);
  let [minAge, maxAge] = fixed && setting !== 'secure_residential' ? fixed : random.weighted(AGE_TEMPLATES[setting].map(([a, b, w]) => [[a, b] as const, w] as const));
  // now and then a half year: decimal ages are allowed
  if (random.chance(0.12) && maxAge - minAge >= 2) {
    if (random.chance(0.5)) minAge += 0.5;
    else maxAge -= 0.5;
  }
  return { minAge, maxAge };
}

function specialismsFor(random: Random, setting: Setting, categoryCode: string): string[] {
  const codes: string[] = [];
  switch (setting) {
    case 'outpatient': {
      const primary = random.weighted(OUTPATIENT_PRIMARY);
      codes.push(primary);
      const extra = random.weighted([[0, 45], [1, 40], [2, 15]] as const);
      const pool = primary === 'parent_child_care' ? PARENT_CHILD_EXTRA : OUTPATIENT_EXTRA.filter((c) => c !== primary);
      codes.push(...random.sample(pool, extra));
      break;
    }
    case 'day_treatment':
      codes.push('day_treatment', ...random.sample(DAY_EXTRA, random.int(1, 2)));
      break;
    case 'foster_care':
      codes.push('foster_care');
      if (random.chance(0.15)) codes.push('crisis_care');
      if (random.chance(0.15)) codes.push('trauma_treatment');
      if (random.chance(0.1)) codes.push('mild_intellectual_disability');
      break;
    case 'family_home':
      codes.push('family_home_care');
      if (random.chance(0.3)) codes.push(random.pick(['trauma_treatment', 'mild_intellectual_disability', 'autism']));
      break;
    case 'residential': {
      const first = random.weighted(RESIDENTIAL_SPECIALISMS);
      codes.push(first);
      if (first === 'parent_child_care') {
        // a mother-and-child home: sometimes for young mothers with LVB or after violence
        if (random.chance(0.3)) codes.push(random.pick(PARENT_CHILD_EXTRA));
        break;
      }
      const n = random.weighted([[1, 40], [2, 40], [3, 20]] as const);
      while (codes.length < n) {
        const code = random.weighted(RESIDENTIAL_SPECIALISMS);
        if (!codes.includes(code) && code !== 'parent_child_care') codes.push(code);
      }
      break;
    }
    case 'secure_residential':
      codes.push('secure_residential_care', ...random.sample(SECURE_EXTRA, random.int(1, 2)));
      break;
    case 'crisis':
      codes.push('crisis_care');
      if (random.chance(0.3)) codes.push('domestic_violence');
      break;
  }
  if (MENTAL_HEALTH_CATEGORIES.has(categoryCode) && !codes.includes('youth_mental_health')) codes.push('youth_mental_health');
  return codes;
}

function offeringName(random: Random, setting: Setting, specialisms: string[], minAge: number, maxAge: number, city: string, categoryCode: string): string {
  const group = random.pick(F.GROUP_NAMES);
  switch (setting) {
    case 'outpatient': {
      const primary = specialisms[0]!;
      const title = primary === 'youth_mental_health' && categoryCode === '54' ? 'Jeugd-ggz behandeling' : F.SPECIALISM_TEXT[primary]!.title;
      return random.weighted([
        [title, 40],
        [`${title} ${city}`, 30],
        [`${title} ${ageLabel(minAge)}-${ageLabel(maxAge)} jaar`, 20],
        [`Intensieve ${title.charAt(0).toLowerCase()}${title.slice(1)}`, 10],
      ] as const);
    }
    case 'day_treatment':
      if (maxAge <= 7) return random.pick(['Dagbehandeling jonge kind', 'Peuter- en kleuterdagbehandeling', 'Medisch kinderdagverblijf']);
      if (specialisms.includes('autism')) return `Dagbehandeling autisme ${group}`;
      if (specialisms.includes('mild_intellectual_disability')) return `Dagbehandeling LVB ${group}`;
      return random.pick([`Dagbehandeling ${group}`, `Dagbehandeling ${city}`, `Naschoolse dagbehandeling ${group}`]);
    case 'foster_care':
      if (specialisms.includes('crisis_care')) return 'Crisispleegzorg';
      if (maxAge <= 12) return 'Pleegzorg jonge kinderen';
      return random.pick(['Pleegzorg kortdurend', 'Pleegzorg langdurend', 'Netwerkpleegzorg', 'Deeltijdpleegzorg', 'Perspectiefbiedende pleegzorg']);
    case 'family_home':
      return random.chance(0.5) ? `Gezinshuis ${group}` : `Gezinshuis familie ${random.pick(F.FAMILY_NAMES)}`;
    case 'residential':
      if (specialisms.includes('parent_child_care')) return `Moeder-kindhuis ${group}`;
      if (minAge >= 16) return `Kamertraining ${city}`;
      if (specialisms.includes('mild_intellectual_disability')) return `LVB-behandelgroep ${group}`;
      if (specialisms.includes('trauma_treatment')) return `Traumabehandelgroep ${group}`;
      return `${random.pick(['Behandelgroep', 'Leefgroep', 'Woongroep'])} ${group}`;
    case 'secure_residential':
      return random.pick([`JeugdzorgPlus groep ${group}`, `Gesloten behandelgroep ${group}`]);
    case 'crisis':
      return random.pick([`Crisisopvang ${city}`, `Crisisbedden ${city}`, 'Crisisinterventie thuis', `Spoedopvang ${group}`]);
  }
}

function description(random: Random, o: { setting: Setting; specialisms: string[]; minAge: number; maxAge: number; exclusions: string[] }, city: string): string {
  const parts = [fill(random.pick(F.SETTING_OPENINGS[o.setting]), { city })];
  const about = o.specialisms.slice(0, 2).map((s) => F.SPECIALISM_TEXT[s]?.about).filter(Boolean);
  parts.push(`Voor kinderen en jongeren van ${ageLabel(o.minAge)} tot ${ageLabel(o.maxAge)} jaar${about.length ? `: ${about.join('; ')}` : ''}.`);
  parts.push(...random.sample(F.APPROACH_SENTENCES, random.int(1, 2)));
  if (o.exclusions.length) parts.push(`Niet geschikt bij ${o.exclusions.join(', ')}.`);
  if (random.chance(0.5)) parts.push(random.pick(F.REFERRAL_SENTENCES));
  return parts.join(' ');
}

function capacity(random: Random, setting: Setting): { totalPlaces: number; freePlaces: number; waitWeeks: number } {
  const [lo, hi] = TOTAL_PLACES[setting];
  const totalPlaces = random.int(lo, hi);
  if (random.chance(FULL_CHANCE[setting])) {
    const waitWeeks = random.weighted([[[2, 8], 35], [[9, 20], 40], [[21, 52], 25]] as const);
    return { totalPlaces, freePlaces: 0, waitWeeks: random.int(waitWeeks[0], waitWeeks[1]) };
  }
  const cap = setting === 'outpatient' || setting === 'foster_care' ? 10 : 3;
  const freePlaces = Math.min(totalPlaces, 1 + Math.floor(random.float() ** 2 * Math.min(totalPlaces - 1, cap)));
  return { totalPlaces, freePlaces, waitWeeks: random.chance(0.8) ? 0 : random.int(1, 4) };
}

const amsterdamClock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** Milliseconds since midnight in Amsterdam (where freshness counts calendar days). */
function sinceAmsterdamMidnight(now: Date): number {
  const [h, m, s] = amsterdamClock.format(now).split(':').map(Number) as [number, number, number];
  return ((h * 60 + m) * 60 + s) * 1000;
}

/** Spread over the last 30 days: about 35% today, 30% this week, 17% older, 18% stale (14+ days). */
function confirmedAt(random: Random, now: Date): Date {
  const bucket = random.weighted<'today' | readonly [number, number]>([['today', 35], [[1, 7], 30], [[7, 14], 17], [[14, 30], 18]]);
  if (bucket === 'today') {
    const window = Math.max(10 * 60_000, sinceAmsterdamMidnight(now));
    return new Date(now.getTime() - Math.floor(random.float() * window));
  }
  const [from, to] = bucket;
  const days = from + random.float() * (to - from);
  return new Date(now.getTime() - Math.round(days * 86_400_000));
}

function contracts(random: Random, geography: Geography, regionCode: string, setting: Setting, categoryCode: string): string[] {
  const near = geography.neighbours.get(regionCode) ?? [];
  const codes = new Set([regionCode]);
  if (setting === 'secure_residential' || categoryCode === '55') {
    // supra-regional help: procured by the regions around it
    for (const code of near.slice(0, random.int(4, 8))) codes.add(code);
  } else {
    for (const code of near.slice(0, 3)) if (random.chance(0.15)) codes.add(code);
  }
  return [...codes].sort();
}

function exclusions(random: Random, setting: Setting, specialisms: string[]): string[] {
  const n = setting === 'crisis' ? random.weighted([[0, 70], [1, 30]] as const) : random.weighted([[0, 40], [1, 35], [2, 20], [3, 5]] as const);
  const allowed = F.EXCLUSION_CRITERIA.filter((e) => !e.unless || !specialisms.includes(e.unless)).map((e) => e.text);
  return random.sample(allowed, n);
}

function providerName(random: Random, archetype: ProviderArchetype): string {
  const pattern = random.pick(F.PROVIDER_PATTERNS[archetype]);
  return fill(pattern, { core: random.pick(F.NAME_CORES), family: random.pick(F.FAMILY_NAMES) });
}

function drawMunicipality(random: Random, geography: Geography, home: SeedMunicipality): SeedMunicipality {
  if (random.chance(0.65)) return geography.byRegion.get(home.regionCode)!.draw(random);
  const region = random.pick((geography.neighbours.get(home.regionCode) ?? [home.regionCode]).slice(0, 3));
  return (geography.byRegion.get(region) ?? geography.byRegion.get(home.regionCode)!).draw(random);
}

function drawProvider(input: GeneratorInput, geography: Geography, index: number): Omit<GeneratedProvider, 'name'> & { baseName: string; homeCity: string } {
  const random = new Random(mixSeed(input.seed, index));
  const id = random.uuid();
  const archetype: ProviderArchetype = index < LARGE_PROVIDERS ? 'large' : random.weighted(SMALL_ARCHETYPES);
  const baseName = providerName(random, archetype);
  const home = geography.national.draw(random);
  const offeringCount = random.weighted(OFFERING_COUNTS[archetype]);
  const locationCount =
    archetype === 'large'
      ? Math.min(offeringCount, random.weighted([[1, 25], [2, 35], [3, 25], [4, 15]] as const))
      : offeringCount >= 2 && random.chance(0.12) ? 2 : 1;

  const locations: GeneratedLocation[] = [];
  const perCity = new Map<string, number>();
  for (let l = 0; l < locationCount; l++) {
    const m = l === 0 ? home : drawMunicipality(random, geography, home);
    const n = (perCity.get(m.code) ?? 0) + 1;
    perCity.set(m.code, n);
    const point = place(random, m, input.pointInRegion);
    locations.push({
      id: random.uuid(),
      providerId: id,
      name: `Locatie ${m.name}${n > 1 ? ` ${n}` : ''}`,
      city: m.name,
      municipalityCode: m.code,
      regionCode: m.regionCode,
      ...point,
    });
  }

  const weights = SETTING_WEIGHTS[archetype];
  const offerings: GeneratedOffering[] = [];
  for (let o = 0; o < offeringCount; o++) {
    const location = locations[o % locations.length]!;
    const setting: Setting = o === 0 && weights.first ? weights.first : random.weighted(weights.rest);
    const categoryCode = random.weighted(CATEGORY_WEIGHTS[setting]);
    const specialismCodes = specialismsFor(random, setting, categoryCode);
    const { minAge, maxAge } = ages(random, setting, specialismCodes);
    const exclusionCriteria = exclusions(random, setting, specialismCodes);
    const name = offeringName(random, setting, specialismCodes, minAge, maxAge, location.city, categoryCode);
    const descriptionNl = description(random, { setting, specialisms: specialismCodes, minAge, maxAge, exclusions: exclusionCriteria }, location.city);
    const cap = capacity(random, setting);
    offerings.push({
      id: random.uuid(),
      providerId: id,
      locationId: location.id,
      name,
      categoryCode,
      setting,
      specialismCodes,
      minAge,
      maxAge,
      exclusionCriteria,
      requiresSecureAuthorisation: setting === 'secure_residential',
      contractedRegionCodes: contracts(random, geography, location.regionCode, setting, categoryCode),
      acceptsOtherRegions: setting === 'secure_residential' ? true : random.chance(setting === 'crisis' ? 0.95 : 0.85),
      descriptionNl,
      ...cap,
      capacityConfirmedAt: confirmedAt(random, input.now),
    });
  }

  const mission = random.pick(F.PROVIDER_MISSIONS);
  const intro = random.pick(F.PROVIDER_INTROS);
  return {
    index,
    id,
    archetype,
    baseName,
    homeCity: home.name,
    description: `${intro} ${mission}`,
    website: '',
    email: '',
    homeRegionCode: home.regionCode,
    locations,
    offerings,
  };
}

/**
 * Providers 0..count-1 of the map with this seed. Names are unique within the map (and never a
 * reserved one): on a clash the home city, then a number, is added; that never draws randomness,
 * so provider i stays the same whatever the count.
 */
export function generateProviders(input: GeneratorInput, count: number): GeneratedProvider[] {
  const geography = buildGeography(input.municipalities);
  const taken = new Set(input.reservedNames ?? []);
  const providers: GeneratedProvider[] = [];
  for (let i = 0; i < count; i++) {
    const { baseName, homeCity, ...drawn } = drawProvider(input, geography, i);
    let base = baseName;
    if (taken.has(`${base} (synthetisch)`)) base = `${baseName} ${homeCity}`;
    for (let k = 2; taken.has(`${base} (synthetisch)`); k++) base = `${baseName} ${homeCity} ${k}`;
    const name = `${base} (synthetisch)`;
    taken.add(name);
    const domain = `${slug(base)}.example`;
    providers.push({ ...drawn, name, website: `https://www.${domain}`, email: `info@${domain}` });
  }
  return providers;
}
