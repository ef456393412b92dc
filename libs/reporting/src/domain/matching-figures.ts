import { PASSEND_DECLINE_REASONS } from '@passend/matching/domain';
import { NORM_WINDOWS, type NormWindow } from './periods.js';
import { SuppressedCells, ZERO_CELL, type Cell, type SumConstraint } from './suppression.js';

/**
 * The matching figures of a dashboard: time to placement, best-option rank, placements outside
 * the own region, the funnel from proposal to start with the reasons proposals fell out, declines
 * by reason, the expert tables' throughput and timeliness, and shortage signals.
 *
 * Plain functions over plain counts (the read model's aggregates). Every count goes through one
 * `SuppressedCells` per window, with the sums that hold between the cells of that window, so that
 * no suppressed cell can be recovered by subtracting shown cells from a shown total in the same
 * response. A median or p90 is shown only when the count of placements behind it is shown; a share
 * only when its numerator and denominator are both shown.
 */

/** percentile_cont over sorted whole day counts (as PostgreSQL computes it); null for none. */
export function percentile(sortedDays: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`A percentile must be from 0 to 1, got ${p}`);
  if (sortedDays.length === 0) return null;
  for (let i = 1; i < sortedDays.length; i++) {
    if (sortedDays[i]! < sortedDays[i - 1]!) throw new RangeError('The day counts must be sorted');
  }
  const at = p * (sortedDays.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sortedDays[lo]! + (sortedDays[hi]! - sortedDays[lo]!) * (at - lo);
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

export interface DurationFigure {
  medianDays: number | null;
  p90Days: number | null;
}

/** Median and p90 of day counts, or nulls when the count behind them is not shown. */
export function durationFigure(sortedDays: readonly number[], shown: boolean): DurationFigure {
  const median = percentile(sortedDays, 0.5);
  const p90 = percentile(sortedDays, 0.9);
  if (!shown || median === null || p90 === null) return { medianDays: null, p90Days: null };
  return { medianDays: oneDecimal(median), p90Days: oneDecimal(p90) };
}

// ---------- raw counts, as the read model returns them ----------

/** Placements (proposals whose help started) of one group, with their durations in whole days, sorted. */
export interface PlacementCounts extends Cell {
  /** court ruling → help started */
  fromRuling: number[];
  /** need recorded → help started */
  fromNeed: number[];
  /** proposal created → help started */
  fromProposal: number[];
}

export const BEST_OPTION_RANKS = ['1', '2', '3', '4', 'unranked'] as const;
export type BestOptionRank = (typeof BEST_OPTION_RANKS)[number];

export const FUNNEL_STAGES = ['proposed', 'offered', 'accepted', 'started'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** The stages a proposal can fall out of (it cannot fall out once started). */
export type FallOutStage = Exclude<FunnelStage, 'started'>;

/** Why a proposal was withdrawn (the event's reason code); any other code is counted as 'other'. */
export const WITHDRAW_REASONS = ['superseded_by_run', 'guardian_chose_other', 'expert_table_chose_other', 'no_fitting_help', 'capacity_dropped', 'hold_released', 'other'] as const;

/** The fall-out reasons listed at each stage: declines and expired holds only happen to an offer. */
export const FALL_OUT_REASONS: Readonly<Record<FallOutStage, readonly string[]>> = {
  proposed: WITHDRAW_REASONS,
  offered: ['declined', 'hold_expired', ...WITHDRAW_REASONS],
  accepted: WITHDRAW_REASONS,
};

/** The funnel's raw counts: of the proposals created in the window, per stage. */
export interface FunnelCounts {
  /** reached the stage (every proposal reaches 'proposed') */
  entered: Record<FunnelStage, Cell>;
  /** still at the stage today */
  open: Record<FallOutStage, Cell>;
  /** fell out at the stage, per reason (see `fallOutReason`) */
  fellOut: Record<FallOutStage, Map<string, Cell>>;
  /** of those declined, per decline reason code (WJ759 1-9, Passend P1-P4) */
  declines: Map<string, Cell>;
}

/** The reason a fall-out is counted under: 'declined', 'hold_expired', or a known withdraw reason, else 'other'. */
export function fallOutReason(toState: 'declined' | 'expired' | 'withdrawn', reasonCode: string | null): string {
  if (toState === 'declined') return 'declined';
  if (toState === 'expired') return 'hold_expired';
  return reasonCode !== null && (WITHDRAW_REASONS as readonly string[]).includes(reasonCode) ? reasonCode : 'other';
}

export interface ExpertTableCounts {
  /** referrals made in the window */
  referrals: Cell;
  /** of those, decided (a first decision of the table) */
  decided: Cell;
  decidedOnTime: Cell;
  /** days from referral to the first decision, sorted */
  daysToDecision: number[];
}

export interface MatchingWindowCounts {
  placements: PlacementCounts;
  perRegion: Map<string, PlacementCounts>;
  perCategory: Map<string, PlacementCounts>;
  rank: Record<BestOptionRank, Cell>;
  outsideOwnRegion: Cell;
  funnel: FunnelCounts;
  expertTables: ExpertTableCounts;
  shortages: {
    /** signals per category over the whole scope (distinct children counted over the scope) */
    perCategory: Map<string, Cell>;
    /** signals per region, then per category */
    perRegion: Map<string, Map<string, Cell>>;
  };
}

export interface MatchingNowCounts {
  /** referrals open today (open or waiting for information) */
  openReferrals: Cell;
  /** of those, past their decision date */
  overdueReferrals: Cell;
}

export const EMPTY_PLACEMENTS: Readonly<PlacementCounts> = Object.freeze({ count: 0, children: 0, fromRuling: [], fromNeed: [], fromProposal: [] });

export function emptyMatchingWindowCounts(): MatchingWindowCounts {
  const zero = (): Cell => ({ ...ZERO_CELL });
  return {
    placements: { ...EMPTY_PLACEMENTS, fromRuling: [], fromNeed: [], fromProposal: [] },
    perRegion: new Map(),
    perCategory: new Map(),
    rank: { '1': zero(), '2': zero(), '3': zero(), '4': zero(), unranked: zero() },
    outsideOwnRegion: zero(),
    funnel: {
      entered: { proposed: zero(), offered: zero(), accepted: zero(), started: zero() },
      open: { proposed: zero(), offered: zero(), accepted: zero() },
      fellOut: { proposed: new Map(), offered: new Map(), accepted: new Map() },
      declines: new Map(),
    },
    expertTables: { referrals: zero(), decided: zero(), decidedOnTime: zero(), daysToDecision: [] },
    shortages: { perCategory: new Map(), perRegion: new Map() },
  };
}

// ---------- figures, as the dashboard shows them ----------

export interface PlacementDurationsFigure {
  placements: number | null;
  fromRuling: DurationFigure;
  fromNeed: DurationFigure;
  fromProposal: DurationFigure;
}

export interface RegionPlacementFigure extends PlacementDurationsFigure {
  regionCode: string;
  name: string;
}

export interface CategoryPlacementFigure extends PlacementDurationsFigure {
  categoryCode: string;
  name: string | null;
}

export interface MatchingWindowFigures {
  /** the first day of the window (it runs to today) */
  from: string;
  timeToPlacement: PlacementDurationsFigure & { perRegion: RegionPlacementFigure[]; perCategory: CategoryPlacementFigure[] };
  bestOptionRank: { placements: number | null; rank1: number | null; rank2: number | null; rank3: number | null; rank4: number | null; unranked: number | null; rank1Share: number | null };
  outsideOwnRegion: { placements: number | null; inOwnRegion: number | null; outsideOwnRegion: number | null; outsideShare: number | null };
  funnel: {
    stage: FunnelStage;
    entered: number | null;
    /** the share of the previous stage's proposals that reached this one */
    conversion: number | null;
    stillOpen: number | null;
    fellOut: { reason: string; proposals: number | null }[];
  }[];
  declines: { total: number | null; byReason: { reasonCode: string; label: string | null; proposals: number | null }[] };
  expertTables: {
    referrals: number | null;
    decided: number | null;
    decidedOnTime: number | null;
    decidedLate: number | null;
    onTimeShare: number | null;
    daysToDecision: DurationFigure;
  };
  shortages: {
    perCategory: { categoryCode: string; name: string | null; signals: number | null }[];
    /** region × category cells with 5 or more signals; a cell not listed has fewer (or was suppressed) */
    cells: { regionCode: string; categoryCode: string; signals: number }[];
  };
}

/** What the figures are listed over: the regions in scope, the current categories, the decline reasons. */
export interface MatchingCatalog {
  regions: readonly { code: string; name: string }[];
  categories: readonly { code: string; name: string }[];
  /** code → label: WJ759 (1-9) and Passend's P1-P4 */
  declineReasons: ReadonlyMap<string, string>;
}

/** The decline reasons to list: the catalogue's, or (without one) Passend's own codes. */
export function declineReasonLabels(wj759: readonly { code: string; value: string }[]): Map<string, string> {
  return new Map([...wj759.map((e) => [e.code, e.value] as [string, string]), ...Object.entries(PASSEND_DECLINE_REASONS)]);
}

/**
 * Every listed code plus the codes in the data that are not listed: all take part in the sums (a
 * code that is not listed still counts towards its total), only the listed ones and those shown are
 * returned.
 */
function codesOf(listed: readonly string[], data: Iterable<string>): { all: string[]; extra: string[] } {
  const known = new Set(listed);
  const extra = [...new Set(data)].filter((c) => !known.has(c)).sort();
  return { all: [...listed, ...extra], extra };
}

export function matchingWindowFigures(from: string, counts: MatchingWindowCounts, catalog: MatchingCatalog): MatchingWindowFigures {
  const cells = new Map<string, Cell>();
  const constraints: SumConstraint[] = [];
  const put = (id: string, c: Cell | undefined) => cells.set(id, c ? { count: c.count, children: c.children } : { ...ZERO_CELL });
  const sum = (total: string, parts: string[]) => constraints.push({ total, parts });

  // placements: in total, per region, per category, per rank, in or outside the own region
  put('placements', counts.placements);
  const regionCodes = codesOf(
    catalog.regions.map((r) => r.code),
    counts.perRegion.keys(),
  );
  for (const r of regionCodes.all) put(`placements:region:${r}`, counts.perRegion.get(r));
  sum('placements', regionCodes.all.map((r) => `placements:region:${r}`));
  const categoryCodes = codesOf(
    catalog.categories.map((c) => c.code),
    counts.perCategory.keys(),
  );
  for (const c of categoryCodes.all) put(`placements:category:${c}`, counts.perCategory.get(c));
  sum('placements', categoryCodes.all.map((c) => `placements:category:${c}`));
  for (const r of BEST_OPTION_RANKS) put(`rank:${r}`, counts.rank[r]);
  sum('placements', BEST_OPTION_RANKS.map((r) => `rank:${r}`));
  put('outside', counts.outsideOwnRegion);
  put('inside', { count: counts.placements.count - counts.outsideOwnRegion.count, children: Math.max(0, counts.placements.children - counts.outsideOwnRegion.children) });
  sum('placements', ['inside', 'outside']);

  // the funnel: what entered a stage went on, is still there, or fell out for a reason
  const f = counts.funnel;
  for (const s of FUNNEL_STAGES) put(`funnel:${s}`, f.entered[s]);
  const fellOutCodes = {} as Record<FallOutStage, string[]>;
  FUNNEL_STAGES.slice(0, -1).forEach((s, i) => {
    const stage = s as FallOutStage;
    put(`funnel:${stage}:open`, f.open[stage]);
    fellOutCodes[stage] = codesOf(FALL_OUT_REASONS[stage], f.fellOut[stage].keys()).all;
    for (const reason of fellOutCodes[stage]) put(`funnel:${stage}:out:${reason}`, f.fellOut[stage].get(reason));
    sum(`funnel:${stage}`, [`funnel:${FUNNEL_STAGES[i + 1]}`, `funnel:${stage}:open`, ...fellOutCodes[stage].map((r) => `funnel:${stage}:out:${r}`)]);
  });
  const declineCodes = codesOf([...catalog.declineReasons.keys()], f.declines.keys());
  for (const code of declineCodes.all) put(`decline:${code}`, f.declines.get(code));
  sum('funnel:offered:out:declined', declineCodes.all.map((c) => `decline:${c}`));

  // expert tables: referred = decided + not yet; decided = on time + late
  const e = counts.expertTables;
  put('referrals', e.referrals);
  put('decided', e.decided);
  put('undecided', { count: e.referrals.count - e.decided.count, children: Math.max(0, e.referrals.children - e.decided.children) });
  put('decidedOnTime', e.decidedOnTime);
  put('decidedLate', { count: e.decided.count - e.decidedOnTime.count, children: Math.max(0, e.decided.children - e.decidedOnTime.children) });
  sum('referrals', ['decided', 'undecided']);
  sum('decided', ['decidedOnTime', 'decidedLate']);

  // shortages: per category over the scope = the sum over its regions
  const shortageCategories = codesOf(
    catalog.categories.map((c) => c.code),
    counts.shortages.perCategory.keys(),
  );
  const shortageRegions = codesOf(
    catalog.regions.map((r) => r.code),
    counts.shortages.perRegion.keys(),
  );
  for (const c of shortageCategories.all) {
    for (const r of shortageRegions.all) put(`shortage:${r}:${c}`, counts.shortages.perRegion.get(r)?.get(c));
    put(`shortage:${c}`, counts.shortages.perCategory.get(c));
    sum(`shortage:${c}`, shortageRegions.all.map((r) => `shortage:${r}:${c}`));
  }

  const shown = SuppressedCells.of(cells, constraints);
  const durations = (id: string, p: PlacementCounts | undefined): PlacementDurationsFigure => ({
    placements: shown.get(id),
    fromRuling: durationFigure(p?.fromRuling ?? [], shown.isShown(id)),
    fromNeed: durationFigure(p?.fromNeed ?? [], shown.isShown(id)),
    fromProposal: durationFigure(p?.fromProposal ?? [], shown.isShown(id)),
  });
  const categoryName = new Map(catalog.categories.map((c) => [c.code, c.name]));
  const listedOrShown = (codes: { all: string[]; extra: string[] }, id: (code: string) => string) => codes.all.filter((c) => !codes.extra.includes(c) || shown.isShown(id(c)));

  return {
    from,
    timeToPlacement: {
      ...durations('placements', counts.placements),
      perRegion: catalog.regions.map((r) => ({ regionCode: r.code, name: r.name, ...durations(`placements:region:${r.code}`, counts.perRegion.get(r.code)) })),
      perCategory: listedOrShown(categoryCodes, (c) => `placements:category:${c}`).map((c) => ({
        categoryCode: c,
        name: categoryName.get(c) ?? null,
        ...durations(`placements:category:${c}`, counts.perCategory.get(c)),
      })),
    },
    bestOptionRank: {
      placements: shown.get('placements'),
      rank1: shown.get('rank:1'),
      rank2: shown.get('rank:2'),
      rank3: shown.get('rank:3'),
      rank4: shown.get('rank:4'),
      unranked: shown.get('rank:unranked'),
      rank1Share: shown.share('rank:1', 'placements'),
    },
    outsideOwnRegion: {
      placements: shown.get('placements'),
      inOwnRegion: shown.get('inside'),
      outsideOwnRegion: shown.get('outside'),
      outsideShare: shown.share('outside', 'placements'),
    },
    funnel: FUNNEL_STAGES.map((stage, i) => ({
      stage,
      entered: shown.get(`funnel:${stage}`),
      conversion: i === 0 ? null : shown.share(`funnel:${stage}`, `funnel:${FUNNEL_STAGES[i - 1]}`),
      stillOpen: stage === 'started' ? null : shown.get(`funnel:${stage}:open`),
      fellOut:
        stage === 'started'
          ? []
          : fellOutCodes[stage].map((reason) => ({ reason, proposals: shown.get(`funnel:${stage}:out:${reason}`) })),
    })),
    declines: {
      total: shown.get('funnel:offered:out:declined'),
      byReason: listedOrShown(declineCodes, (c) => `decline:${c}`).map((code) => ({
        reasonCode: code,
        label: catalog.declineReasons.get(code) ?? null,
        proposals: shown.get(`decline:${code}`),
      })),
    },
    expertTables: {
      referrals: shown.get('referrals'),
      decided: shown.get('decided'),
      decidedOnTime: shown.get('decidedOnTime'),
      decidedLate: shown.get('decidedLate'),
      onTimeShare: shown.share('decidedOnTime', 'decided'),
      daysToDecision: durationFigure(e.daysToDecision, shown.isShown('decided')),
    },
    shortages: {
      perCategory: listedOrShown(shortageCategories, (c) => `shortage:${c}`).map((c) => ({ categoryCode: c, name: categoryName.get(c) ?? null, signals: shown.get(`shortage:${c}`) })),
      cells: shortageRegions.all.flatMap((r) =>
        shortageCategories.all
          .filter((c) => counts.shortages.perRegion.get(r)?.has(c) && shown.isShown(`shortage:${r}:${c}`))
          .map((c) => ({ regionCode: r, categoryCode: c, signals: shown.get(`shortage:${r}:${c}`)! })),
      ),
    },
  };
}

export interface MatchingNowFigures {
  openReferrals: number | null;
  overdueReferrals: number | null;
}

export function matchingNowFigures(c: MatchingNowCounts): MatchingNowFigures {
  const cells = new Map<string, Cell>([
    ['open', c.openReferrals],
    ['overdue', c.overdueReferrals],
    ['notOverdue', { count: c.openReferrals.count - c.overdueReferrals.count, children: Math.max(0, c.openReferrals.children - c.overdueReferrals.children) }],
  ]);
  const shown = SuppressedCells.of(cells, [{ total: 'open', parts: ['overdue', 'notOverdue'] }]);
  return { openReferrals: shown.get('open'), overdueReferrals: shown.get('overdue') };
}

export type MatchingWindowsFigures = Record<NormWindow, MatchingWindowFigures>;

export function matchingWindowsFigures(
  from: Record<NormWindow, string>,
  counts: Partial<Record<NormWindow, MatchingWindowCounts>>,
  catalog: MatchingCatalog,
): MatchingWindowsFigures {
  return Object.fromEntries(NORM_WINDOWS.map((w) => [w, matchingWindowFigures(from[w], counts[w] ?? emptyMatchingWindowCounts(), catalog)])) as MatchingWindowsFigures;
}
