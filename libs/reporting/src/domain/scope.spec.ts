import { describe, expect, it } from '@jest/globals';
import { resolveScope, type RegionRef } from './scope.js';

const REGIONS: RegionRef[] = [
  { code: 'JZ08', name: 'Flevoland', inspectionArea: 'Utrecht & Flevoland' },
  { code: 'JZ22', name: 'Utrecht Stad', inspectionArea: 'Utrecht & Flevoland' },
  { code: 'JZ26', name: 'Lekstroom', inspectionArea: 'Utrecht & Flevoland' },
  { code: 'JZ29', name: 'Rijnmond', inspectionArea: 'Rijnmond' },
  { code: 'JZ13', name: 'Amsterdam-Amstelland', inspectionArea: 'Noord-Holland/Amsterdam' },
];

describe('resolveScope', () => {
  it('finds a youth-care region by its code', () => {
    expect(resolveScope('JZ22', REGIONS)).toEqual({ kind: 'region', key: 'JZ22', name: 'Utrecht Stad', inspectionArea: 'Utrecht & Flevoland', regionCodes: ['JZ22'] });
  });

  it('finds an inspection area by its exact name, with all its regions in code order', () => {
    expect(resolveScope('Utrecht & Flevoland', REGIONS)).toEqual({
      kind: 'inspection_area',
      key: 'Utrecht & Flevoland',
      name: 'Utrecht & Flevoland',
      inspectionArea: 'Utrecht & Flevoland',
      regionCodes: ['JZ08', 'JZ22', 'JZ26'],
    });
    expect(resolveScope('Noord-Holland/Amsterdam', REGIONS)?.regionCodes).toEqual(['JZ13']);
  });

  it('treats a name that is both a region and an area as the area (Rijnmond); the region has its code', () => {
    expect(resolveScope('Rijnmond', REGIONS)?.kind).toBe('inspection_area');
    expect(resolveScope('JZ29', REGIONS)?.kind).toBe('region');
  });

  it.each(['JZ99', 'jz22', 'Utrecht', 'utrecht & flevoland', 'Utrecht Stad', '', ' Rijnmond'])('knows no %p', (key) => {
    expect(resolveScope(key, REGIONS)).toBeUndefined();
  });
});
