import { describe, expect, it } from '@jest/globals';
import { firstComeFirstServed } from './baseline.js';
import { checkCertificate } from './certificate.js';
import { formatProblem, InvalidInstanceError, MAX_WEIGHT, validateInstance, type Assignment, type AssignmentInstance } from './instance.js';
import { composePriorityWeight, priorityRank, type UrgencyTier } from './priority.js';
import { solveAssignment, type AssignmentResult } from './solver.js';

/** mulberry32: a tiny seeded PRNG, local to the tests (domain code has no randomness) */
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
type Prng = ReturnType<typeof prng>;

interface Shape {
  children: number;
  offerings: number;
  edgeChance: number;
  maxCapacity: number;
  /** weights drawn from 1..maxWeight (small: many ties) */
  maxWeight: number;
  /** parallel edges allowed */
  duplicates?: boolean;
}

function instanceOf(children: number, offerings: number, capacity: number[], edges: [number, number, number][]): AssignmentInstance {
  return {
    children,
    offerings,
    capacity: Int32Array.from(capacity),
    edgeChild: Int32Array.from(edges.map((e) => e[0])),
    edgeOffering: Int32Array.from(edges.map((e) => e[1])),
    edgeWeight: Float64Array.from(edges.map((e) => e[2])),
  };
}

function randomInstance(random: Prng, shape: Shape, weight: (random: Prng, child: number) => number = (r) => r.int(1, shape.maxWeight)): AssignmentInstance {
  const capacity = Array.from({ length: shape.offerings }, () => random.int(0, shape.maxCapacity));
  const edges: [number, number, number][] = [];
  for (let c = 0; c < shape.children; c++) {
    for (let o = 0; o < shape.offerings; o++) {
      if (random.next() < shape.edgeChance) edges.push([c, o, weight(random, c)]);
      if (shape.duplicates && random.next() < 0.05) edges.push([c, o, weight(random, c)]);
    }
  }
  // any order
  for (let i = edges.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [edges[i], edges[j]] = [edges[j]!, edges[i]!];
  }
  return instanceOf(shape.children, shape.offerings, capacity, edges);
}

/** every feasible assignment (as edge index per child, -1 = unplaced), visited once */
function forEachAssignment(instance: AssignmentInstance, visit: (edgeOf: Int32Array) => void): void {
  const byChild: number[][] = Array.from({ length: instance.children }, () => []);
  for (let e = 0; e < instance.edgeChild.length; e++) byChild[instance.edgeChild[e]!]!.push(e);
  const left = instance.capacity.slice();
  const edgeOf = new Int32Array(instance.children).fill(-1);
  const go = (c: number) => {
    if (c === instance.children) return visit(edgeOf);
    edgeOf[c] = -1;
    go(c + 1);
    for (const e of byChild[c]!) {
      const o = instance.edgeOffering[e]!;
      if (left[o]! <= 0) continue;
      left[o]!--;
      edgeOf[c] = e;
      go(c + 1);
      left[o]!++;
      edgeOf[c] = -1;
    }
  };
  go(0);
}

function bruteForceOptimum(instance: AssignmentInstance): number {
  let best = 0;
  forEachAssignment(instance, (edgeOf) => {
    let total = 0;
    for (const e of edgeOf) if (e >= 0) total += instance.edgeWeight[e]!;
    if (total > best) best = total;
  });
  return best;
}

function expectCertified(instance: AssignmentInstance, result: AssignmentResult): void {
  const check = checkCertificate(instance, result, result.duals);
  expect(check.problems).toEqual([]);
  expect(result.dualBoundExact).toBe(result.objectiveExact);
  expect(result.dualBound).toBe(result.objective);
}

function capacityRespected(instance: AssignmentInstance, assignment: Assignment): boolean {
  const load = new Int32Array(instance.offerings);
  for (const o of assignment.offeringOf) if (o >= 0) load[o]!++;
  return load.every((n, o) => n <= instance.capacity[o]!);
}

const SMALL_SHAPES: Shape[] = [
  { children: 4, offerings: 3, edgeChance: 0.6, maxCapacity: 1, maxWeight: 10 },
  { children: 6, offerings: 3, edgeChance: 0.5, maxCapacity: 2, maxWeight: 5 },
  { children: 6, offerings: 4, edgeChance: 0.4, maxCapacity: 3, maxWeight: 3 },
  { children: 5, offerings: 5, edgeChance: 0.35, maxCapacity: 2, maxWeight: 1_000, duplicates: true },
  { children: 7, offerings: 2, edgeChance: 0.7, maxCapacity: 3, maxWeight: 4 },
  { children: 3, offerings: 6, edgeChance: 0.5, maxCapacity: 1, maxWeight: 2 },
];

