import { checkEligibility, daysOnClock, placeableNow, type Eligibility, type EligibilityFlag, type IneligibilityCode } from './eligibility.js';
import { DEFAULT_FIT_WEIGHTS, fitOf, type Fit, type FitWeights } from './fit.js';
import type { MatchChild, MatchOffering } from './model.js';
import { composePriorityWeight, solveAssignment, URGENCY_TIER, type AssignmentInstance } from './solver/index.js';

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

interface Scored {
  offering: number;
  eligibility: Eligibility;
  fit: Fit;
}

const byKey = <T extends { key: string }>(a: T, b: T) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

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

  const edgeChild: number[] = [];
  const edgeOffering: number[] = [];
  const edgeWeight: number[] = [];
  const scored: Scored[][] = [];
  const rejected: Partial<Record<IneligibilityCode, number>>[] = [];

  children.forEach((child, c) => {
    const options: Scored[] = [];
    const rejections: Partial<Record<IneligibilityCode, number>> = {};
    const tier = URGENCY_TIER[child.urgency];
    const waitingDays = daysOnClock(child, input.today);
    for (const o of byCategory.get(child.categoryCode) ?? []) {
      const offering = offerings[o]!;
      const eligibility = checkEligibility(child, offering);
      if (!eligibility.eligible) {
        for (const r of eligibility.reasons) rejections[r.code] = (rejections[r.code] ?? 0) + 1;
        continue;
      }
      const fit = fitOf(child, offering, eligibility, input.now, weights);
      options.push({ offering: o, eligibility, fit });
    }
    // best fit first; ties by offering id (stable)
    options.sort((a, b) => b.fit.score - a.fit.score || a.offering - b.offering);
    scored.push(options);
    rejected.push(rejections);
  });

  // Siblings kept together go first, as a unit: each group (by priority) takes the offering that
  // has room for all of them and fits them best together; a group with no such place waits whole.
  const capacity = Int32Array.from(offerings, (o) => (placeableNow(o) ? o.freePlaces : 0));
  const groupPlacement = placeSiblingGroups(children, scored, capacity, input.today);

  children.forEach((child, c) => {
    if (groupPlacement.has(c)) return;
    const tier = URGENCY_TIER[child.urgency];
    const waitingDays = daysOnClock(child, input.today);
    for (const s of scored[c]!) {
      if (!placeableNow(offerings[s.offering]!)) continue;
      edgeChild.push(c);
      edgeOffering.push(s.offering);
      edgeWeight.push(composePriorityWeight({ tier, waitingDays, fit: s.fit.score }, children.length));
    }
  });

  const instance: AssignmentInstance = {
    children: children.length,
    offerings: offerings.length,
    capacity,
    edgeChild: Int32Array.from(edgeChild),
    edgeOffering: Int32Array.from(edgeOffering),
    edgeWeight: Float64Array.from(edgeWeight),
  };
  const result = solveAssignment(instance);

  let totalFit = 0;
  const plans = children.map((child, c): ChildPlan => {
    const options = scored[c]!;
    const toOption = (s: Scored): PlannedOption => {
      const offering = offerings[s.offering]!;
      return {
        offeringKey: offering.key,
        providerId: offering.providerId,
        regionCode: offering.regionCode,
        fit: s.fit,
        flags: s.eligibility.flags,
        distanceKm: s.eligibility.distanceKm,
        outsideOwnRegion: s.eligibility.outsideOwnRegion,
        fitRank: options.indexOf(s) + 1,
      };
    };
    const grouped = groupPlacement.get(c);
    const chosenOffering = grouped === undefined ? result.offeringOf[c]! : grouped;
    const chosen = chosenOffering >= 0 ? options.find((s) => s.offering === chosenOffering) : undefined;
    if (chosen) totalFit += chosen.fit.score;
    const freeNow = options.some((s) => placeableNow(offerings[s.offering]!));
    return {
      childKey: child.key,
      measureId: child.measureId,
      tier: URGENCY_TIER[child.urgency],
      daysOnClock: daysOnClock(child, input.today),
      proposal: chosen ? toOption(chosen) : null,
      unplacedReason: chosen ? null : options.length === 0 ? 'no_eligible_offering' : freeNow ? 'outranked' : 'no_free_place',
      alternatives: options.filter((s) => s !== chosen).slice(0, keep).map(toOption),
      eligibleCount: options.length,
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
    offeringsWithFreePlaces: offerings.filter(placeableNow).length,
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
function placeSiblingGroups(children: readonly MatchChild[], scored: readonly Scored[][], capacity: Int32Array, today: string): Map<number, number> {
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
      for (const s of scored[c]!) {
        totals.set(s.offering, (totals.get(s.offering) ?? 0) + s.fit.score);
        counts.set(s.offering, (counts.get(s.offering) ?? 0) + 1);
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
