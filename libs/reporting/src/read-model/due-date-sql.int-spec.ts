import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, compareDates, dueDate, DEFAULT_NORM_SETTINGS, type LocalDate } from '@passend/cases';
import { createTestDatabase, type TestDatabase } from '@passend/testing';
import { DataSource } from 'typeorm';
import { passendDataSourceOptions } from '../../../../apps/shared/data-source.js';
import { courseDueSql, helpDueSql } from './due-date-sql.js';

/**
 * The dashboards compute course and help due dates in SQL; they must be the domain's dueDate(),
 * day for day: every ruling date from 2019 to 2031 (leap years 2020, 2024, 2028; month ends; DST
 * changes), in more than one session time zone.
 */
describe('due dates in SQL equal the domain', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const FROM = '2019-01-01';
  const TO = '2031-12-31';

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource({ ...passendDataSourceOptions({ databaseUrl: db.url }, 'reporting-due-dates-int-spec'), logging: false });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  async function sqlDueDates(timeZone: string, weeks: number, months: number): Promise<{ ruling: LocalDate; course: LocalDate; help: LocalDate }[]> {
    return ds.transaction(async (manager) => {
      await manager.query(`SELECT set_config('TimeZone', $1, true)`, [timeZone]);
      return (await manager.query(
        // date + integer stays a date (generate_series over dates would step through timestamptz, and
        // skip the midnight that a DST change removes in Santiago)
        `SELECT d::text AS ruling, ${courseDueSql('d', '$3')}::text AS course, ${helpDueSql('d', '$4')}::text AS help
           FROM generate_series(0, $2::date - $1::date) AS i CROSS JOIN LATERAL (SELECT $1::date + i AS d) AS day ORDER BY d`,
        [FROM, TO, weeks, months],
      )) as { ruling: LocalDate; course: LocalDate; help: LocalDate }[];
    });
  }

  function domainDueDates(weeks: number, months: number) {
    const settings = { ...DEFAULT_NORM_SETTINGS, courseWeeks: weeks, helpMonths: months };
    const rows: { ruling: LocalDate; course: LocalDate; help: LocalDate }[] = [];
    for (let d = FROM; compareDates(d, TO) <= 0; d = addDays(d, 1)) {
      rows.push({ ruling: d, course: dueDate('agreed_course', d, settings), help: dueDate('fitting_help', d, settings) });
    }
    return rows;
  }

  it.each(['Europe/Amsterdam', 'UTC', 'America/Santiago', 'Pacific/Chatham'])('with the default norms (6 weeks, 3 months), session time zone %s', async (tz) => {
    const sql = await sqlDueDates(tz, DEFAULT_NORM_SETTINGS.courseWeeks, DEFAULT_NORM_SETTINGS.helpMonths);
    expect(sql).toHaveLength(4748);
    expect(sql).toEqual(domainDueDates(DEFAULT_NORM_SETTINGS.courseWeeks, DEFAULT_NORM_SETTINGS.helpMonths));
  });

  it.each([
    [1, 1],
    [4, 2],
  ])('with shorter norms a region may choose (%i weeks, %i months)', async (weeks, months) => {
    expect(await sqlDueDates('Europe/Amsterdam', weeks, months)).toEqual(domainDueDates(weeks, months));
  });

  it('clamps at month end as the domain does (spot checks)', async () => {
    const rows = await sqlDueDates('Europe/Amsterdam', 6, 3);
    const help = (ruling: LocalDate) => rows.find((r) => r.ruling === ruling)!.help;
    expect(help('2026-11-30')).toBe('2027-02-28');
    expect(help('2027-11-30')).toBe('2028-02-29');
    expect(help('2026-05-31')).toBe('2026-08-31');
    expect(help('2026-03-31')).toBe('2026-06-30');
  });
});