describe('solveAssignment: optimal on small instances (brute force)', () => {
  it.each(SMALL_SHAPES.map((shape, i) => [i, shape] as const))('shape %i: equals the enumerated optimum on 150 random instances, with a certificate', (i, shape) => {
    const random = prng(1_000 + i);
    let withTies = 0;
    let withEmptyChild = 0;
    let withZeroCapacity = 0;
    for (let n = 0; n < 150; n++) {
      const instance = randomInstance(random, shape);
      const result = solveAssignment(instance);
      expect(result.objective).toBe(bruteForceOptimum(instance));
      expect(capacityRespected(instance, result)).toBe(true);
      expectCertified(instance, result);
      if (new Set(instance.edgeWeight).size < instance.edgeWeight.length) withTies++;
      if (new Set(instance.edgeChild).size < instance.children) withEmptyChild++;
      if (instance.capacity.includes(0)) withZeroCapacity++;
    }
    // the generator does produce the awkward cases
    expect(withTies + withEmptyChild + withZeroCapacity).toBeGreaterThan(0);
  });

  it('handles weights near the largest allowed (2^50) exactly', () => {
    const random = prng(77);
    for (let n = 0; n < 150; n++) {
      const instance = randomInstance(random, { children: 5, offerings: 3, edgeChance: 0.6, maxCapacity: 2, maxWeight: 0 }, (r) => MAX_WEIGHT - r.int(0, 3));
      const result = solveAssignment(instance);
      expect(result.objective).toBe(bruteForceOptimum(instance));
      expectCertified(instance, result);
    }
  });

  it('solves the empty and the degenerate instances', () => {
    const empty = solveAssignment(instanceOf(0, 0, [], []));
    expect(empty).toMatchObject({ objective: 0, placed: 0, dualBound: 0 });
    const noEdges = solveAssignment(instanceOf(3, 2, [1, 1], []));
    expect(Array.from(noEdges.offeringOf)).toEqual([-1, -1, -1]);
    const noPlaces = instanceOf(2, 2, [0, 0], [[0, 0, 5], [1, 1, 7], [0, 1, 3]]);
    const none = solveAssignment(noPlaces);
    expect(none).toMatchObject({ objective: 0, placed: 0, dualBound: 0 });
    expectCertified(noPlaces, none);
    const huge = instanceOf(3, 1, [1_000_000_000], [[0, 0, 1], [1, 0, 2], [2, 0, 3]]);
    const all = solveAssignment(huge);
    expect(all).toMatchObject({ objective: 6, placed: 3 });
    expectCertified(huge, all);
  });

  it('moves a placed child to make room when that is better, and leaves a child out when that is better', () => {
    // child 0 likes A (10) and B (9); child 1 only A (8): 0->B, 1->A = 17 beats 0->A = 10
    const a = instanceOf(2, 2, [1, 1], [[0, 0, 10], [0, 1, 9], [1, 0, 8]]);
    const ra = solveAssignment(a);
    expect(Array.from(ra.offeringOf)).toEqual([1, 0]);
    expect(ra.objective).toBe(17);
    // one place, the later child weighs more: the first one is left out
    const b = instanceOf(2, 1, [1], [[0, 0, 3], [1, 0, 4]]);
    expect(Array.from(solveAssignment(b).offeringOf)).toEqual([-1, 0]);
  });
});

