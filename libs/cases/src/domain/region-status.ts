import type { FieldProblem } from '@passend/platform/domain';

/**
 * A region's status on the dashboards, as the inspection colours its areas: green, amber
 * ("oranje" in the UI) or red. Each of the three norms is judged on the share of children whose
 * milestone was met in time; the worst norm decides. A region that is green today can be red
 * tomorrow, so this is computed over a period, never stored as a label.
 *
 * Officers and inspectors see aggregates only: counts under 5 children are suppressed, and a
 * share over fewer than 5 children is not shown or judged.
 */
export type RegionStatus = 'green' | 'amber' | 'red';

export type RegionNorm = 'helpWithin3Months' | 'courseWithin6Weeks' | 'permanentGuardian';

export const REGION_NORMS: readonly RegionNorm[] = ['helpWithin3Months', 'courseWithin6Weeks', 'permanentGuardian'];

/** Share (0-1) from which a norm is green, and from which it is amber; below amber it is red. */
export interface Threshold {
  green: number;
  amber: number;
}

export type StatusThresholds = Record<RegionNorm, Threshold>;

/**
 * Default policy: green from 90%, amber from 80%, for each norm. The inspection publishes no
 * percentages; these are the platform's defaults and a region may set its own.
 */
export const DEFAULT_STATUS_THRESHOLDS: Readonly<StatusThresholds> = Object.freeze({
  helpWithin3Months: Object.freeze({ green: 0.9, amber: 0.8 }),
  courseWithin6Weeks: Object.freeze({ green: 0.9, amber: 0.8 }),
  permanentGuardian: Object.freeze({ green: 0.9, amber: 0.8 }),
});

export function statusThresholdsProblems(t: StatusThresholds): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const norm of REGION_NORMS) {
    const { green, amber } = t[norm];
    const inRange = (v: number) => Number.isFinite(v) && v >= 0 && v <= 1;
    if (!inRange(green)) problems.push({ field: `${norm}.green`, message: `${norm}.green must be a share from 0 to 1` });
    if (!inRange(amber)) problems.push({ field: `${norm}.amber`, message: `${norm}.amber must be a share from 0 to 1` });
    if (inRange(green) && inRange(amber) && amber > green) problems.push({ field: `${norm}.amber`, message: `${norm}.amber cannot be above ${norm}.green` });
  }
  return problems;
}

/** The share of children per norm whose milestone was met in time; null when suppressed or unknown. */
export type NormShares<S extends number | null = number | null> = Record<RegionNorm, S>;

export interface NormVerdict {
  norm: RegionNorm;
  share: number | null;
  status: RegionStatus | null;
}

export interface RegionStatusResult<S extends RegionStatus | null = RegionStatus | null> {
  /** the worst status of the norms that could be judged; null when none could */
  status: S;
  /** why, in Dutch, for the dashboard: "rood: minder dan 80% kreeg binnen 3 maanden passende hulp (72%)" */
  rule: string;
  verdicts: NormVerdict[];
}

/** What the share counts, in Dutch ("80% kreeg binnen 3 maanden passende hulp"). */
export const REGION_NORM_PHRASES: Record<RegionNorm, string> = {
  helpWithin3Months: 'kreeg binnen 3 maanden passende hulp',
  courseWithin6Weeks: 'had binnen 6 weken een gedragen koers',
  permanentGuardian: 'had op tijd een vaste jeugdbeschermer',
};

/** Short Dutch names of the norms, for headings and for the norms that could not be judged. */
export const REGION_NORM_LABELS: Record<RegionNorm, string> = {
  helpWithin3Months: 'passende hulp binnen 3 maanden',
  courseWithin6Weeks: 'gedragen koers binnen 6 weken',
  permanentGuardian: 'vaste jeugdbeschermer',
};

const STATUS_WORDS: Record<RegionStatus, string> = { green: 'groen', amber: 'oranje', red: 'rood' };
const SEVERITY: Record<RegionStatus, number> = { green: 0, amber: 1, red: 2 };

