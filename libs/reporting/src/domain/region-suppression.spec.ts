import { describe, expect, it } from '@jest/globals';
import { hierarchyPattern } from './region-suppression.js';
import type { Cell } from './suppression.js';

const cellsOf = (n: number) => new Map<string, Cell>([['openChildren', { count: n, children: n }]]);

/** area = Σ regions; every subtraction of shown cells from a shown total must leave 0 or at least 5 over 2+ hidden regions */
function attack(regionCounts: number[]): { shownArea: boolean; recovered: number | null } {
  const codes = regionCounts.map((_, i) => `JZ${String(i + 1).padStart(2, '0')}`);
  const total = regionCounts.reduce((a, b) => a + b, 0);
  const pattern = hierarchyPattern(new Map([['A', codes]]), new Map(codes.map((c, i) => [c, cellsOf(regionCounts[i]!)])), new Map([['A', cellsOf(total)]]));
  const hidden = codes.filter((c) => pattern.regions.get(c)!.has('openChildren'));
  const shownArea = !pattern.areas.get('A')!.has('openChildren');
  const left = total - codes.filter((c) => !hidden.includes(c)).reduce((n, c) => n + regionCounts[codes.indexOf(c)]!, 0);
  return { shownArea, recovered: shownArea && hidden.length > 0 && left > 0 && (hidden.length < 2 || left < 5) ? left : null };
}

describe('hierarchyPattern (complementary suppression over area = Σ regions)', () => {
  it('hides a second region when one small region would be the area minus the others', () => {
    expect(attack([12, 3, 0, 0])).toEqual({ shownArea: true, recovered: null });
  });

  it('finds nothing by subtraction over every area of up to 4 regions with 0 to 9 children each', () => {
    const found: number[][] = [];
    const rec = (prefix: number[]) => {
      if (prefix.length > 0 && attack(prefix).recovered !== null) found.push(prefix);
      if (prefix.length < 4) for (let n = 0; n <= 9; n++) rec([...prefix, n]);
    };
    rec([]);
    expect(found).toEqual([]);
  });

  it('hides the area when its total is small, and shows every cell of large regions', () => {
    expect(attack([2, 1]).shownArea).toBe(false);
    const pattern = hierarchyPattern(new Map([['A', ['JZ01', 'JZ02']]]), new Map([['JZ01', cellsOf(8)], ['JZ02', cellsOf(9)]]), new Map([['A', cellsOf(17)]]));
    expect([...pattern.regions.values()].every((h) => h.size === 0)).toBe(true);
  });
});
