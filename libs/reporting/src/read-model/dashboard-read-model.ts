import { Injectable } from '@nestjs/common';
import { DEFAULT_NORM_SETTINGS, type NormSettings, type RegionNorm } from '@passend/cases';
import { DataSource, type EntityManager } from 'typeorm';
import { emptyGroupCounts, type GroupCounts, type MonthCounts } from '../domain/figures.js';
import { guardianDueDates, NORM_WINDOWS, type DueDateTable, type NormWindow, type ReportingPeriods } from '../domain/periods.js';
import { courseDueSql, helpDueSql } from './due-date-sql.js';

/** Which measures to count, and how to group them. */
export type ReadScope =
  /**
   * one group per youth-care region (the child's home municipality's region) or per inspection area;
   * every measure, or those of children living in `regionCodes`
   */
  | { groupBy: 'region' | 'inspectionArea'; regionCodes?: string[] }
  /** the measures of children living in these regions, as one group */
  | { regionCodes: string[] }
  /** the measures of one certified institution, as one group */
  | { institutionId: string };

export interface ReadModelResult {
  /** per group key (a region code, or 'all' for a single group); groups without measures are absent */
  groups: Map<string, GroupCounts>;
  /** per group: children waiting for fitting help per need category (only with `detail`) */
  categories: Map<string, Map<string, number>>;
  /** per group: counts per 'YYYY-MM' (only with `detail`) */
  months: Map<string, Map<string, MonthCounts>>;
}

export const SINGLE_GROUP = 'all';

interface HeadlineRow {
  grp: string;
  openChildren: number;
  waitingGuardian: number;
  waitingCourse: number;
  waitingHelp: number;
  helpChildren: number;
  helpMedian: number | null;
  helpP90: number | null;
}

type NormRow = { grp: string; norm: RegionNorm } & Record<`${NormWindow}${'Due' | 'Children' | 'Met'}`, number>;

interface CategoryRow {
  grp: string;
  categoryCode: string;
  children: number;
}

interface MonthRow {
  grp: string;
  month: string;
  newMeasures: number;
  newChildren: number;
  helpStarted: number;
  helpChildren: number;
  helpDue: number;
  helpDueChildren: number;
  helpMet: number;
}

interface ResultRow {
  headline: HeadlineRow[];
  norms: NormRow[];
  categories?: CategoryRow[];
  months?: MonthRow[];
}

/**
 * The dashboards' one query: aggregates over the case tables (cases.measure, child, milestone,
 * need) in a single statement, so every figure of a response comes from the same snapshot. It
 * reads the child's home municipality and nothing else of the child: no identity column, and no
 * id leaves the database (measure ids and children are only counted). Each institution keeps its
 * own record of a child, so a child is counted by the BSN's keyed hash (`bsn_hmac`), once however
 * many institutions hold a measure; the hash never leaves the statement.
 *
 * What is counted (DOMAIN.md norms; due dates equal the domain's `dueDate()`):
 * - open: measures with status 'open' (ruling today or earlier);
 * - waiting: open measures without the milestone, as distinct children;
 * - a norm window: measures whose due date fell in the window and before today, met in time when
 *   the milestone's date is on or before the due date. A measure that ended before its due date
 *   without the milestone is left out (the clock stopped with the measure);
 * - time to help: fitting help started in the last 12 months, days since the ruling.
 */
@Injectable()
export class DashboardReadModel {
  /** the guardian due-date table changes once a day: computed once (about 400 domain due dates) */
  private guardianTable?: { key: string; table: DueDateTable };

  constructor(private readonly dataSource: DataSource) {}

  private guardianDueDates(periods: ReportingPeriods, settings: NormSettings): DueDateTable {
    const key = `${periods.today}|${settings.guardianWorkingDays}`;
    if (this.guardianTable?.key !== key) this.guardianTable = { key, table: guardianDueDates(periods, settings) };
    return this.guardianTable.table;
  }

