import {
  ageOnStart,
  checkEligibility,
  daysOnClock,
  distanceToOffering,
  distanceBit,
  maskBesidesDistance,
  INELIGIBILITY_CODES,
  placeableNow,
  reportedDistance,
  type EligibilityFlag,
  type IneligibilityCode,
} from './eligibility.js';
import { DEFAULT_FIT_WEIGHTS, fitOf, fitScoreOfPair, offeringTerms, weightList, type Fit, type FitWeights } from './fit.js';
import type { MatchChild, MatchOffering } from './model.js';
import { priorityRank, priorityStep, solveAssignment, URGENCY_TIER, type AssignmentInstance } from './solver/index.js';

/**
 * One matching run over a scope: every waiting child against every offering of the needed
 * category; the hard rules decide the edges, the fit scores them, the solver assigns free
 * places to children under strict priorities (urgency tier, then days on the norm clock, then
 * fit), and every child keeps its best alternatives, each explained.
 */
export interface PlanInput {
  children: readonly MatchChild[];
  offerings: readonly MatchOffering[];
  now: Date;
  /** LocalDate of `now` in Amsterdam */
  today: string;
  weights?: FitWeights;
  /** alternatives kept per child (default 5) */
  alternatives?: number;
}

export interface PlannedOption {
  offeringKey: string;
  providerId: string;
  regionCode: string;
  fit: Fit;
  flags: EligibilityFlag[];
  distanceKm: number;
  outsideOwnRegion: boolean;
  /** 1 = best fit for this child among the eligible offerings */
  fitRank: number;
}

export type UnplacedReason =
  /** no offering passes the hard rules */
  | 'no_eligible_offering'
  /** eligible offerings exist, none has a free place now */
  | 'no_free_place'
  /** free eligible places went to children with higher priority */
  | 'outranked';

export interface ChildPlan {
  childKey: string;
  measureId: string;
  tier: 0 | 1 | 2;
  daysOnClock: number;
  /** what the solver proposes, or null */
  proposal: PlannedOption | null;
  unplacedReason: UnplacedReason | null;
  /** the best other eligible options (by fit), also those with a waiting list */
  alternatives: PlannedOption[];
  eligibleCount: number;
  /** why offerings of the needed category were not eligible: code → count */
  rejected: Partial<Record<IneligibilityCode, number>>;
}

export interface Plan {
  children: ChildPlan[];
  placed: number;
  /** Σ fit of the proposals (the priority terms left out) */
  totalFit: number;
  /** the solver's objective with priorities, and its dual bound (equal when optimal) */
  objective: number;
  dualBound: number;
  edges: number;
  offeringsWithFreePlaces: number;
}

/** A growable array of 32-bit integers: the eligible pairs of a national run (millions) without an object each. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
}

const byKey = <T extends { key: string }>(a: T, b: T) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Every eligible pair is kept as two integers (offering, fit score), per child in one run of the
 * lists; only the proposals and the best alternatives get their explanation objects, after the
 * solve. A national run (10,000 children against 20,000 offerings) so holds millions of pairs in
 * tens of megabytes instead of millions of objects.
 */