/** 0.72 -> "72%", 0.875 -> "87,5%": rounded down to 0.1 percent point, so a share below 80% never shows as 80%. */
function percent(share: number): string {
  const tenths = Math.floor(share * 1000 + 1e-9);
  return `${String(tenths / 10).replace('.', ',')}%`;
}

function thresholdPercent(share: number): string {
  return `${String(Math.round(share * 1000) / 10).replace('.', ',')}%`;
}

function judge(share: number, t: Threshold): RegionStatus {
  if (share >= t.green) return 'green';
  if (share >= t.amber) return 'amber';
  return 'red';
}

function because(v: NormVerdict & { share: number; status: RegionStatus }, t: Threshold): string {
  const phrase = REGION_NORM_PHRASES[v.norm];
  const actual = percent(v.share);
  switch (v.status) {
    case 'green':
      return `ten minste ${thresholdPercent(t.green)} ${phrase} (${actual})`;
    case 'amber':
      return `minder dan ${thresholdPercent(t.green)} ${phrase} (${actual})`;
    case 'red':
      return `minder dan ${thresholdPercent(t.amber)} ${phrase} (${actual})`;
  }
}

/**
 * The region's status: the worst of the norms that can be judged. The rule names every norm in
 * that worst status, and the norms left out because too few children were counted.
 */
export function regionStatus(shares: NormShares<number>, thresholds?: StatusThresholds): RegionStatusResult<RegionStatus>;
export function regionStatus(shares: NormShares, thresholds?: StatusThresholds): RegionStatusResult;
export function regionStatus(shares: NormShares, thresholds: StatusThresholds = DEFAULT_STATUS_THRESHOLDS): RegionStatusResult {
  const verdicts: NormVerdict[] = REGION_NORMS.map((norm) => {
    const share = shares[norm];
    if (share === null) return { norm, share, status: null };
    if (!Number.isFinite(share) || share < 0 || share > 1) throw new RangeError(`The share for ${norm} must be from 0 to 1, got ${share}`);
    return { norm, share, status: judge(share, thresholds[norm]) };
  });
  const judged = verdicts.filter((v): v is NormVerdict & { share: number; status: RegionStatus } => v.status !== null);
  const unjudged = verdicts.filter((v) => v.status === null).map((v) => REGION_NORM_LABELS[v.norm]);
  const notJudged = unjudged.length > 0 ? ` (geen oordeel over ${unjudged.join(' en ')}: te weinig kinderen)` : '';
  if (judged.length === 0) return { status: null, rule: `geen oordeel: te weinig kinderen om de normen te beoordelen`, verdicts };

  const worst = judged.reduce<RegionStatus>((w, v) => (SEVERITY[v.status] > SEVERITY[w] ? v.status : w), 'green');
  const reasons = judged.filter((v) => v.status === worst).map((v) => because(v, thresholds[v.norm]));
  return { status: worst, rule: `${STATUS_WORDS[worst]}: ${reasons.join('; ')}${notJudged}`, verdicts };
}

function assertCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number of 0 or more, got ${n}`);
}

export const SMALL_CELL_MINIMUM = 5;

/** A count as the dashboards may show it: null under `minimum` children (0 included). */
export function suppressSmallCells(count: number, minimum = SMALL_CELL_MINIMUM): number | null {
  assertCount(count, 'A count');
  return count < minimum ? null : count;
}

/**
 * numerator / denominator, or null when the denominator counts fewer than `minimum` children. A
 * small numerator over a large group is shown: hiding "0 of 40 in time" would hide the worst news.
 */
export function share(numerator: number, denominator: number, minimum = SMALL_CELL_MINIMUM): number | null {
  assertCount(numerator, 'The numerator');
  assertCount(denominator, 'The denominator');
  if (numerator > denominator) throw new RangeError(`The numerator (${numerator}) cannot be above the denominator (${denominator})`);
  if (denominator < minimum || denominator === 0) return null;
  return numerator / denominator;
}
