import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { emptyMatchingWindowCounts, WITHDRAW_REASONS, type FallOutStage, type FunnelStage, type MatchingNowCounts, type MatchingWindowCounts, type PlacementCounts } from '../domain/matching-figures.js';
import { NORM_WINDOWS, type NormWindow, type ReportingPeriods } from '../domain/periods.js';
import type { Cell } from '../domain/suppression.js';

export interface MatchingReadResult {
  windows: Record<NormWindow, MatchingWindowCounts>;
  now: MatchingNowCounts;
}

interface PlacementRow extends Cell {
  win: NormWindow;
  region: string | null;
  category: string | null;
  fromRuling: number[];
  fromNeed: number[];
  fromProposal: number[];
  rank: Record<string, Cell>;
  outside: Cell;
}

interface FunnelRow extends Cell {
  win: NormWindow;
  stage: FunnelStage;
  /** null: every proposal that reached the stage */
  outcome: 'advanced' | 'open' | 'declined' | 'expired' | 'withdrawn' | null;
  reason: string | null;
  /** 1: a row over all reasons of its outcome */
  rolled: number;
}

interface ExpertRow {
  win: NormWindow;
  referrals: Cell;
  decided: Cell;
  onTime: Cell;
  days: number[] | null;
}

interface ShortageRow extends Cell {
  win: NormWindow;
  region: string | null;
  category: string;
}

interface ResultRow {
  placements: PlacementRow[];
  funnel: FunnelRow[];
  expert: ExpertRow[];
  shortages: ShortageRow[];
  now: MatchingNowCounts;
}

const cell = (countExpr: string, childExpr: string, filter = '') =>
  `json_build_object('count', count(${countExpr})${filter}, 'children', count(DISTINCT ${childExpr})${filter})`;

/**
 * The matching dashboard's one query: aggregates over matching.proposal, proposal_event, referral,
 * decision and shortage_signal, with cases.measure (ruling date, child) and cases.need (recorded
 * at). A single statement, so every figure of a response comes from one snapshot. No id leaves
 * the database: children are only counted, durations leave as sorted lists of whole days per group.
 * A child is the BSN's keyed hash of the measure's child record (each institution keeps a record of
 * its own), so one child with measures at two institutions counts once.
 *
 * - Scope: the child's home region as recorded on the proposal and the referral
 *   (`home_region_code`), the region of a shortage signal; national reads all.
 * - Windows: each row is counted in every window (3, 6, 12 months up to today) its date falls in:
 *   placements by the day help started, the funnel and declines by the day the proposal was
 *   created, expert tables by the day of the referral, shortages by the day of the signal.
 * - Days are Amsterdam calendar days: `started_on - ruling_date`, `started_on - recorded_at::date`,
 *   `started_on - created_at::date`; a referral's days to its first decision likewise.
 */
@Injectable()
export class MatchingReadModel {
  constructor(private readonly dataSource: DataSource) {}

