import { addCalendarMonths, addDays, compareDates, daysInMonth, DEFAULT_NORM_SETTINGS, dueDate, type LocalDate, type NormSettings } from '@passend/cases/domain';

/**
 * The periods the dashboards report over, all as Amsterdam calendar days (`LocalDate`).
 *
 * - A norm window "the last N months" holds the due dates from `today - N months` (clamped at
 *   month end, as the norms count months) up to yesterday: a due date is judged once it is in the
 *   past, so a milestone due today is not yet counted either way.
 * - Time to help looks at help started from `today - 12 months` up to and including today.
 * - The monthly series is the 12 calendar months up to and including the current one (which is
 *   partial: it runs to today).
 */
export const NORM_WINDOWS = ['last3Months', 'last6Months', 'last12Months'] as const;
export type NormWindow = (typeof NORM_WINDOWS)[number];

export const WINDOW_MONTHS: Record<NormWindow, number> = { last3Months: 3, last6Months: 6, last12Months: 12 };

/** The window whose shares decide a region's colour: the most recent, since green today can be red tomorrow. */
export const STATUS_WINDOW: NormWindow = 'last3Months';

export const SERIES_MONTHS = 12;

export interface ReportMonth {
  /** 'YYYY-MM' */
  month: string;
  /** first day of the month */
  from: LocalDate;
  /** last day of the month, or today in the current month */
  to: LocalDate;
}

export interface ReportingPeriods {
  today: LocalDate;
  /** first day of each norm window (due dates from this day up to yesterday) */
  windowStart: Record<NormWindow, LocalDate>;
  /** first day of the time-to-help period (help started from this day up to today) */
  timeToHelpFrom: LocalDate;
  months: ReportMonth[];
}

export function reportingPeriods(today: LocalDate): ReportingPeriods {
  const windowStart = Object.fromEntries(NORM_WINDOWS.map((w) => [w, addCalendarMonths(today, -WINDOW_MONTHS[w])])) as Record<NormWindow, LocalDate>;
  const firstOfThisMonth = `${today.slice(0, 7)}-01`;
  const months: ReportMonth[] = [];
  for (let back = SERIES_MONTHS - 1; back >= 0; back--) {
    const from = addCalendarMonths(firstOfThisMonth, -back);
    const year = Number(from.slice(0, 4));
    const month = Number(from.slice(5, 7));
    const last = `${from.slice(0, 8)}${String(daysInMonth(year, month)).padStart(2, '0')}`;
    months.push({ month: from.slice(0, 7), from, to: compareDates(last, today) > 0 ? today : last });
  }
  return { today, windowStart, timeToHelpFrom: windowStart.last12Months, months };
}

/**
 * The permanent-guardian due date of every ruling date whose due date can fall in the longest
 * window, straight from the domain's `dueDate` (working days, Dutch public holidays): the database
 * joins this table instead of approximating working days in SQL. Rulings from 31 days before the
 * window start are included, which covers any term of up to 5 working days (at most 13 calendar
 * days around Christmas); rulings outside the table have their due date outside the window.
 */
export interface DueDateTable {
  rulingDates: LocalDate[];
  dueDates: LocalDate[];
}

export function guardianDueDates(periods: ReportingPeriods, settings: NormSettings = DEFAULT_NORM_SETTINGS): DueDateTable {
  const rulingDates: LocalDate[] = [];
  const dueDates: LocalDate[] = [];
  for (let d = addDays(periods.windowStart.last12Months, -31); compareDates(d, periods.today) <= 0; d = addDays(d, 1)) {
    rulingDates.push(d);
    dueDates.push(dueDate('permanent_guardian', d, settings));
  }
  return { rulingDates, dueDates };
}
