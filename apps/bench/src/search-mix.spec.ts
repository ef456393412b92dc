import { describe, expect, it } from '@jest/globals';
import { Random } from '@passend/platform';
import { percentile, summarise } from './load.js';
import { searchMix, withTypo } from './search-mix.js';

const municipalities = [
  { code: 'GM0363', regionCode: 'JZ13', population: 930_000 },
  { code: 'GM0344', regionCode: 'JZ22', population: 375_000 },
  { code: 'GM0088', regionCode: 'JZ02', population: 950 },
];

describe('benchmark search mix', () => {
  it('is reproducible and mixes text, filters, near and combined searches', () => {
    const mix = searchMix(1, 400, municipalities);
    expect(searchMix(1, 400, municipalities)).toEqual(mix);
    expect(new Set(mix.map((m) => m.shape))).toEqual(new Set(['text', 'filters', 'near', 'combo']));
    for (const { path } of mix) expect(path.startsWith('/api/social-map/offerings?')).toBe(true);
    const near = mix.filter((m) => m.shape === 'near').map((m) => new URL(m.path, 'http://x').searchParams);
    expect(near.every((p) => p.get('sort') === 'distance' && p.get('radiusKm') && /^GM\d{4}$/.test(p.get('near') ?? ''))).toBe(true);
    // big municipalities are near-points far more often than tiny ones
    const count = (code: string) => near.filter((p) => p.get('near') === code).length;
    expect(count('GM0363')).toBeGreaterThan(count('GM0088'));
  });

  it('makes one typo a person makes, never in the first letter, leaving short words alone', () => {
    const random = new Random(5);
    for (let i = 0; i < 200; i++) {
      const typo = withTypo(random, 'traumabehandeling');
      expect(typo[0]).toBe('t');
      expect(Math.abs(typo.length - 'traumabehandeling'.length)).toBeLessThanOrEqual(1);
    }
    expect(withTypo(random, 'lvb')).toBe('lvb');
  });

  it('summarises latencies by nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(summarise(values)).toMatchObject({ count: 100, p50: 50, p95: 95, max: 100, mean: 50.5 });
    expect(Number.isNaN(summarise([]).p50)).toBe(true);
  });
});