  /** `options.manager`: run in that transaction (several reads of one response from one snapshot). */
  async read(scope: ReadScope, periods: ReportingPeriods, options: { detail: boolean; settings?: NormSettings; manager?: EntityManager }): Promise<ReadModelResult> {
    const settings = options.settings ?? DEFAULT_NORM_SETTINGS;
    const params: unknown[] = [];
    const p = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const today = `${p(periods.today)}::date`;
    const guardian = this.guardianDueDates(periods, settings);

    let groupKey = `'${SINGLE_GROUP}'::text`;
    let filter = '';
    let join = '';
    if ('groupBy' in scope) {
      if (scope.groupBy === 'region') groupKey = 'mu.region_code';
      else {
        groupKey = 'rg.inspection_area';
        join = 'JOIN reference.region rg ON rg.code = mu.region_code';
      }
      if (scope.regionCodes) filter = `AND mu.region_code = ANY(${p(scope.regionCodes)}::text[])`;
    } else if ('regionCodes' in scope) filter = `AND mu.region_code = ANY(${p(scope.regionCodes)}::text[])`;
    else filter = `AND m.institution_id = ${p(scope.institutionId)}::uuid`;

    // a measure that ended before the due date without the milestone is not judged on it
    const judged = (met: string, due: string) => `(${met} IS NOT NULL OR b.end_date IS NULL OR b.end_date >= ${due})`;
    const windowColumns = NORM_WINDOWS.map((w) => {
      const from = `${p(periods.windowStart[w])}::date`;
      return `count(*) FILTER (WHERE due_on >= ${from})::int AS "${w}Due",
              count(DISTINCT child_id) FILTER (WHERE due_on >= ${from})::int AS "${w}Children",
              count(*) FILTER (WHERE due_on >= ${from} AND met_on <= due_on)::int AS "${w}Met"`;
    }).join(',\n');
    const helpFrom = `${p(periods.timeToHelpFrom)}::date`;

    const detailCtes = options.detail
      ? `,
      categories AS (
        SELECT b.grp, n.category_code AS "categoryCode", count(DISTINCT b.child_id)::int AS children
          FROM base b JOIN cases.need n ON n.measure_id = b.measure_id
         WHERE b.open AND b.help_on IS NULL
         GROUP BY b.grp, n.category_code
      ),
      months AS (
        SELECT b.grp, to_char(e.on_date, 'YYYY-MM') AS month,
               count(*) FILTER (WHERE e.kind = 'ruling')::int AS "newMeasures",
               count(DISTINCT b.child_id) FILTER (WHERE e.kind = 'ruling')::int AS "newChildren",
               count(*) FILTER (WHERE e.kind = 'help')::int AS "helpStarted",
               count(DISTINCT b.child_id) FILTER (WHERE e.kind = 'help')::int AS "helpChildren",
               count(*) FILTER (WHERE e.kind = 'due')::int AS "helpDue",
               count(DISTINCT b.child_id) FILTER (WHERE e.kind = 'due')::int AS "helpDueChildren",
               count(*) FILTER (WHERE e.kind = 'due' AND b.help_on <= b.help_due)::int AS "helpMet"
          FROM base b
         CROSS JOIN LATERAL (VALUES ('ruling', b.ruling_date), ('help', b.help_on), ('due', b.help_due)) AS e(kind, on_date)
         WHERE e.on_date >= ${p(periods.months[0]!.from)}::date AND e.on_date <= ${today}
           AND (e.kind <> 'due' OR (e.on_date < ${today} AND ${judged('b.help_on', 'b.help_due')}))
         GROUP BY b.grp, 2
      )`
      : '';

    const sql = `
      WITH guardian_due AS (
        SELECT * FROM unnest(${p(guardian.rulingDates)}::date[], ${p(guardian.dueDates)}::date[]) AS g(ruling_date, due_on)
      ),
      met AS (
        SELECT measure_id,
               min(met_on) FILTER (WHERE kind = 'permanent_guardian') AS guardian_on,
               min(met_on) FILTER (WHERE kind = 'agreed_course') AS course_on,
               min(met_on) FILTER (WHERE kind = 'fitting_help') AS help_on
          FROM cases.milestone GROUP BY measure_id
      ),
      base AS MATERIALIZED (
        SELECT ${groupKey} AS grp, m.id AS measure_id, c.bsn_hmac AS child_id, m.status = 'open' AS open, m.ruling_date, m.end_date,
               met.guardian_on, met.course_on, met.help_on,
               gd.due_on AS guardian_due,
               ${courseDueSql('m.ruling_date', p(settings.courseWeeks))} AS course_due,
               ${helpDueSql('m.ruling_date', p(settings.helpMonths))} AS help_due
          FROM cases.measure m
          JOIN cases.child c ON c.id = m.child_id
          JOIN reference.municipality mu ON mu.code = c.home_municipality_code
          ${join}
          LEFT JOIN met ON met.measure_id = m.id
          LEFT JOIN guardian_due gd ON gd.ruling_date = m.ruling_date
         WHERE m.ruling_date <= ${today} ${filter}
      ),
      headline AS (
        SELECT grp,
               count(DISTINCT child_id) FILTER (WHERE open)::int AS "openChildren",
               count(DISTINCT child_id) FILTER (WHERE open AND guardian_on IS NULL)::int AS "waitingGuardian",
               count(DISTINCT child_id) FILTER (WHERE open AND course_on IS NULL)::int AS "waitingCourse",
               count(DISTINCT child_id) FILTER (WHERE open AND help_on IS NULL)::int AS "waitingHelp",
               count(DISTINCT child_id) FILTER (WHERE help_on BETWEEN ${helpFrom} AND ${today})::int AS "helpChildren",
               percentile_cont(0.5) WITHIN GROUP (ORDER BY help_on - ruling_date) FILTER (WHERE help_on BETWEEN ${helpFrom} AND ${today}) AS "helpMedian",
               percentile_cont(0.9) WITHIN GROUP (ORDER BY help_on - ruling_date) FILTER (WHERE help_on BETWEEN ${helpFrom} AND ${today}) AS "helpP90"
          FROM base GROUP BY grp
      ),
      judged AS (
        SELECT b.grp, b.child_id, n.norm, n.due_on, n.met_on
          FROM base b
         CROSS JOIN LATERAL (VALUES ('permanentGuardian', b.guardian_due, b.guardian_on),
                                    ('courseWithin6Weeks', b.course_due, b.course_on),
                                    ('helpWithin3Months', b.help_due, b.help_on)) AS n(norm, due_on, met_on)
         WHERE n.due_on >= ${p(periods.windowStart.last12Months)}::date AND n.due_on < ${today}
           AND ${judged('n.met_on', 'n.due_on')}
      ),
      norms AS (
        SELECT grp, norm, ${windowColumns}
          FROM judged GROUP BY grp, norm
      )${detailCtes}
      SELECT (SELECT coalesce(json_agg(h), '[]'::json) FROM headline h) AS headline,
             (SELECT coalesce(json_agg(n), '[]'::json) FROM norms n) AS norms
             ${options.detail ? `, (SELECT coalesce(json_agg(c), '[]'::json) FROM categories c) AS categories,
             (SELECT coalesce(json_agg(mo), '[]'::json) FROM months mo) AS months` : ''}`;

    const [row] = (await (options.manager ?? this.dataSource).query(sql, params)) as ResultRow[];
    return toResult(row!);
  }
}

