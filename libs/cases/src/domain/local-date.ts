/**
 * Calendar dates as the norms count them: a court ruling, a due date and the day a milestone
 * was met are days in Europe/Amsterdam, not instants. A `LocalDate` is the ISO string
 * 'YYYY-MM-DD' (years 0001-9999), so it sorts and compares as text and stores as a SQL `date`.
 *
 * All arithmetic is on whole days (proleptic Gregorian calendar) and never touches `Date`'s local
 * time zone, so it is the same on every server. Only `todayInAmsterdam` looks at an instant, and
 * it asks Intl for the Amsterdam calendar day, so it is right on both sides of a DST change.
 *
 * Functions that compute throw a RangeError on a malformed date: that is a programming error,
 * the edge validates input with `isLocalDate` first.
 */
export type LocalDate = string;

export const AMSTERDAM_TIME_ZONE = 'Europe/Amsterdam';

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month; `month` is 1-12. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A real calendar date written 'YYYY-MM-DD': 2028-02-29 yes, 2026-02-29 and 2026-2-3 no. */
export function isLocalDate(s: unknown): s is LocalDate {
  if (typeof s !== 'string') return false;
  const match = LOCAL_DATE_PATTERN.exec(s);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

interface Ymd {
  year: number;
  month: number;
  day: number;
}

function parse(d: LocalDate): Ymd {
  if (!isLocalDate(d)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(d)}`);
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) };
}

function format({ year, month, day }: Ymd): LocalDate {
  if (year < 1 || year > 9999) throw new RangeError(`Date out of range (years 0001-9999): year ${year}`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function assertWhole(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a whole number, got ${n}`);
}

/**
 * Days since 1970-01-01 (negative before). Integer arithmetic after Howard Hinnant's
 * days_from_civil, so no time zone or DST can shift a day.
 */
