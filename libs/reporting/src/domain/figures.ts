import { regionStatus, REGION_NORMS, share, suppressSmallCells, type NormShares, type RegionNorm, type RegionStatus, type StatusThresholds } from '@passend/cases/domain';
import { NORM_WINDOWS, STATUS_WINDOW, type NormWindow } from './periods.js';

/**
 * Turns raw aggregates (counts straight from the database) into the figures a dashboard may show.
 * Officers and inspectors see aggregates only, and never a cell that points at a few children:
 * - a count is shown only when it covers at least 5 children (`suppressSmallCells`), 0 included;
 * - a share is shown only when its denominator covers at least 5 children (`share`);
 * - a median or 90th percentile is shown only when at least 5 children are behind it.
 * Counts of measures (a child can have two) are also held back when fewer than 5 children are behind them.
 */

/** A count of measures or children, with the number of distinct children behind it. */
export interface CountWithChildren {
  count: number;
  children: number;
}

/** A count as the dashboards show it: null when fewer than 5 children are behind it. */
export function countCell({ count, children }: CountWithChildren): number | null {
  return suppressSmallCells(children) === null ? null : count;
}

/** Raw counts of one norm in one window: measures whose due date fell in it, and those met on or before it. */
export interface NormCounts {
  measuresDue: number;
  childrenDue: number;
  metInTime: number;
}

export interface NormWindowFigure {
  /** share (0-1) of the measures due in the window whose milestone was met on or before its due date */
  share: number | null;
  /** how many measures were due in the window */
  measuresDue: number | null;
}

export function normWindowFigure(c: NormCounts): NormWindowFigure {
  const measuresDue = countCell({ count: c.measuresDue, children: c.childrenDue });
  return { share: measuresDue === null ? null : share(c.metInTime, c.measuresDue), measuresDue };
}

export type NormFigures = Record<NormWindow, NormWindowFigure>;

export interface DurationCounts {
  children: number;
  median: number | null;
  p90: number | null;
}