  async read(regionCodes: readonly string[] | 'national', periods: ReportingPeriods): Promise<MatchingReadResult> {
    const params: unknown[] = [];
    const p = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const today = `${p(periods.today)}::date`;
    const from = `${p(periods.windowStart.last12Months)}::date`;
    const inScope = (column: string) => (regionCodes === 'national' ? 'true' : `${column} = ANY(${p([...regionCodes])}::text[])`);
    const windows = `(VALUES ${NORM_WINDOWS.map((w) => `('${w}', ${p(periods.windowStart[w])}::date)`).join(', ')}) AS w(win, starts_on)`;
    const local = (ts: string) => `(${ts} AT TIME ZONE 'Europe/Amsterdam')::date`;
    const ranks = ['1', '2', '3', '4'].map((r) => `'${r}', ${cell('*', 'child_id', ` FILTER (WHERE rank = ${r})`)}`).join(', ');

    const sql = `
      WITH placed AS (
        SELECT p.home_region_code AS region, p.category_code AS category, ch.bsn_hmac AS child_id, p.started_on,
               p.started_on - m.ruling_date AS from_ruling,
               p.started_on - ${local('n.recorded_at')} AS from_need,
               p.started_on - ${local('p.created_at')} AS from_proposal,
               p.best_option_rank AS rank, p.offering_region_code <> p.home_region_code AS outside
          FROM matching.proposal p
          JOIN cases.measure m ON m.id = p.measure_id
          JOIN cases.child ch ON ch.id = m.child_id
          JOIN cases.need n ON n.id = p.need_id
         WHERE p.state = 'started' AND p.started_on BETWEEN ${from} AND ${today} AND ${inScope('p.home_region_code')}
      ),
      placements AS (
        SELECT w.win, pl.region, pl.category,
               count(*)::int AS count, count(DISTINCT pl.child_id)::int AS children,
               array_agg(pl.from_ruling ORDER BY pl.from_ruling) AS "fromRuling",
               array_agg(pl.from_need ORDER BY pl.from_need) AS "fromNeed",
               array_agg(pl.from_proposal ORDER BY pl.from_proposal) AS "fromProposal",
               json_build_object(${ranks}, 'unranked', ${cell('*', 'child_id', ' FILTER (WHERE rank IS NULL)')}) AS rank,
               ${cell('*', 'child_id', ' FILTER (WHERE outside)')} AS outside
          FROM placed pl CROSS JOIN LATERAL ${windows}
         WHERE pl.started_on >= w.starts_on
         GROUP BY GROUPING SETS ((w.win), (w.win, pl.region), (w.win, pl.category))
      ),
      cohort AS (
        SELECT p.id, p.state, ch.bsn_hmac AS child_id, ${local('p.created_at')} AS created_on
          FROM matching.proposal p JOIN cases.measure m ON m.id = p.measure_id JOIN cases.child ch ON ch.id = m.child_id
         WHERE ${local('p.created_at')} BETWEEN ${from} AND ${today} AND ${inScope('p.home_region_code')}
      ),
      steps AS (
        SELECT c.id, c.child_id, c.created_on,
               bool_or(e.to_state = 'offered') AS offered,
               bool_or(e.to_state = 'accepted') AS accepted,
               bool_or(e.to_state = 'started') AS started,
               (array_agg(e.from_state ORDER BY e.id DESC) FILTER (WHERE e.to_state IN ('declined','expired','withdrawn')))[1] AS out_from,
               (array_agg(e.to_state ORDER BY e.id DESC) FILTER (WHERE e.to_state IN ('declined','expired','withdrawn')))[1] AS out_to,
               (array_agg(CASE WHEN e.to_state = 'declined' THEN p.decline_reason_code ELSE e.reason_code END ORDER BY e.id DESC)
                  FILTER (WHERE e.to_state IN ('declined','expired','withdrawn')))[1] AS out_reason
          FROM cohort c
          JOIN matching.proposal p ON p.id = c.id
          LEFT JOIN matching.proposal_event e ON e.proposal_id = c.id
         GROUP BY c.id, c.child_id, c.created_on
      ),
      stage_outcomes AS (
        SELECT s.id, s.child_id, s.created_on, x.stage,
               CASE WHEN x.next THEN 'advanced'
                    WHEN s.out_to IS NOT NULL AND x.stage = (CASE WHEN s.out_from IN ('proposed','in_review') THEN 'proposed' ELSE s.out_from END)
                      THEN CASE s.out_to WHEN 'declined' THEN 'declined' WHEN 'expired' THEN 'expired' ELSE 'withdrawn' END
                    ELSE 'open' END AS outcome,
               s.out_reason
          FROM steps s
         CROSS JOIN LATERAL (VALUES ('proposed', true, s.offered), ('offered', s.offered, s.accepted), ('accepted', s.accepted, s.started), ('started', s.started, false))
               AS x(stage, reached, next)
         WHERE x.reached
      ),
      funnel AS (
        SELECT w.win, o.stage, o.outcome, o.reason, GROUPING(o.reason) AS rolled, count(*)::int AS count, count(DISTINCT o.child_id)::int AS children
          FROM (SELECT *, CASE WHEN outcome = 'declined' THEN out_reason
                               WHEN outcome = 'withdrawn' THEN CASE WHEN out_reason = ANY(${p([...WITHDRAW_REASONS])}::text[]) THEN out_reason ELSE 'other' END
                          END AS reason
                  FROM stage_outcomes) o
         CROSS JOIN LATERAL ${windows}
         WHERE o.created_on >= w.starts_on
         GROUP BY GROUPING SETS ((w.win, o.stage), (w.win, o.stage, o.outcome), (w.win, o.stage, o.outcome, o.reason))
      ),
      referrals AS (
        SELECT r.id, ch.bsn_hmac AS child_id, ${local('r.referred_at')} AS referred_on, r.state, r.decision_due_on,
               d.on_time, ${local('d.decided_at')} - ${local('r.referred_at')} AS days
          FROM matching.referral r
          JOIN cases.measure m ON m.id = r.measure_id
          JOIN cases.child ch ON ch.id = m.child_id
          LEFT JOIN LATERAL (SELECT on_time, decided_at FROM matching.decision WHERE referral_id = r.id ORDER BY decided_at, id LIMIT 1) d ON true
         WHERE ${inScope('r.home_region_code')}
      ),
      expert AS (
        SELECT w.win,
               ${cell('*', 'r.child_id')} AS referrals,
               ${cell('*', 'r.child_id', ' FILTER (WHERE r.days IS NOT NULL)')} AS decided,
               ${cell('*', 'r.child_id', ' FILTER (WHERE r.on_time)')} AS "onTime",
               array_agg(r.days ORDER BY r.days) FILTER (WHERE r.days IS NOT NULL) AS days
          FROM referrals r CROSS JOIN LATERAL ${windows}
         WHERE r.referred_on >= w.starts_on AND r.referred_on <= ${today}
         GROUP BY w.win
      ),
      shortages AS (
        SELECT w.win, s.region_code AS region, s.category_code AS category, count(*)::int AS count, count(DISTINCT ch.bsn_hmac)::int AS children
          FROM matching.shortage_signal s
          JOIN matching.referral r ON r.id = s.referral_id
          JOIN cases.measure m ON m.id = r.measure_id
          JOIN cases.child ch ON ch.id = m.child_id
         CROSS JOIN LATERAL ${windows}
         WHERE ${local('s.recorded_at')} BETWEEN w.starts_on AND ${today} AND ${inScope('s.region_code')}
         GROUP BY GROUPING SETS ((w.win, s.category_code), (w.win, s.region_code, s.category_code))
      )
      SELECT (SELECT coalesce(json_agg(x), '[]'::json) FROM placements x) AS placements,
             (SELECT coalesce(json_agg(x), '[]'::json) FROM funnel x) AS funnel,
             (SELECT coalesce(json_agg(x), '[]'::json) FROM expert x) AS expert,
             (SELECT coalesce(json_agg(x), '[]'::json) FROM shortages x) AS shortages,
             (SELECT json_build_object(
                       'openReferrals', ${cell('*', 'child_id')},
                       'overdueReferrals', ${cell('*', 'child_id', ` FILTER (WHERE decision_due_on < ${today})`)})
                FROM referrals WHERE state IN ('open', 'waiting_for_information')) AS now`;

    const [row] = (await this.dataSource.query(sql, params)) as ResultRow[];
    return toResult(row!);
  }
}