function toResult(row: ResultRow): ReadModelResult {
  const groups = new Map<string, GroupCounts>();
  const group = (grp: string) => {
    let counts = groups.get(grp);
    if (!counts) groups.set(grp, (counts = emptyGroupCounts()));
    return counts;
  };
  for (const h of row.headline) {
    const counts = group(h.grp);
    counts.openChildren = h.openChildren;
    counts.waiting = { permanentGuardian: h.waitingGuardian, agreedCourse: h.waitingCourse, fittingHelp: h.waitingHelp };
    counts.timeToHelp = { children: h.helpChildren, median: h.helpMedian, p90: h.helpP90 };
  }
  for (const n of row.norms) {
    const windows = group(n.grp).norms[n.norm];
    for (const w of NORM_WINDOWS) windows[w] = { measuresDue: n[`${w}Due`], childrenDue: n[`${w}Children`], metInTime: n[`${w}Met`] };
  }
  const categories = new Map<string, Map<string, number>>();
  for (const c of row.categories ?? []) {
    if (!categories.has(c.grp)) categories.set(c.grp, new Map());
    categories.get(c.grp)!.set(c.categoryCode, c.children);
  }
  const months = new Map<string, Map<string, MonthCounts>>();
  for (const m of row.months ?? []) {
    if (!months.has(m.grp)) months.set(m.grp, new Map());
    months.get(m.grp)!.set(m.month, {
      newMeasures: { count: m.newMeasures, children: m.newChildren },
      helpStarted: { count: m.helpStarted, children: m.helpChildren },
      helpDue: { measuresDue: m.helpDue, childrenDue: m.helpDueChildren, metInTime: m.helpMet },
    });
  }
  return { groups, categories, months };
}

