import { SMALL_CELL_MINIMUM } from '@passend/cases/domain';

/**
 * Small-cell suppression over cells that add up: primary and complementary (secondary).
 *
 * Primary: a cell with fewer than 5 children behind it is suppressed (shown as null), 0 included,
 * as on the norm dashboards (`countCell`).
 *
 * Complementary: a response that shows a total and all but one of its parts gives the hidden part
 * away by subtraction. Each `SumConstraint` says `total = sum(parts)` for cells in the same
 * response; the rule for each, repeated until nothing changes:
 * - with the total shown, the hidden parts must be none, or at least two that together count 5 or
 *   more (so neither a single part nor "these few add up to 2" can be read off); otherwise the
 *   smallest shown part is hidden too (the total when no part is left);
 * - with the total hidden, the hidden parts must count 5 or more together (else the total is their
 *   sum, or is pinned down by the bounds another sum puts on it), unless every part is hidden.
 * This is the usual greedy complementary suppression, not a full audit of the linear system: it
 * covers a total and its parts, and one level of nesting (a stage of the funnel and its reasons).
 * Cells that are truly 0 are shown as null like any small cell (as on the norm dashboards), but
 * need no complementary protection: recovering a 0 by subtraction points at no child.
 * Hiding only grows, so the loop ends; at worst everything in a constraint is hidden.
 */
export interface Cell {
  /** what is shown: proposals, placements, referrals, signals */
  count: number;
  /** the distinct children behind the count (decides primary suppression) */
  children: number;
}

export interface SumConstraint {
  total: string;
  parts: readonly string[];
}

export const ZERO_CELL: Readonly<Cell> = Object.freeze({ count: 0, children: 0 });

export class SuppressedCells {
  private constructor(
    private readonly cells: ReadonlyMap<string, Cell>,
    private readonly hidden: ReadonlySet<string>,
  ) {}

  static of(cells: ReadonlyMap<string, Cell>, constraints: readonly SumConstraint[], minimum = SMALL_CELL_MINIMUM): SuppressedCells {
    const cell = (id: string) => cells.get(id) ?? ZERO_CELL;
    for (const c of constraints) {
      const sum = c.parts.reduce((n, p) => n + cell(p).count, 0);
      if (sum !== cell(c.total).count) throw new RangeError(`The parts of ${c.total} add up to ${sum}, not ${cell(c.total).count}`);
    }
    const hidden = new Set<string>();
    const totals = new Set(constraints.map((c) => c.total));
    for (const id of new Set([...cells.keys(), ...constraints.flatMap((c) => [c.total, ...c.parts])])) {
      const { count, children } = cell(id);
      if (!Number.isSafeInteger(count) || count < 0 || !Number.isSafeInteger(children) || children < 0) throw new RangeError(`Cell ${id} must hold whole numbers of 0 or more`);
      if (children < minimum) hidden.add(id);
    }
    for (let changed = true; changed; ) {
      changed = false;
      for (const c of constraints) {
        const shownParts = c.parts.filter((p) => !hidden.has(p));
        const hiddenParts = c.parts.filter((p) => hidden.has(p));
        const hiddenSum = hiddenParts.reduce((n, p) => n + cell(p).count, 0);
        // a hidden cell that is truly 0 needs no protection (recovering it points at nobody)
        const needsMore = hidden.has(c.total)
          ? cell(c.total).count > 0 && shownParts.length > 0 && (hiddenParts.length === 0 || hiddenSum < minimum)
          : hiddenSum > 0 && (hiddenParts.length < 2 || hiddenSum < minimum);
        if (!needsMore) continue;
        // the smallest shown part that is no other sum's total (those would hide further cells), then
        // the smallest shown part (the first listed on a tie), or the total when every part is hidden
        const smallest = (ids: string[]) => ids.reduce<string | undefined>((best, p) => (best === undefined || cell(p).count < cell(best).count ? p : best), undefined);
        const next = smallest(shownParts.filter((p) => !totals.has(p))) ?? smallest(shownParts) ?? c.total;
        if (hidden.has(next)) continue;
        hidden.add(next);
        changed = true;
      }
    }
    return new SuppressedCells(cells, hidden);
  }

  /** The count as shown: null when suppressed. */
  get(id: string): number | null {
    return this.hidden.has(id) ? null : (this.cells.get(id) ?? ZERO_CELL).count;
  }

  isShown(id: string): boolean {
    return !this.hidden.has(id);
  }

  /** numerator / denominator, only when both are shown (a share and a shown total give a hidden count away). */
  share(numerator: string, denominator: string): number | null {
    const n = this.get(numerator);
    const d = this.get(denominator);
    return n === null || d === null || d === 0 ? null : n / d;
  }
}
