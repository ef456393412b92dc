import { describe, expect, it } from '@jest/globals';
import { mixSeed, mulberry32, Random, WeightedTable } from './seeded-random.js';

describe('seeded random numbers', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('mixes seeds so neighbouring indexes get unrelated streams', () => {
    expect(mixSeed(1, 2)).toBe(mixSeed(1, 2));
    expect(mixSeed(1, 2)).not.toBe(mixSeed(1, 3));
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
  });

  it('draws whole numbers within bounds, roughly uniform', () => {
    const random = new Random(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4_000; i++) {
      const n = random.int(0, 3);
      counts[n]!++;
    }
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });

  it('draws by weight, samples without repeats and makes version-4 UUIDs', () => {
    const random = new Random(2);
    let heavy = 0;
    for (let i = 0; i < 1_000; i++) if (random.weighted([['a', 9], ['b', 1]] as const) === 'a') heavy++;
    expect(heavy).toBeGreaterThan(850);
    const sample = random.sample([1, 2, 3, 4, 5], 3);
    expect(new Set(sample).size).toBe(3);
    expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('draws from a weighted table in proportion and never a zero weight', () => {
    const table = new WeightedTable(['big', 'none', 'small'], (x) => ({ big: 90, none: 0, small: 10 })[x]!);
    const random = new Random(3);
    const counts: Record<string, number> = { big: 0, none: 0, small: 0 };
    for (let i = 0; i < 2_000; i++) counts[table.draw(random)]!++;
    expect(counts.none).toBe(0);
    expect(counts.big! / 2_000).toBeGreaterThan(0.85);
  });
});