export interface TimeToHelpFigure {
  /** days from the court ruling to the start of fitting help, over help started in the last 12 months */
  medianDays: number | null;
  p90Days: number | null;
  /** the children behind these figures */
  children: number | null;
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

export function timeToHelpFigure(d: DurationCounts): TimeToHelpFigure {
  const children = suppressSmallCells(d.children);
  if (children === null || d.median === null || d.p90 === null) return { medianDays: null, p90Days: null, children };
  return { medianDays: oneDecimal(d.median), p90Days: oneDecimal(d.p90), children };
}

/** Thresholds from config (`config.regionStatus`), the same for each norm. */
export interface StatusShares {
  greenShare: number;
  amberShare: number;
}

export const DEFAULT_STATUS_SHARES: Readonly<StatusShares> = Object.freeze({ greenShare: 0.9, amberShare: 0.8 });

export function statusThresholds({ greenShare, amberShare }: StatusShares): StatusThresholds {
  const t = { green: greenShare, amber: amberShare };
  return { helpWithin3Months: t, courseWithin6Weeks: t, permanentGuardian: t };
}

export interface StatusFigure {
  colour: RegionStatus | null;
  /** why, in Dutch, as the dashboard shows it */
  rule: string;
  /** the norm window the colour is judged on */
  window: NormWindow;
  greenShare: number;
  amberShare: number;
  verdicts: { norm: RegionNorm; share: number | null; colour: RegionStatus | null }[];
}

export function statusFigure(norms: Record<RegionNorm, NormFigures>, shares: StatusShares): StatusFigure {
  const current = Object.fromEntries(REGION_NORMS.map((n) => [n, norms[n][STATUS_WINDOW].share])) as NormShares;
  const result = regionStatus(current, statusThresholds(shares));
  return {
    colour: result.status,
    rule: result.rule,
    window: STATUS_WINDOW,
    greenShare: shares.greenShare,
    amberShare: shares.amberShare,
    verdicts: result.verdicts.map((v) => ({ norm: v.norm, share: v.share, colour: v.status })),
  };
}

/** Raw aggregates of one group (a region, an area, an institution) as the read model returns them. */
export interface GroupCounts {
  openChildren: number;
  waiting: { permanentGuardian: number; agreedCourse: number; fittingHelp: number };
  norms: Record<RegionNorm, Record<NormWindow, NormCounts>>;
  timeToHelp: DurationCounts;
}

export const EMPTY_NORM_COUNTS: Readonly<NormCounts> = Object.freeze({ measuresDue: 0, childrenDue: 0, metInTime: 0 });

/** The counts of a group with no measures at all. */
export function emptyGroupCounts(): GroupCounts {
  const windows = () => Object.fromEntries(NORM_WINDOWS.map((w) => [w, { ...EMPTY_NORM_COUNTS }])) as Record<NormWindow, NormCounts>;
  return {
    openChildren: 0,
    waiting: { permanentGuardian: 0, agreedCourse: 0, fittingHelp: 0 },
    norms: { permanentGuardian: windows(), courseWithin6Weeks: windows(), helpWithin3Months: windows() },
    timeToHelp: { children: 0, median: null, p90: null },
  };
}

export interface DashboardFigures {
  /** children with at least one open measure */
  childrenWithOpenMeasure: number | null;
  /** children with an open measure still waiting for each milestone */
  waiting: { permanentGuardian: number | null; agreedCourse: number | null; fittingHelp: number | null };
  norms: Record<RegionNorm, NormFigures>;
  timeToHelp: TimeToHelpFigure;
  status: StatusFigure;
}

const HIDDEN_WINDOW: Readonly<NormWindowFigure> = Object.freeze({ share: null, measuresDue: null });

/**
 * `hidden`: the keys of `countCells` that complementary suppression hides on top of the small cells
 * (`hierarchyPattern`); the status is judged on what is shown.
 */
export function dashboardFigures(counts: GroupCounts, shares: StatusShares, hidden: ReadonlySet<string> = new Set()): DashboardFigures {
  const children = (key: string, n: number) => (hidden.has(key) ? null : suppressSmallCells(n));
  const window = (norm: RegionNorm, w: NormWindow) => (hidden.has(`norms.${norm}.${w}`) ? { ...HIDDEN_WINDOW } : normWindowFigure(counts.norms[norm][w]));
  const norms = Object.fromEntries(REGION_NORMS.map((norm) => [norm, Object.fromEntries(NORM_WINDOWS.map((w) => [w, window(norm, w)]))])) as Record<
    RegionNorm,
    NormFigures
  >;
  return {
    childrenWithOpenMeasure: children('openChildren', counts.openChildren),
    waiting: {
      permanentGuardian: children('waiting.permanentGuardian', counts.waiting.permanentGuardian),
      agreedCourse: children('waiting.agreedCourse', counts.waiting.agreedCourse),
      fittingHelp: children('waiting.fittingHelp', counts.waiting.fittingHelp),
    },
    norms,
    timeToHelp: hidden.has('timeToHelp') ? { medianDays: null, p90Days: null, children: null } : timeToHelpFigure(counts.timeToHelp),
    status: statusFigure(norms, shares),
  };
}

/** Raw counts of one month of the series. */
export interface MonthCounts {
  newMeasures: CountWithChildren;
  helpStarted: CountWithChildren;
  helpDue: NormCounts;
}

export interface MonthFigure {
  month: string;
  newMeasures: number | null;
  helpStarted: number | null;
  /** of the measures whose 3-month help term ended this month (up to yesterday), the share helped in time */
  helpWithin3Months: NormWindowFigure;
}

export const EMPTY_MONTH_COUNTS: Readonly<MonthCounts> = Object.freeze({
  newMeasures: { count: 0, children: 0 },
  helpStarted: { count: 0, children: 0 },
  helpDue: EMPTY_NORM_COUNTS,
});

export function monthFigure(month: string, c: MonthCounts, hidden: ReadonlySet<string> = new Set()): MonthFigure {
  const key = (cell: string) => `month.${month}.${cell}`;
  return {
    month,
    newMeasures: hidden.has(key('newMeasures')) ? null : countCell(c.newMeasures),
    helpStarted: hidden.has(key('helpStarted')) ? null : countCell(c.helpStarted),
    helpWithin3Months: hidden.has(key('helpDue')) ? { ...HIDDEN_WINDOW } : normWindowFigure(c.helpDue),
  };
}

export interface CategoryFigure {
  categoryCode: string;
  name: string | null;
  /** children with an open measure waiting for fitting help who need help of this category */
  children: number | null;
}

/**
 * Waiting per category: every current category is listed, also those nobody waits for, so that a
 * category's presence does not tell "1 to 4 children" from "none". Codes in the data outside the
 * list (historic ones) follow in code order, only when shown (at least 5 children, not hidden by
 * complementary suppression).
 */
export function categoryFigures(
  counts: ReadonlyMap<string, number>,
  categories: readonly { code: string; name: string }[],
  hidden: ReadonlySet<string> = new Set(),
): CategoryFigure[] {
  const known = new Set(categories.map((c) => c.code));
  const cell = (code: string) => (hidden.has(`category.${code}`) ? null : suppressSmallCells(counts.get(code) ?? 0));
  const extra = [...counts.keys()].filter((code) => !known.has(code) && cell(code) !== null).sort();
  return [
    ...categories.map((c) => ({ categoryCode: c.code, name: c.name, children: cell(c.code) })),
    ...extra.map((code) => ({ categoryCode: code, name: null, children: cell(code) })),
  ];
}
