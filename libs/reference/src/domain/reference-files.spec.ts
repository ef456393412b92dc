import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { checkReferenceSet, readCodeLists, readMunicipalities, readRegions } from './reference-files.js';

const data = (file: string) => readFileSync(new URL(`../../data/${file}`, import.meta.url), 'utf8');

describe('the shipped reference data', () => {
  const regions = readRegions(data('youth-regions-2025.csv'));
  const municipalities = readMunicipalities(data('municipalities-2025.csv'));

  it('holds the 42 youth-care regions and 342 municipalities of 2025, consistent with each other', () => {
    expect(regions).toHaveLength(42);
    expect(municipalities).toHaveLength(342);
    expect(checkReferenceSet(regions, municipalities)).toEqual([]);
  });

  it('maps the regions onto the 11 inspection areas', () => {
    expect(new Set(regions.map((r) => r.inspectionArea)).size).toBe(11);
    expect(regions.find((r) => r.code === 'JZ29')?.inspectionArea).toBe('Rijnmond');
  });

  it('keeps municipalities without a centroid as null, not as 0,0', () => {
    const molenlanden = municipalities.find((m) => m.name === 'Molenlanden')!;
    expect(molenlanden.latitude).toBeNull();
    expect(municipalities.find((m) => m.code === 'GM0014')).toMatchObject({ name: 'Groningen', regionCode: 'JZ01' });
  });

  it('marks the 2015 JZ020 categories as historic', () => {
    const lists = readCodeLists(data('code-lists-3.2.csv'), data('jz020-product-categories.csv'));
    const jz020 = lists.filter((e) => e.listCode === 'JZ020');
    expect(jz020.filter((e) => e.historic).map((e) => e.code)).toEqual(['31', '32', '33', '34', '35', '36', '37', '38']);
    expect(lists.filter((e) => e.listCode === 'WJ759')).toHaveLength(9);
    expect(lists.find((e) => e.listCode === 'JZ588' && e.code === '38')?.value).toBe('Overstap naar andere aanbieder');
  });

  it('finds a municipality in an unknown region', () => {
    const broken = [{ ...municipalities[0]!, regionCode: 'JZ99' }, ...municipalities.slice(1)];
    expect(checkReferenceSet(regions, broken)).toContain(`municipality ${municipalities[0]!.code} is in unknown region JZ99`);
  });
});