export function planMatching(input: PlanInput): Plan {
  const weights = input.weights ?? DEFAULT_FIT_WEIGHTS;
  const keep = input.alternatives ?? 5;
  // stable ids order the solver's input, so ties break the same way every run
  const children = [...input.children].sort(byKey);
  const offerings = [...input.offerings].sort(byKey);
  const byCategory = new Map<string, number[]>();
  offerings.forEach((o, i) => {
    const list = byCategory.get(o.categoryCode);
    if (list) list.push(i);
    else byCategory.set(o.categoryCode, [i]);
  });
  const placeable = offerings.map(placeableNow);
  const terms = offerings.map((o) => offeringTerms(o, input.now));

  const pairOffering = new IntList();
  const pairScore = new IntList();
  const firstPair = new Int32Array(children.length + 1);
  const rejected: Partial<Record<IneligibilityCode, number>>[] = [];

  const weightArray = weightList(weights);
  const ruleCounts = new Int32Array(INELIGIBILITY_CODES.length);
  const none: number[] = [];
  children.forEach((child, c) => {
    firstPair[c] = pairOffering.length;
    ruleCounts.fill(0);
    const candidates = byCategory.get(child.categoryCode) ?? none;
    const age = ageOnStart(child);
    for (let k = 0; k < candidates.length; k++) {
      const o = candidates[k]!;
      const offering = offerings[o]!;
      // the same rules as ineligibilityMask, measuring the distance only where it counts
      let mask = maskBesidesDistance(child, offering, age);
      let distance = 0;
      if (mask === 0 || child.maxDistanceKm !== null) {
        distance = distanceToOffering(child, offering);
        mask |= distanceBit(child, distance);
      }
      if (mask !== 0) {
        // count each broken rule: visit only the set bits
        for (let rest = mask; rest !== 0; rest &= rest - 1) ruleCounts[31 - Math.clz32(rest & -rest)]!++;
        continue;
      }
      pairOffering.push(o);
      pairScore.push(fitScoreOfPair(child, offering, reportedDistance(distance), weightArray, terms[o]!));
    }
    const rejections: Partial<Record<IneligibilityCode, number>> = {};
    ruleCounts.forEach((n, bit) => {
      if (n) rejections[INELIGIBILITY_CODES[bit]!] = n;
    });
    rejected.push(rejections);
  });
  firstPair[children.length] = pairOffering.length;
  const pairsOf = (c: number) => ({ from: firstPair[c]!, to: firstPair[c + 1]! });

  // Siblings kept together go first, as a unit: each group (by priority) takes the offering that
  // has room for all of them and fits them best together; a group with no such place waits whole.
  const capacity = Int32Array.from(offerings, (o, i) => (placeable[i] ? o.freePlaces : 0));
  const groupPlacement = placeSiblingGroups(children, pairsOf, pairOffering.data, pairScore.data, capacity, input.today);

  const edgeChild = new IntList();
  const edgeOffering = new IntList();
  const weightsOfEdges: number[] = [];
  // composePriorityWeight, with the child's part computed once: rank · step + fit
  const step = priorityStep(Math.max(children.length, 1));
  children.forEach((child, c) => {
    if (groupPlacement.has(c)) return;
    const base = priorityRank(URGENCY_TIER[child.urgency], daysOnClock(child, input.today)) * step;
    const { from, to } = pairsOf(c);
    for (let i = from; i < to; i++) {
      const o = pairOffering.data[i]!;
      if (!placeable[o]) continue;
      edgeChild.push(c);
      edgeOffering.push(o);
      weightsOfEdges.push(base + pairScore.data[i]!);
    }
  });

  const instance: AssignmentInstance = {
    children: children.length,
    offerings: offerings.length,
    capacity,
    edgeChild: edgeChild.data.slice(0, edgeChild.length),
    edgeOffering: edgeOffering.data.slice(0, edgeOffering.length),
    edgeWeight: Float64Array.from(weightsOfEdges),
  };
  const result = solveAssignment(instance);

  let totalFit = 0;
  const plans = children.map((child, c): ChildPlan => {
    const { from, to } = pairsOf(c);
    const grouped = groupPlacement.get(c);
    const chosenOffering = grouped === undefined ? result.offeringOf[c]! : grouped;
    // rank 1 = best fit; ties by offering order (stable)
    const better = (i: number, j: number) => pairScore.data[i]! > pairScore.data[j]! || (pairScore.data[i] === pairScore.data[j] && pairOffering.data[i]! < pairOffering.data[j]!);
    let chosenPair = -1;
    for (let i = from; i < to; i++) if (pairOffering.data[i] === chosenOffering) chosenPair = i;
    const rankOf = (pair: number) => {
      let rank = 1;
      for (let i = from; i < to; i++) if (i !== pair && better(i, pair)) rank++;
      return rank;
    };
    // the best `keep` others, by fit
    const top: number[] = [];
    for (let i = from; i < to; i++) {
      if (i === chosenPair) continue;
      let at = top.length;
      while (at > 0 && better(i, top[at - 1]!)) at--;
      if (at < keep) {
        top.splice(at, 0, i);
        if (top.length > keep) top.pop();
      }
    }
    const explain = (pair: number, fitRank: number): PlannedOption => {
      const offering = offerings[pairOffering.data[pair]!]!;
      const eligibility = checkEligibility(child, offering);
      const fit = fitOf(child, offering, eligibility, input.now, weights);
      return {
        offeringKey: offering.key,
        providerId: offering.providerId,
        regionCode: offering.regionCode,
        fit,
        flags: eligibility.flags,
        distanceKm: eligibility.distanceKm,
        outsideOwnRegion: eligibility.outsideOwnRegion,
        fitRank,
      };
    };
    const proposal = chosenPair >= 0 ? explain(chosenPair, rankOf(chosenPair)) : null;
    if (proposal) totalFit += proposal.fit.score;
    let freeNow = false;
    for (let i = from; i < to && !freeNow; i++) freeNow = placeable[pairOffering.data[i]!]!;
    const alternatives = top.map((pair) => explain(pair, rankOf(pair)));
    return {
      childKey: child.key,
      measureId: child.measureId,
      tier: URGENCY_TIER[child.urgency],
      daysOnClock: daysOnClock(child, input.today),
      proposal,
      unplacedReason: proposal ? null : to === from ? 'no_eligible_offering' : freeNow ? 'outranked' : 'no_free_place',
      alternatives,
      eligibleCount: to - from,
      rejected: rejected[c]!,
    };
  });

  return {
    children: plans,
    placed: result.placed + [...groupPlacement.values()].filter((o) => o >= 0).length,
    totalFit,
    objective: result.objective,
    dualBound: result.dualBound,
    edges: edgeChild.length,
    offeringsWithFreePlaces: placeable.filter(Boolean).length,
  };
}