describe('solveAssignment: against first come, first served', () => {
  it('never scores less than FCFS in any arrival order, with or without a region restriction', () => {
    const random = prng(2024);
    for (let n = 0; n < 40; n++) {
      const shape = { children: 60, offerings: 30, edgeChance: 0.12, maxCapacity: 3, maxWeight: 1_000 };
      const instance = randomInstance(random, shape);
      const result = solveAssignment(instance);
      expectCertified(instance, result);
      const regionOfChild = Array.from({ length: shape.children }, () => random.int(0, 3));
      const regionOfOffering = Array.from({ length: shape.offerings }, () => random.int(0, 3));
      const sameRegion = (e: number) => regionOfChild[instance.edgeChild[e]!] === regionOfOffering[instance.edgeOffering[e]!];
      for (let k = 0; k < 5; k++) {
        const order = Int32Array.from({ length: shape.children }, (_, i) => i);
        for (let i = order.length - 1; i > 0; i--) {
          const j = random.int(0, i);
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        for (const fcfs of [firstComeFirstServed(instance, order), firstComeFirstServed(instance, order, sameRegion)]) {
          expect(capacityRespected(instance, fcfs)).toBe(true);
          expect(checkCertificate(instance, fcfs, result.duals).problems.filter((p) => !p.startsWith('dual bound'))).toEqual([]);
          expect(result.objective).toBeGreaterThanOrEqual(fcfs.objective);
        }
      }
    }
  });

  it('FCFS: each child in turn takes its best edge with a place left; a region restriction holds', () => {
    const instance = instanceOf(3, 2, [1, 1], [[0, 0, 5], [0, 1, 6], [1, 1, 9], [2, 1, 9], [2, 0, 1]]);
    const inOrder = firstComeFirstServed(instance, Int32Array.from([0, 1, 2]));
    expect(Array.from(inOrder.offeringOf)).toEqual([1, -1, 0]);
    expect(inOrder.objective).toBe(7);
    const reversed = firstComeFirstServed(instance, Int32Array.from([2, 1, 0]));
    expect(Array.from(reversed.offeringOf)).toEqual([0, -1, 1]);
    const onlyOffering0 = firstComeFirstServed(instance, Int32Array.from([0, 1, 2]), (e) => instance.edgeOffering[e] === 0);
    expect(Array.from(onlyOffering0.offeringOf)).toEqual([0, -1, -1]);
    expect(() => firstComeFirstServed(instance, Int32Array.from([0, 0]))).toThrow('order[1]: child 0 appears twice');
  });
});

describe('solveAssignment: deterministic', () => {
  it('gives identical output for identical input, and the same placements for any edge order', () => {
    const random = prng(99);
    for (let n = 0; n < 20; n++) {
      const instance = randomInstance(random, { children: 80, offerings: 40, edgeChance: 0.1, maxCapacity: 3, maxWeight: 20, duplicates: true });
      const first = solveAssignment(instance);
      const again = solveAssignment(instance);
      expect(again.offeringOf).toEqual(first.offeringOf);
      expect(again.edgeOf).toEqual(first.edgeOf);
      expect(again.duals).toEqual(first.duals);
      expect(again.objectiveExact).toBe(first.objectiveExact);

      const perm = Array.from(instance.edgeChild, (_, i) => i);
      for (let i = perm.length - 1; i > 0; i--) {
        const j = random.int(0, i);
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
      }
      const permuted: AssignmentInstance = {
        ...instance,
        edgeChild: Int32Array.from(perm, (e) => instance.edgeChild[e]!),
        edgeOffering: Int32Array.from(perm, (e) => instance.edgeOffering[e]!),
        edgeWeight: Float64Array.from(perm, (e) => instance.edgeWeight[e]!),
      };
      const shuffled = solveAssignment(permuted);
      expect(shuffled.objective).toBe(first.objective);
      expect(shuffled.offeringOf).toEqual(first.offeringOf);
      expectCertified(permuted, shuffled);
    }
  });
});

describe('validateInstance', () => {
  const good = () => instanceOf(2, 2, [1, 0], [[0, 0, 3], [1, 1, 4]]);

  it('accepts a good instance', () => {
    expect(validateInstance(good())).toEqual([]);
  });

  it('names the field and the index of each problem', () => {
    const bad = good();
    bad.edgeChild[1] = 2;
    bad.edgeOffering[0] = -1;
    bad.edgeWeight[1] = 2.5;
    bad.capacity[1] = -3;
    expect(validateInstance(bad).map(formatProblem)).toEqual([
      'capacity[1]: must be >= 0, is -3',
      'edgeOffering[0]: must be an offering index 0..1, is -1',
      'edgeChild[1]: must be a child index 0..1, is 2',
      `edgeWeight[1]: must be an integer 1..${MAX_WEIGHT}, is 2.5`,
    ]);
    expect(validateInstance({ ...good(), edgeWeight: Float64Array.from([1, 0]) }).map(formatProblem)).toEqual([`edgeWeight[1]: must be an integer 1..${MAX_WEIGHT}, is 0`]);
    expect(validateInstance({ ...good(), edgeWeight: Float64Array.from([1, MAX_WEIGHT + 1]) })).toHaveLength(1);
  });

  it('names arrays of the wrong length or type, and stops after maxProblems', () => {
    expect(validateInstance({ ...good(), capacity: Int32Array.from([1]) }).map(formatProblem)).toEqual(['capacity: has 1 entries for 2 offerings']);
    expect(validateInstance({ ...good(), edgeWeight: Float64Array.from([1]) }).map(formatProblem)).toEqual(['edgeWeight: has 1 entries for 2 edges (edgeChild)']);
    expect(validateInstance({ ...good(), edgeChild: [0, 1] as unknown as Int32Array }).map(formatProblem)).toEqual(['edgeChild: must be a Int32Array']);
    expect(validateInstance({ ...good(), children: -1 }).map(formatProblem)).toContain('children: must be a whole number >= 0');
    const many = instanceOf(1, 1, [1], Array.from({ length: 100 }, () => [0, 0, 0] as [number, number, number]));
    expect(validateInstance(many, { maxProblems: 5 })).toHaveLength(5);
  });

  it('is the solver input guard', () => {
    const bad = good();
    bad.edgeWeight[0] = Number.NaN;
    expect(() => solveAssignment(bad)).toThrow(InvalidInstanceError);
    expect(() => solveAssignment(bad)).toThrow('edgeWeight[0]: must be an integer');
  });
});

describe('composePriorityWeight: strict priorities', () => {
  it('orders by tier, then waiting days (capped at 1,000), then fit, and stays below 2^53 for 100,000 children', () => {
    const w = (tier: UrgencyTier, waitingDays: number, fit: number) => composePriorityWeight({ tier, waitingDays, fit }, 100_000);
    expect(w(2, 0, 1)).toBeGreaterThan(w(1, 1_000, 1_000));
    expect(w(1, 0, 1)).toBeGreaterThan(w(0, 1_000, 1_000));
    expect(w(0, 11, 1)).toBeGreaterThan(w(0, 10, 1_000));
    expect(w(0, 10, 2)).toBeGreaterThan(w(0, 10, 1));
    expect(w(0, 5_000, 7)).toBe(w(0, 1_000, 7));
    // one priority step outweighs the fit of 100,000 children at 1,000 each
    expect(w(0, 1, 1) - w(0, 0, 1_000)).toBeGreaterThan(100_000 * 1_000 - 1_000);
    expect(Number.isSafeInteger(w(2, 1_000, 1_000))).toBe(true);
    expect(w(2, 1_000, 1_000)).toBeLessThan(MAX_WEIGHT);
    expect(() => w(0, 0, 0)).toThrow('fit must be an integer 1..1000');
    expect(() => w(3 as UrgencyTier, 0, 1)).toThrow(RangeError);
    expect(() => w(0, -1, 1)).toThrow(RangeError);
  });

  it('never leaves a higher-priority child out to place lower-priority ones, nor trades priority for fit (brute force)', () => {
    const random = prng(31_337);
    const violations: string[] = [];
    for (let n = 0; n < 300; n++) {
      const children = random.int(2, 6);
      const offerings = random.int(1, 4);
      // few distinct priorities, so equal priorities occur too
      const priorities = Array.from({ length: children }, () => ({ tier: random.int(0, 2) as UrgencyTier, waitingDays: random.int(0, 2) * 400 }));
      const instance = randomInstance(random, { children, offerings, edgeChance: 0.5, maxCapacity: 2, maxWeight: 0 }, (r, c) => {
        const fit = r.int(1, 1_000);
        return composePriorityWeight({ ...priorities[c]!, fit }, children);
      });
      const rank = priorities.map((p) => priorityRank(p.tier, p.waitingDays));
      const fitOf = (e: number) => instance.edgeWeight[e]! % (1_000 * children + 1);
      const profile = (edgeOf: Int32Array) => {
        const ranks: number[] = [];
        let fit = 0;
        edgeOf.forEach((e, c) => {
          if (e >= 0) {
            ranks.push(rank[c]!);
            fit += fitOf(e);
          }
        });
        return { ranks: ranks.sort((a, b) => b - a), fit };
      };
      const result = solveAssignment(instance);
      expectCertified(instance, result);
      const mine = profile(result.edgeOf);
      forEachAssignment(instance, (edgeOf) => {
        const other = profile(edgeOf);
        // Gale-optimal: the k-th best placed priority is at least the other's k-th best
        if (other.ranks.some((r, k) => (mine.ranks[k] ?? 0) < r)) violations.push(`instance ${n}: ranks ${mine.ranks} vs ${other.ranks}`);
        // among the priority-best sets, the best total fit
        else if (other.ranks.join() === mine.ranks.join() && other.fit > mine.fit) violations.push(`instance ${n}: fit ${mine.fit} < ${other.fit}`);
      });
    }
    expect(violations.slice(0, 5)).toEqual([]);
  });
});
