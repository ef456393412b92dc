/**
 * Strict priorities as one edge weight. The matching layer wants the placed set to be the best by
 * priority first (urgency tier, then days waiting on the norm clock) and only then by fit.
 *
 * Why one weight can do that: a child's priority is the same on all of its edges, and the sets of
 * children that can be placed together are the independent sets of a transversal matroid (each
 * offering with k places read as k identical slots). In a matroid the greedy set (take children by
 * priority, keep each one that can still be placed together with those kept) is Gale-optimal: its
 * k-th best priority is at least the k-th best of any other placeable set, for every k. So for any
 * strictly order-preserving positive P, a set maximising Σ P_c has the same sorted priorities as the
 * greedy set (elementwise >= with equal sums forces equality): maximising Σ P_c never leaves a
 * higher-priority child unplaced to place any number of lower-priority children.
 *
 * Fit (1..1000) is added as a lower-order term: weight = P_c · G + fit with G = 1000 · maxChildren + 1.
 * Two assignments' total fits differ by less than G (at most maxChildren children, each fit <= 1000,
 * each >= 1), so one unit of Σ P outweighs any difference in fit: priority is never traded for fit,
 * and among the priority-best sets the total fit is maximal.
 *
 * Ranks: P = tier · (MAX_WAITING_DAYS + 1) + days + 1, in 1 .. 3 · 1,001 = 3,003. With maxChildren =
 * 100,000, G = 100,000,001 and the largest weight is 3,003 · G + 1,000 ≈ 3.0 · 10^11 < 2^39: far
 * below the solver's MAX_WEIGHT (2^50) and 2^53.
 */

/** Urgency tiers: a higher number is more urgent. */
export const URGENCY_TIER = { regular: 0, urgent: 1, acute: 2 } as const;
export type UrgencyTier = (typeof URGENCY_TIER)[keyof typeof URGENCY_TIER];

/** Days on the norm clock beyond this count as this (the order among such children is by tier, then fit). */
export const MAX_WAITING_DAYS = 1_000;
export const MAX_FIT = 1_000;
/** the largest maxChildren for which the weights stay below 2^50 */
export const MAX_PRIORITY_CHILDREN = 100_000_000;

export interface ChildPriority {
  tier: UrgencyTier;
  /** days waiting on the norm clock (>= 0; capped at MAX_WAITING_DAYS) */
  waitingDays: number;
  /** fit of this child with this offering, an integer 1..1000 */
  fit: number;
}

/** 1 .. 3,003: the child's rank, strictly increasing in (tier, capped waiting days) */
export function priorityRank(tier: UrgencyTier, waitingDays: number): number {
  if (tier !== 0 && tier !== 1 && tier !== 2) throw new RangeError(`tier must be 0 (regular), 1 (urgent) or 2 (acute), is ${tier}`);
  if (!Number.isInteger(waitingDays) || waitingDays < 0) throw new RangeError(`waitingDays must be a whole number >= 0, is ${waitingDays}`);
  return tier * (MAX_WAITING_DAYS + 1) + Math.min(waitingDays, MAX_WAITING_DAYS) + 1;
}

/** G: one priority step, larger than any difference in total fit between two assignments */
export function priorityStep(maxChildren: number): number {
  if (!Number.isInteger(maxChildren) || maxChildren < 1 || maxChildren > MAX_PRIORITY_CHILDREN) {
    throw new RangeError(`maxChildren must be a whole number 1..${MAX_PRIORITY_CHILDREN}, is ${maxChildren}`);
  }
  return MAX_FIT * maxChildren + 1;
}

/**
 * The edge weight for a child with this priority and fit, in an instance of at most maxChildren
 * children: rank · (1000 · maxChildren + 1) + fit. See the comment at the top of this file.
 */
export function composePriorityWeight(priority: ChildPriority, maxChildren: number): number {
  const { tier, waitingDays, fit } = priority;
  if (!Number.isInteger(fit) || fit < 1 || fit > MAX_FIT) throw new RangeError(`fit must be an integer 1..${MAX_FIT}, is ${fit}`);
  return priorityRank(tier, waitingDays) * priorityStep(maxChildren) + fit;
}
