/**
 * The due dates the database computes itself, written to equal the domain's `dueDate()` exactly
 * (due-date-sql.int-spec.ts compares them day by day):
 * - agreed course: the ruling plus N weeks, whole days;
 * - fitting help: the ruling plus N calendar months. PostgreSQL's `date + interval 'N months'`
 *   keeps the day of the month and clamps it at the end of a shorter month (2026-11-30 + 3 months
 *   = 2027-02-28), as `addCalendarMonths` does; a date becomes a timestamp at midnight without a
 *   time zone, so no DST shift can move the day.
 * The permanent-guardian term counts working days with Dutch public holidays: that one comes from
 * the domain as a table of dates (`guardianDueDates`), not from SQL.
 *
 * `ruling` is a column expression; the week and month counts are bind parameters ($n).
 */
export function courseDueSql(ruling: string, weeksParam: string): string {
  return `(${ruling} + 7 * ${weeksParam}::int)`;
}

export function helpDueSql(ruling: string, monthsParam: string): string {
  return `(${ruling} + make_interval(months => ${monthsParam}::int))::date`;
}
