import { describe, expect, it } from '@jest/globals';
import { dueDate } from '@passend/cases/domain';
import { guardianDueDates, reportingPeriods } from './periods.js';

describe('reportingPeriods', () => {
  it('starts each norm window N calendar months before today', () => {
    const p = reportingPeriods('2026-03-14');
    expect(p.windowStart).toEqual({ last3Months: '2025-12-14', last6Months: '2025-09-14', last12Months: '2025-03-14' });
    expect(p.timeToHelpFrom).toBe('2025-03-14');
  });

  it('clamps a window start at month end, as the norms count months', () => {
    expect(reportingPeriods('2026-05-31').windowStart.last3Months).toBe('2026-02-28');
    expect(reportingPeriods('2028-05-31').windowStart.last3Months).toBe('2028-02-29');
  });

  it('gives the 12 calendar months up to the current one, the current one running to today', () => {
    const { months } = reportingPeriods('2026-03-14');
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({ month: '2025-04', from: '2025-04-01', to: '2025-04-30' });
    expect(months.find((m) => m.month === '2026-02')).toEqual({ month: '2026-02', from: '2026-02-01', to: '2026-02-28' });
    expect(months[11]).toEqual({ month: '2026-03', from: '2026-03-01', to: '2026-03-14' });
  });

  it('crosses a year boundary in the monthly series', () => {
    const { months } = reportingPeriods('2026-01-01');
    expect(months.map((m) => m.month)).toEqual([
      '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01',
    ]);
    expect(months[0]!.to).toBe('2025-02-28');
    expect(months[11]).toEqual({ month: '2026-01', from: '2026-01-01', to: '2026-01-01' });
  });
});

describe('guardianDueDates', () => {
  it('holds the domain due date of every ruling from 31 days before the longest window up to today', () => {
    const periods = reportingPeriods('2026-03-14');
    const table = guardianDueDates(periods);
    expect(table.rulingDates[0]).toBe('2025-02-11');
    expect(table.rulingDates.at(-1)).toBe('2026-03-14');
    expect(table.rulingDates).toHaveLength(table.dueDates.length);
    table.rulingDates.forEach((d, i) => expect(table.dueDates[i]).toBe(dueDate('permanent_guardian', d)));
  });

  it('counts working days around Christmas and New Year (5 working days after 24 December 2025 is 5 January 2026)', () => {
    const table = guardianDueDates(reportingPeriods('2026-01-15'));
    const due = (d: string) => table.dueDates[table.rulingDates.indexOf(d)];
    expect(due('2025-12-24')).toBe('2026-01-05');
    expect(due('2025-12-19')).toBe('2025-12-30');
  });

  it('covers every ruling whose due date can fall in the longest window', () => {
    const periods = reportingPeriods('2026-03-14');
    const table = guardianDueDates(periods);
    // the day before the table starts is due well before the window starts
    expect(dueDate('permanent_guardian', '2025-02-10') < periods.windowStart.last12Months).toBe(true);
    expect(table.dueDates.some((d) => d >= periods.windowStart.last12Months)).toBe(true);
  });

  it('follows the settings (3 working days)', () => {
    const table = guardianDueDates(reportingPeriods('2026-03-14'), { guardianWorkingDays: 3, courseWeeks: 6, helpMonths: 3, dueSoonDays: 7 });
    expect(table.dueDates[table.rulingDates.indexOf('2026-03-06')]).toBe('2026-03-11');
  });
});
