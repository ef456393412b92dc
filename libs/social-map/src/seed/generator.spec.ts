import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { readCodeLists, readMunicipalities, readRegionShapes, REFERENCE_DATA_DIR, regionAt } from '@passend/reference';
import { isInNetherlands, NETHERLANDS_BOUNDS } from '../domain/capacity.js';
import { freshnessOf } from '../domain/freshness.js';
import { SETTINGS } from '@passend/reference/domain';
import { SPECIALISM_SEED } from '../domain/taxonomy.js';
import { generateProviders, LARGE_PROVIDERS, SEED_SCALES, type GeneratedOffering, type GeneratorInput } from './generator.js';

const read = (file: string) => readFileSync(new URL(file, REFERENCE_DATA_DIR), 'utf8');
const municipalities = readMunicipalities(read('municipalities-2025.csv'));
const shapes = readRegionShapes(read('youth-regions-2025.geojson'));
const shapeOf = new Map(shapes.map((s) => [s.code, s]));
const jz020 = readCodeLists(read('code-lists-3.2.csv'), read('jz020-product-categories.csv')).filter((e) => e.listCode === 'JZ020');
const currentCategories = new Set(jz020.filter((e) => !e.historic).map((e) => e.code));
const NOW = new Date('2025-06-02T10:00:00Z');

const input = (seed = 7): GeneratorInput => ({
  municipalities,
  seed,
  now: NOW,
  pointInRegion: (lat, lon, region) => regionAt([shapeOf.get(region)!], lat, lon) === region,
  reservedNames: ['Zorgaanbieder De Linde (synthetisch)'],
});

// one national map for the whole file (about a second)
const national = generateProviders(input(), SEED_SCALES.national.providers);
const demo = national.slice(0, SEED_SCALES.demo.providers);
const offerings = (list: typeof national): GeneratedOffering[] => list.flatMap((p) => p.offerings);
const share = (list: GeneratedOffering[], test: (o: GeneratedOffering) => boolean) => list.filter(test).length / list.length;

