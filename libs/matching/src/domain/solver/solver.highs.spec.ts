import { describe, expect, it } from '@jest/globals';
import { checkCertificate } from './certificate.js';
import type { AssignmentInstance } from './instance.js';
import { solveAssignment } from './solver.js';

/**
 * The solver against an independent LP solver (HiGHS, compiled to WebAssembly) on medium
 * instances. The assignment LP's constraint matrix is totally unimodular (bipartite), so its optimum
 * is attained at an integral vertex: the LP value is the integer optimum. Kept apart from the other
 * solver tests so a failure of the WASM loader shows as what it is.
 */

/** mulberry32, local to the test */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)) };
}

function mediumInstance(seed: number, children: number, offerings: number, edgesPerChild: number, maxWeight: number): AssignmentInstance {
  const random = prng(seed);
  const capacity = Int32Array.from({ length: offerings }, () => random.int(0, 3));
  const edgeChild: number[] = [];
  const edgeOffering: number[] = [];
  const edgeWeight: number[] = [];
  for (let c = 0; c < children; c++) {
    // a few children with no edges at all
    const degree = random.next() < 0.03 ? 0 : random.int(1, 2 * edgesPerChild);
    const home = random.int(0, offerings - 1);
    const seen = new Set<number>();
    for (let k = 0; k < degree; k++) {
      // mostly near the child's "home" offering: competition, as in a region
      const o = random.next() < 0.8 ? (home + random.int(0, 30)) % offerings : random.int(0, offerings - 1);
      if (seen.has(o)) continue;
      seen.add(o);
      edgeChild.push(c);
      edgeOffering.push(o);
      edgeWeight.push(random.int(1, maxWeight));
    }
  }
  return {
    children,
    offerings,
    capacity,
    edgeChild: Int32Array.from(edgeChild),
    edgeOffering: Int32Array.from(edgeOffering),
    edgeWeight: Float64Array.from(edgeWeight),
  };
}

/** maximize Σ w_e x_e s.t. Σ_{e∋c} x_e <= 1, Σ_{e∋o} x_e <= k_o, 0 <= x_e <= 1 (CPLEX LP format) */
function assignmentLp(instance: AssignmentInstance): string {
  const { children, offerings, capacity, edgeChild, edgeOffering, edgeWeight } = instance;
  const lines: string[] = ['Maximize'];
  const sum = (terms: string[], prefix: string) => {
    // short lines: a continuation line per 8 terms
    for (let i = 0; i < terms.length; i += 8) lines.push(`${i === 0 ? prefix : ' '} ${i === 0 ? '' : '+ '}${terms.slice(i, i + 8).join(' + ')}`);
  };
  sum(Array.from(edgeWeight, (w, e) => `${w} x${e}`), ' obj:');
  lines.push('Subject To');
  const byChild: string[][] = Array.from({ length: children }, () => []);
  const byOffering: string[][] = Array.from({ length: offerings }, () => []);
  for (let e = 0; e < edgeChild.length; e++) {
    byChild[edgeChild[e]!]!.push(`x${e}`);
    byOffering[edgeOffering[e]!]!.push(`x${e}`);
  }
  byChild.forEach((terms, c) => {
    if (terms.length === 0) return;
    sum(terms, ` c${c}:`);
    lines.push(' <= 1');
  });
  byOffering.forEach((terms, o) => {
    if (terms.length === 0) return;
    sum(terms, ` o${o}:`);
    lines.push(` <= ${capacity[o]}`);
  });
  lines.push('Bounds');
  for (let e = 0; e < edgeChild.length; e++) lines.push(` 0 <= x${e} <= 1`);
  lines.push('End');
  return lines.join('\n');
}

/**
 * HiGHS is CommonJS with an ESM build: under jest (bundler resolution) the default export is the
 * loader, under tsc's nodenext typing it is the module object; accept both.
 */
type LoadedHighs = { solve(lp: string): { Status: string; ObjectiveValue: number } };
async function loadHighs(): Promise<LoadedHighs> {
  const module = (await import('highs')) as unknown as { default: (() => Promise<LoadedHighs>) | { default: () => Promise<LoadedHighs> } };
  const loader = typeof module.default === 'function' ? module.default : module.default.default;
  return loader();
}

describe('solveAssignment against the HiGHS LP optimum (medium instances)', () => {
  it('loads HiGHS (WebAssembly) and solves a tiny LP', async () => {
    const highs = await loadHighs();
    const solution = highs.solve('Maximize\n obj: 3 x + 2 y\nSubject To\n c1: x + y <= 1\nBounds\n 0 <= x <= 1\n 0 <= y <= 1\nEnd');
    expect(solution.Status).toBe('Optimal');
    expect(solution.ObjectiveValue).toBeCloseTo(3, 9);
  });

  it.each([
    [1, 300, 300, 5, 1_000],
    [2, 400, 200, 6, 1_000],
    [3, 250, 400, 4, 10], // many ties
    [4, 500, 300, 4, 1_000], // more children than places
  ])('seed %i: %i children x %i offerings (~%i edges each, weights 1..%i): same optimum, certified', async (seed, children, offerings, edgesPerChild, maxWeight) => {
    const highs = await loadHighs();
    const instance = mediumInstance(seed, children, offerings, edgesPerChild, maxWeight);
    const result = solveAssignment(instance);
    const lp = highs.solve(assignmentLp(instance));
    expect(lp.Status).toBe('Optimal');
    expect(Math.abs(lp.ObjectiveValue - Math.round(lp.ObjectiveValue))).toBeLessThan(1e-6);
    expect(result.objective).toBe(Math.round(lp.ObjectiveValue));
    expect(checkCertificate(instance, result, result.duals).problems).toEqual([]);
    expect(result.placed).toBeGreaterThan(0);
  });
});