export function epochDay(d: LocalDate): number {
  const { year, month, day } = parse(d);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The inverse of `epochDay` (Hinnant's civil_from_days). */
export function fromEpochDay(n: number): LocalDate {
  assertWhole(n, 'A day number');
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return format({ year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day });
}

const amsterdamCalendarDay = new Intl.DateTimeFormat('en-GB', {
  timeZone: AMSTERDAM_TIME_ZONE,
  calendar: 'gregory',
  numberingSystem: 'latn',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day it is in Amsterdam at `now` (23:30 UTC in winter is already tomorrow there). */
export function todayInAmsterdam(now: Date): LocalDate {
  if (Number.isNaN(now.getTime())) throw new RangeError('todayInAmsterdam needs a valid Date');
  const parts = amsterdamCalendarDay.formatToParts(now);
  const part = (type: 'year' | 'month' | 'day') => Number(parts.find((p) => p.type === type)?.value);
  return format({ year: part('year'), month: part('month'), day: part('day') });
}

export function addDays(d: LocalDate, n: number): LocalDate {
  assertWhole(n, 'The number of days');
  return fromEpochDay(epochDay(d) + n);
}

export function addWeeks(d: LocalDate, n: number): LocalDate {
  assertWhole(n, 'The number of weeks');
  return addDays(d, 7 * n);
}

/**
 * Same day `n` months later (or earlier), clamped at the end of a shorter month:
 * 2026-01-31 + 1 = 2026-02-28, 2028-01-31 + 1 = 2028-02-29, 2026-11-30 + 3 = 2027-02-28.
 */
export function addCalendarMonths(d: LocalDate, n: number): LocalDate {
  assertWhole(n, 'The number of months');
  const { year, month, day } = parse(d);
  const monthIndex = year * 12 + (month - 1) + n;
  const newYear = Math.floor(monthIndex / 12);
  const newMonth = monthIndex - newYear * 12 + 1;
  if (newYear < 1 || newYear > 9999) throw new RangeError(`Date out of range (years 0001-9999): year ${newYear}`);
  return format({ year: newYear, month: newMonth, day: Math.min(day, daysInMonth(newYear, newMonth)) });
}

/** `b - a` in calendar days: daysBetween('2026-01-30', '2026-02-02') = 3. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return epochDay(b) - epochDay(a);
}

/** -1, 0 or 1, for `Array.prototype.sort`. */
export function compareDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  const days = daysBetween(b, a);
  return days < 0 ? -1 : days > 0 ? 1 : 0;
}

/** ISO day of the week: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(d: LocalDate): number {
  // 1970-01-01 was a Thursday (4)
  return ((((epochDay(d) + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(d: LocalDate): boolean {
  return isoWeekday(d) >= 6;
}

/** Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  assertWhole(year, 'A year');
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return format({ year, month, day });
}

export interface PublicHoliday {
  date: LocalDate;
  /** Dutch name, for the UI */
  name: string;
}

/**
 * The Dutch public holidays that count as days off when the norms count working days, in date
 * order. Choices:
 * - Goede Vrijdag is left out: it is not a general day off in the Netherlands.
 * - Bevrijdingsdag (5 May) is in, every year: government organisations and the collective labour
 *   agreement of the certified institutions (CAO Jeugdzorg) treat it as a day off, not only in
 *   lustrum years.
 * - Koningsdag is 27 April, or Saturday 26 April when the 27th is a Sunday (the rule since 2014;
 *   earlier years had Koninginnedag on 30 April, which the platform has no need for).
 * - Eerste Paasdag and Eerste Pinksterdag always fall on a Sunday; they are listed for
 *   completeness. When two holidays share a date (Hemelvaartsdag on 5 May, as in 2016) the date
 *   appears once, under both names.
 */
export function dutchPublicHolidayCalendar(year: number): PublicHoliday[] {
  assertWhole(year, 'A year');
  const easter = easterSunday(year);
  const date = (month: number, day: number) => format({ year, month, day });
  const kingsDay = isoWeekday(date(4, 27)) === 7 ? date(4, 26) : date(4, 27);
  const holidays: PublicHoliday[] = [
    { date: date(1, 1), name: 'Nieuwjaarsdag' },
    { date: easter, name: 'Eerste Paasdag' },
    { date: addDays(easter, 1), name: 'Tweede Paasdag' },
    { date: kingsDay, name: 'Koningsdag' },
    { date: date(5, 5), name: 'Bevrijdingsdag' },
    { date: addDays(easter, 39), name: 'Hemelvaartsdag' },
    { date: addDays(easter, 49), name: 'Eerste Pinksterdag' },
    { date: addDays(easter, 50), name: 'Tweede Pinksterdag' },
    { date: date(12, 25), name: 'Eerste Kerstdag' },
    { date: date(12, 26), name: 'Tweede Kerstdag' },
  ];
  const byDate = new Map<LocalDate, string[]>();
  for (const h of holidays) byDate.set(h.date, [...(byDate.get(h.date) ?? []), h.name]);
  return [...byDate.entries()].sort(([a], [b]) => compareDates(a, b)).map(([d, names]) => ({ date: d, name: names.join(' en ') }));
}

/** The dates of `dutchPublicHolidayCalendar(year)`, sorted, each once. */
export function dutchPublicHolidays(year: number): LocalDate[] {
  return dutchPublicHolidayCalendar(year).map((h) => h.date);
}

const holidaysByYear = new Map<number, ReadonlySet<LocalDate>>();

function isDutchPublicHoliday(d: LocalDate): boolean {
  const year = parse(d).year;
  let holidays = holidaysByYear.get(year);
  if (!holidays) {
    holidays = new Set(dutchPublicHolidays(year));
    holidaysByYear.set(year, holidays);
  }
  return holidays.has(d);
}

/** Monday to Friday and not a Dutch public holiday (see `dutchPublicHolidayCalendar`). */
export function isWorkingDay(d: LocalDate): boolean {
  return !isWeekend(d) && !isDutchPublicHoliday(d);
}

/**
 * The date `n` working days after `d`; `d` itself is not counted, so a ruling on Friday plus one
 * working day is the next Monday. `n = 0` gives `d` back; a negative `n` counts backwards.
 */
export function addWorkingDays(d: LocalDate, n: number): LocalDate {
  assertWhole(n, 'The number of working days');
  const step = n < 0 ? -1 : 1;
  let day = epochDay(d);
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    if (isWorkingDay(fromEpochDay(day))) left -= 1;
  }
  return fromEpochDay(day);
}