/**
 * Sibling groups kept together, placed before the single children, most urgent group first (its
 * most urgent member's tier, then days on the clock, then the group's key): the offering with room
 * for the whole group and the highest fit summed over the members, lowest index on a tie. Returns
 * child index → offering index for the members of every group (-1: the group waits, whole).
 * The assignment solver's exactness holds for the children after this step; keeping siblings
 * together is a rule, not a preference, so a group is never split to fit a single child.
 */
function placeSiblingGroups(
  children: readonly MatchChild[],
  pairsOf: (c: number) => { from: number; to: number },
  pairOffering: Int32Array,
  pairScore: Int32Array,
  capacity: Int32Array,
  today: string,
): Map<number, number> {
  const groups = new Map<string, number[]>();
  children.forEach((child, c) => {
    if (child.keepWithSiblings && child.siblingGroup) groups.set(child.siblingGroup, [...(groups.get(child.siblingGroup) ?? []), c]);
  });
  const placed = new Map<number, number>();
  const rank = (members: number[]) => Math.max(...members.map((c) => URGENCY_TIER[children[c]!.urgency] * 10_000 + Math.min(daysOnClock(children[c]!, today), 9_999)));
  const ordered = [...groups.entries()].filter(([, m]) => m.length >= 2).sort(([ka, a], [kb, b]) => rank(b) - rank(a) || (ka < kb ? -1 : 1));
  for (const [, members] of ordered) {
    const totals = new Map<number, number>();
    const counts = new Map<number, number>();
    for (const c of members) {
      const { from, to } = pairsOf(c);
      for (let i = from; i < to; i++) {
        const o = pairOffering[i]!;
        totals.set(o, (totals.get(o) ?? 0) + pairScore[i]!);
        counts.set(o, (counts.get(o) ?? 0) + 1);
      }
    }
    let best = -1;
    for (const [o, total] of totals) {
      if (counts.get(o) !== members.length || capacity[o]! < members.length) continue;
      if (best < 0 || total > totals.get(best)! || (total === totals.get(best)! && o < best)) best = o;
    }
    if (best >= 0) capacity[best] = capacity[best]! - members.length;
    for (const c of members) placed.set(c, best);
  }
  return placed;
}

/** The best-option rank of a chosen offering, as the inspections count it: 1, 2, 3 or 4+ (4). */
export function bestOptionRank(fitRank: number): 1 | 2 | 3 | 4 {
  return fitRank <= 1 ? 1 : fitRank === 2 ? 2 : fitRank === 3 ? 3 : 4;
}