describe('synthetic social map generator', () => {
  it('is deterministic: the same seed gives the same map, another seed another one', () => {
    const again = generateProviders(input(), 50);
    expect(again).toEqual(national.slice(0, 50));
    const other = generateProviders(input(8), 50);
    expect(other.map((p) => p.id)).not.toEqual(again.map((p) => p.id));
  });

  it('makes a smaller map the first providers of a larger one (national = demo + more)', () => {
    expect(generateProviders(input(), SEED_SCALES.demo.providers)).toEqual(demo);
  });

  it('has about the requested numbers: demo ~400 providers / 2,000 offerings, national ~8,500 / 20,000', () => {
    expect(demo).toHaveLength(400);
    expect(national).toHaveLength(8_500);
    expect(offerings(demo).length).toBeGreaterThan(1_800);
    expect(offerings(demo).length).toBeLessThan(2_200);
    expect(offerings(national).length).toBeGreaterThan(18_500);
    expect(offerings(national).length).toBeLessThan(21_500);
    expect(national.slice(0, LARGE_PROVIDERS).every((p) => p.archetype === 'large')).toBe(true);
  });

  it('gives unique ids and names, every name labelled synthetic, never a reserved name', () => {
    const ids = [...national.map((p) => p.id), ...national.flatMap((p) => p.locations.map((l) => l.id)), ...offerings(national).map((o) => o.id)];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toEqual([]);
    expect(new Set(national.map((p) => p.name)).size).toBe(national.length);
    expect(national.every((p) => p.name.endsWith(' (synthetisch)') && p.name.length <= 200)).toBe(true);
    expect(national.some((p) => p.name === 'Zorgaanbieder De Linde (synthetisch)')).toBe(false);
    expect(national.every((p) => p.description.includes('ynthetis'))).toBe(true);
  });

  it('keeps the capacity, age and wait constraints of the database', () => {
    const decimal1 = (x: number) => Math.round(x * 10) === x * 10;
    const bad = offerings(national).filter(
      (o) =>
        !(0 <= o.freePlaces && o.freePlaces <= o.totalPlaces && o.totalPlaces >= 1 && o.totalPlaces <= 40) ||
        !(Number.isInteger(o.waitWeeks) && o.waitWeeks >= 0 && o.waitWeeks <= 52) ||
        !(0 <= o.minAge && o.minAge <= o.maxAge && o.maxAge <= 27 && decimal1(o.minAge) && decimal1(o.maxAge)),
    );
    expect(bad).toEqual([]);
    expect(offerings(national).some((o) => !Number.isInteger(o.minAge) || !Number.isInteger(o.maxAge))).toBe(true);
  });

  it('is scarce: about 60% of the offerings full, outpatient offerings bigger than family homes', () => {
    const all = offerings(national);
    expect(share(all, (o) => o.freePlaces === 0)).toBeGreaterThan(0.55);
    expect(share(all, (o) => o.freePlaces === 0)).toBeLessThan(0.66);
    const mean = (setting: string) => {
      const list = all.filter((o) => o.setting === setting);
      return list.reduce((s, o) => s + o.totalPlaces, 0) / list.length;
    };
    expect(mean('outpatient')).toBeGreaterThan(mean('family_home') * 3);
  });

  it('places every location in the Netherlands, near its municipality and inside its region', () => {
    const byCode = new Map(municipalities.map((m) => [m.code, m]));
    const bad = national
      .flatMap((p) => p.locations)
      .filter((l) => {
        const m = byCode.get(l.municipalityCode)!;
        return (
          !isInNetherlands(l.latitude, l.longitude) ||
          l.latitude < NETHERLANDS_BOUNDS.minLatitude ||
          m.latitude === null || // municipalities without a centre get no locations
          m.longitude === null ||
          l.regionCode !== m.regionCode ||
          Math.abs(l.latitude - m.latitude) > 0.05 || // ~5 km
          Math.abs(l.longitude - m.longitude) > 0.08 ||
          regionAt([shapeOf.get(l.regionCode)!], l.latitude, l.longitude) !== l.regionCode
        );
      });
    expect(bad).toEqual([]);
  });

  it('spreads locations by population: Amsterdam has far more offerings than a small municipality', () => {
    const municipalityOf = new Map(national.flatMap((p) => p.locations.map((l) => [l.id, l.municipalityCode] as const)));
    const count = (code: string) => offerings(national).filter((o) => municipalityOf.get(o.locationId) === code).length;
    expect(count('GM0363')).toBeGreaterThan(300); // Amsterdam
    expect(count('GM0363')).toBeGreaterThan(count('GM0088') * 10); // Schiermonnikoog
  });

  it('uses current JZ020 categories, known settings and specialisms, with sensible pairings', () => {
    const known = new Set(SPECIALISM_SEED.map((s) => s.code));
    const all = offerings(national);
    const problems = (o: GeneratedOffering): string[] => {
      const p: string[] = [];
      if (!currentCategories.has(o.categoryCode)) p.push(`category ${o.categoryCode}`);
      if (!(SETTINGS as readonly string[]).includes(o.setting)) p.push(`setting ${o.setting}`);
      if (o.specialismCodes.length === 0 || new Set(o.specialismCodes).size !== o.specialismCodes.length) p.push('specialisms empty or repeated');
      for (const code of o.specialismCodes) if (!known.has(code)) p.push(`unknown specialism ${code}`);
      if (o.requiresSecureAuthorisation !== (o.setting === 'secure_residential')) p.push('secure authorisation');
      if (o.setting === 'secure_residential' && (o.categoryCode !== '43' || !o.specialismCodes.includes('secure_residential_care'))) p.push('secure pairing');
      const own: Partial<Record<string, string>> = { foster_care: 'foster_care', family_home: 'family_home_care', crisis: 'crisis_care', day_treatment: 'day_treatment' };
      if (own[o.setting] && !o.specialismCodes.includes(own[o.setting]!)) p.push(`${o.setting} without ${own[o.setting]}`);
      if (o.categoryCode === '54' && !o.specialismCodes.includes('youth_mental_health')) p.push('jeugd-ggz without youth_mental_health');
      return p;
    };
    expect(all.flatMap((o) => problems(o).map((p) => `${o.id}: ${p}`))).toEqual([]);
    const main = share(all, (o) => ['43', '44', '45', '41', '46', '54'].includes(o.categoryCode));
    expect(main).toBeGreaterThan(0.85);
    for (const setting of SETTINGS) expect(all.some((o) => o.setting === setting)).toBe(true);
  });

  it('contracts by the location\'s region, sometimes its neighbours; most accept other regions', () => {
    const locationRegion = new Map(national.flatMap((p) => p.locations.map((l) => [l.id, l.regionCode] as const)));
    const all = offerings(national);
    expect(all.filter((o) => !o.contractedRegionCodes.includes(locationRegion.get(o.locationId)!))).toEqual([]);
    expect(share(all, (o) => o.contractedRegionCodes.length > 1)).toBeGreaterThan(0.2);
    expect(share(all, (o) => o.contractedRegionCodes.length > 1)).toBeLessThan(0.8);
    expect(share(all, (o) => o.acceptsOtherRegions)).toBeGreaterThan(0.75);
  });

  it('spreads confirmations over the last 30 days: some today, some stale', () => {
    const all = offerings(national);
    const outside = all.filter((o) => o.capacityConfirmedAt.getTime() > NOW.getTime() || NOW.getTime() - o.capacityConfirmedAt.getTime() > 30 * 86_400_000);
    expect(outside).toEqual([]);
    const freshness = (f: string) => share(all, (o) => freshnessOf(o.capacityConfirmedAt, NOW) === f);
    expect(freshness('today')).toBeGreaterThan(0.2);
    expect(freshness('stale')).toBeGreaterThan(0.1);
    expect(freshness('stale')).toBeLessThan(0.3);
  });

  it('writes Dutch descriptions naming the ages', () => {
    const bad = offerings(national).filter(
      (o) => !/Voor kinderen en jongeren van [\d,]+ tot [\d,]+ jaar/.test(o.descriptionNl) || o.descriptionNl.length >= 1_000 || o.name.length > 200,
    );
    expect(bad).toEqual([]);
  });
});
