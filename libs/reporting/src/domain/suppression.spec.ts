import { describe, expect, it } from '@jest/globals';
import { SuppressedCells, type Cell } from './suppression.js';

const cells = (entries: Record<string, number>) => new Map<string, Cell>(Object.entries(entries).map(([id, n]) => [id, { count: n, children: n }]));
const shownOf = (s: SuppressedCells, ids: string[]) => Object.fromEntries(ids.map((id) => [id, s.get(id)]));

describe('SuppressedCells', () => {
  it('suppresses cells under 5 children, 0 included, and a count of measures with fewer children behind it', () => {
    const s = SuppressedCells.of(new Map([['a', { count: 0, children: 0 }], ['b', { count: 4, children: 4 }], ['c', { count: 5, children: 5 }], ['d', { count: 6, children: 4 }]]), []);
    expect(shownOf(s, ['a', 'b', 'c', 'd'])).toEqual({ a: null, b: null, c: 5, d: null });
  });

  it('hides a second part when only one part of a shown total is hidden (the smallest shown one)', () => {
    const s = SuppressedCells.of(cells({ total: 30, a: 3, b: 12, c: 15 }), [{ total: 'total', parts: ['a', 'b', 'c'] }]);
    expect(shownOf(s, ['total', 'a', 'b', 'c'])).toEqual({ total: 30, a: null, b: null, c: 15 });
  });

  it('keeps hiding until the hidden parts add up to 5 or more', () => {
    // 1 + 0 = 1 could be read off: 6 is hidden too
    const s = SuppressedCells.of(cells({ total: 30, a: 1, b: 0, c: 6, d: 23 }), [{ total: 'total', parts: ['a', 'b', 'c', 'd'] }]);
    expect(shownOf(s, ['total', 'a', 'b', 'c', 'd'])).toEqual({ total: 30, a: null, b: null, c: null, d: 23 });
  });

  it('leaves a sum alone when nothing or enough is hidden', () => {
    expect(shownOf(SuppressedCells.of(cells({ t: 20, a: 10, b: 10 }), [{ total: 't', parts: ['a', 'b'] }]), ['t', 'a', 'b'])).toEqual({ t: 20, a: 10, b: 10 });
    expect(shownOf(SuppressedCells.of(cells({ t: 20, a: 3, b: 2, c: 15 }), [{ total: 't', parts: ['a', 'b', 'c'] }]), ['a', 'b', 'c'])).toEqual({ a: null, b: null, c: 15 });
  });

  it('a hidden total with every part shown: one part is hidden as well', () => {
    // the total is hidden by another sum (t = x + y with y small); its parts a and b would give it back
    const s = SuppressedCells.of(cells({ all: 21, t: 17, y: 4, a: 9, b: 8 }), [
      { total: 'all', parts: ['t', 'y'] },
      { total: 't', parts: ['a', 'b'] },
    ]);
    expect(shownOf(s, ['all', 't', 'y', 'a', 'b'])).toEqual({ all: 21, t: null, y: null, a: 9, b: null });
  });

  it('no hidden cell can be recomputed from the shown ones (brute force over small tables)', () => {
    for (let seed = 1; seed < 300; seed++) {
      const parts = Array.from({ length: 2 + (seed % 4) }, (_, i) => ((seed * 7 + i * 13) % 11) + (i === 0 ? 0 : (seed % 3) * 3));
      const total = parts.reduce((a, b) => a + b, 0);
      const ids = parts.map((_, i) => `p${i}`);
      const s = SuppressedCells.of(new Map([['t', { count: total, children: total }], ...ids.map((id, i) => [id, { count: parts[i]!, children: parts[i]! }] as [string, Cell])]), [{ total: 't', parts: ids }]);
      const hidden = ids.filter((id) => s.get(id) === null);
      const hiddenSum = hidden.reduce((n, id) => n + parts[ids.indexOf(id)]!, 0);
      if (s.get('t') !== null && hiddenSum > 0) {
        expect(hidden.length).toBeGreaterThanOrEqual(2);
        expect(hidden.reduce((n, id) => n + parts[ids.indexOf(id)]!, 0)).toBeGreaterThanOrEqual(5);
      }
      for (const [i, id] of ids.entries()) if (parts[i]! < 5) expect(s.get(id)).toBeNull();
    }
  });

  it('does not protect a true 0: a total with one shown part and zeros beside it stays shown', () => {
    const s = SuppressedCells.of(cells({ t: 6, a: 6, b: 0, c: 0 }), [{ total: 't', parts: ['a', 'b', 'c'] }]);
    expect(shownOf(s, ['t', 'a', 'b', 'c'])).toEqual({ t: 6, a: 6, b: null, c: null });
  });

  it('shows a share only when numerator and denominator are shown', () => {
    const s = SuppressedCells.of(cells({ t: 40, a: 2, b: 38 }), [{ total: 't', parts: ['a', 'b'] }]);
    expect(s.share('a', 't')).toBeNull();
    expect(s.share('b', 't')).toBeNull();
    const ok = SuppressedCells.of(cells({ t: 40, a: 10, b: 30 }), [{ total: 't', parts: ['a', 'b'] }]);
    expect(ok.share('a', 't')).toBe(0.25);
  });

  it('refuses parts that do not add up, and counts that are not whole numbers', () => {
    expect(() => SuppressedCells.of(cells({ t: 10, a: 3 }), [{ total: 't', parts: ['a'] }])).toThrow(RangeError);
    expect(() => SuppressedCells.of(new Map([['a', { count: 1.5, children: 1 }]]), [])).toThrow(RangeError);
  });
});
