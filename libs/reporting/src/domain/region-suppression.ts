import { REGION_NORMS } from '@passend/cases/domain';
import type { GroupCounts, MonthCounts } from './figures.js';
import { NORM_WINDOWS } from './periods.js';
import { SuppressedCells, type Cell, type SumConstraint } from './suppression.js';

/**
 * Complementary suppression across the region and inspection-area views (issue #8).
 *
 * An area's figures are the sum of its regions' figures, and both views are public to the same
 * readers: with the area total shown and all but one region shown, "area − Σ other regions" gives
 * the hidden region away. So the suppression pattern is decided once, over the whole hierarchy, for
 * each count cell (a headline count, a norm window's measures due, a category, a month's count):
 * the cells are every region of an area and the area itself, with `area = Σ regions` as the sum
 * constraint, and `SuppressedCells` (the matching dashboards' primary + complementary suppression)
 * picks what to hide. Every view — the list of regions, a region, an area — is served from that one
 * pattern: a cell hidden in one view is hidden in every view that shows it, so no combination of
 * responses has a total and all but one of its parts.
 *
 * - Areas are independent (no view shows a national total, so there is no `national = Σ areas`
 *   constraint): the pattern of an area depends only on that area's cells, and a region's detail
 *   view computes the same pattern as the list view from the area's counts alone. Were a national
 *   figure added, it would be one more level here: a `national = Σ areas` constraint.
 * - Regions are listed in code order, so ties go the same way in every view.
 * - The area's count in the constraint is the sum of its regions' counts (a child with records in two
 *   regions is counted once in the area, so the area's own distinct count can be lower); whether the
 *   area is small enough for primary suppression is decided on its own children.
 * - A share goes with its count (a share and a shown count give the numerator), a median with the
 *   children behind it: hiding the count hides them too.
 */

/** The count cells of one group, by a key that is the same in every view. */
export function countCells(counts: GroupCounts, categories?: ReadonlyMap<string, number>, months?: ReadonlyMap<string, MonthCounts>): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  const children = (key: string, n: number) => cells.set(key, { count: n, children: n });
  children('openChildren', counts.openChildren);
  for (const [milestone, n] of Object.entries(counts.waiting)) children(`waiting.${milestone}`, n);
  for (const norm of REGION_NORMS)
    for (const w of NORM_WINDOWS) {
      const c = counts.norms[norm][w];
      cells.set(`norms.${norm}.${w}`, { count: c.measuresDue, children: c.childrenDue });
    }
  children('timeToHelp', counts.timeToHelp.children);
  for (const [code, n] of categories ?? []) children(`category.${code}`, n);
  for (const [month, m] of months ?? []) {
    cells.set(`month.${month}.newMeasures`, m.newMeasures);
    cells.set(`month.${month}.helpStarted`, m.helpStarted);
    cells.set(`month.${month}.helpDue`, { count: m.helpDue.measuresDue, children: m.helpDue.childrenDue });
  }
  return cells;
}

/** What to hide, per region code and per area name: keys of `countCells`. */
export interface HierarchyPattern {
  regions: Map<string, Set<string>>;
  areas: Map<string, Set<string>>;
}

/**
 * The suppression pattern of the areas given, each with its regions' cells and its own.
 * `areas`: area name → its region codes; a region or area without cells counts 0 everywhere.
 */
export function hierarchyPattern(
  areas: ReadonlyMap<string, readonly string[]>,
  regionCells: ReadonlyMap<string, ReadonlyMap<string, Cell>>,
  areaCells: ReadonlyMap<string, ReadonlyMap<string, Cell>>,
): HierarchyPattern {
  const pattern: HierarchyPattern = { regions: new Map(), areas: new Map() };
  for (const [area, codes] of areas) {
    const regions = [...codes].sort();
    const areaHidden = new Set<string>();
    pattern.areas.set(area, areaHidden);
    for (const code of regions) pattern.regions.set(code, new Set());
    const keys = new Set([...(areaCells.get(area)?.keys() ?? []), ...regions.flatMap((code) => [...(regionCells.get(code)?.keys() ?? [])])]);
    for (const key of keys) {
      const cells = new Map<string, Cell>();
      const parts = regions.map((code) => {
        const id = `region:${code}`;
        cells.set(id, regionCells.get(code)?.get(key) ?? { count: 0, children: 0 });
        return id;
      });
      const count = parts.reduce((n, id) => n + cells.get(id)!.count, 0);
      cells.set('area', { count, children: areaCells.get(area)?.get(key)?.children ?? 0 });
      const constraints: SumConstraint[] = [{ total: 'area', parts }];
      const suppressed = SuppressedCells.of(cells, constraints);
      if (!suppressed.isShown('area')) areaHidden.add(key);
      regions.forEach((code, i) => {
        if (!suppressed.isShown(parts[i]!)) pattern.regions.get(code)!.add(key);
      });
    }
  }
  return pattern;
}
