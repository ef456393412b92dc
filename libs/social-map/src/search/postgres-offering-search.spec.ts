import { describe, expect, it } from '@jest/globals';
import { boundingBox, MIN_TYPO_SIMILARITY, typoSimilarity } from './postgres-offering-search.js';

/** earthdistance's earth(): the sphere the engine measures distances on */
const EARTH_M = 6_378_168;

/** the point `metres` from (lat, lon) in direction `bearing` (degrees) on that sphere */
function destination(lat: number, lon: number, metres: number, bearing: number): [number, number] {
  const rad = Math.PI / 180;
  const d = metres / EARTH_M;
  const phi = lat * rad;
  const theta = bearing * rad;
  const phi2 = Math.asin(Math.sin(phi) * Math.cos(d) + Math.cos(phi) * Math.sin(d) * Math.cos(theta));
  const lambda2 = lon * rad + Math.atan2(Math.sin(theta) * Math.sin(d) * Math.cos(phi), Math.cos(d) - Math.sin(phi) * Math.sin(phi2));
  return [phi2 / rad, lambda2 / rad];
}

describe('the PostgreSQL engine\'s pure helpers', () => {
  it('draws a latitude/longitude box that holds the whole circle, and not much more', () => {
    for (const [lat, lon] of [[52.09, 5.12], [53.22, 6.57], [50.85, 5.69], [-33.9, 151.2]] as const) {
      for (const km of [1, 10, 50, 75, 300]) {
        const box = boundingBox(lat, lon, km * 1000);
        for (let bearing = 0; bearing < 360; bearing += 5) {
          const [pLat, pLon] = destination(lat, lon, km * 1000, bearing);
          expect(pLat).toBeGreaterThanOrEqual(box.south);
          expect(pLat).toBeLessThanOrEqual(box.north);
          expect(pLon).toBeGreaterThanOrEqual(box.west!);
          expect(pLon).toBeLessThanOrEqual(box.east!);
        }
        // a little larger than the circle only (drawn on the polar radius)
        expect(box.north - lat).toBeLessThan((destination(lat, lon, km * 1000, 0)[0] - lat) * 1.004);
      }
    }
  });

  it('leaves the longitude open when the circle reaches a pole or the antimeridian', () => {
    expect(boundingBox(89.5, 5, 100_000)).toEqual({ south: expect.any(Number), north: expect.any(Number) });
    expect(boundingBox(10, 179.9, 50_000).west).toBeUndefined();
  });

  it('sets the similarity a typo lookup needs by the length of the word and its typo budget', () => {
    expect(typoSimilarity('adhf')).toBe(MIN_TYPO_SIMILARITY); // 4 letters, one typo: 1/10
    expect(typoSimilarity('agnst')).toBeCloseTo(2 / 11, 2);
    expect(typoSimilarity('zepelin')).toBeCloseTo(4 / 13, 2);
    expect(typoSimilarity('pleegzrog')).toBe(MIN_TYPO_SIMILARITY); // 9 letters, two typos: 2/20
    expect(typoSimilarity('pleegzrog', 1)).toBe(0.4); // the first lookup: one typo, 6/15
    expect(typoSimilarity('traumabehandelign')).toBeCloseTo(10 / 28, 2);
  });
});
