import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { readMunicipalities } from './reference-files.js';
import { distanceKm, readRegionShapes, regionAt } from './geo.js';

const data = (file: string) => readFileSync(new URL(`../../data/${file}`, import.meta.url), 'utf8');
const shapes = readRegionShapes(data('youth-regions-2025.geojson'));

describe('region polygons', () => {
  it('holds the 42 youth-care regions', () => {
    expect(shapes).toHaveLength(42);
  });

  it('places Utrecht city in Utrecht Stad and Rotterdam in Rijnmond', () => {
    expect(regionAt(shapes, 52.0907, 5.1214)).toBe('JZ22');
    expect(regionAt(shapes, 51.9225, 4.4792)).toBe('JZ29');
  });

  it('finds no region in Brussels, Paris or the North Sea', () => {
    expect(regionAt(shapes, 50.8503, 4.3517)).toBeUndefined();
    expect(regionAt(shapes, 48.8566, 2.3522)).toBeUndefined();
    expect(regionAt(shapes, 53.0, 3.5)).toBeUndefined();
  });

  it('puts almost every municipality centroid in the region the reference file gives it', () => {
    const municipalities = readMunicipalities(data('municipalities-2025.csv')).filter((m) => m.latitude !== null);
    const agree = municipalities.filter((m) => regionAt(shapes, m.latitude!, m.longitude!) === m.regionCode).length;
    expect(agree / municipalities.length).toBeGreaterThan(0.97);
    expect(municipalities.every((m) => regionAt(shapes, m.latitude!, m.longitude!) !== undefined)).toBe(true);
  });

  it('measures distances in kilometres', () => {
    expect(distanceKm(52.0907, 5.1214, 52.3676, 4.9041)).toBeCloseTo(34.5, 0); // Utrecht - Amsterdam
  });
});