function toResult(row: ResultRow): MatchingReadResult {
  const windows = Object.fromEntries(NORM_WINDOWS.map((w) => [w, emptyMatchingWindowCounts()])) as Record<NormWindow, MatchingWindowCounts>;
  for (const r of row.placements) {
    const counts: PlacementCounts = { count: r.count, children: r.children, fromRuling: r.fromRuling, fromNeed: r.fromNeed, fromProposal: r.fromProposal };
    const w = windows[r.win];
    if (r.region !== null) w.perRegion.set(r.region, counts);
    else if (r.category !== null) w.perCategory.set(r.category, counts);
    else {
      w.placements = counts;
      w.rank = { '1': r.rank['1']!, '2': r.rank['2']!, '3': r.rank['3']!, '4': r.rank['4']!, unranked: r.rank['unranked']! };
      w.outsideOwnRegion = r.outside;
    }
  }
  for (const f of row.funnel) {
    const funnel = windows[f.win].funnel;
    const c = { count: f.count, children: f.children };
    if (f.outcome === null) funnel.entered[f.stage] = c;
    if (f.outcome === null || f.outcome === 'advanced' || f.stage === 'started') continue;
    const stage = f.stage as FallOutStage;
    if (f.rolled === 1) {
      // the declines of every code together (distinct children over all of them)
      if (f.outcome === 'declined') funnel.fellOut[stage].set('declined', c);
    } else if (f.outcome === 'open') funnel.open[stage] = c;
    else if (f.outcome === 'declined') funnel.declines.set(f.reason ?? 'unknown', c);
    else funnel.fellOut[stage].set(f.outcome === 'expired' ? 'hold_expired' : (f.reason ?? 'other'), c);
  }
  for (const e of row.expert) windows[e.win].expertTables = { referrals: e.referrals, decided: e.decided, decidedOnTime: e.onTime, daysToDecision: e.days ?? [] };
  for (const s of row.shortages) {
    const shortages = windows[s.win].shortages;
    const c = { count: s.count, children: s.children };
    if (s.region === null) shortages.perCategory.set(s.category, c);
    else {
      if (!shortages.perRegion.has(s.region)) shortages.perRegion.set(s.region, new Map());
      shortages.perRegion.get(s.region)!.set(s.category, c);
    }
  }
  return { windows, now: row.now };
}
