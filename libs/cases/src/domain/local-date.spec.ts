import { describe, expect, it } from '@jest/globals';
import {
  addCalendarMonths,
  addDays,
  addWeeks,
  addWorkingDays,
  compareDates,
  daysBetween,
  dutchPublicHolidayCalendar,
  dutchPublicHolidays,
  easterSunday,
  epochDay,
  fromEpochDay,
  isLocalDate,
  isoWeekday,
  isWeekend,
  isWorkingDay,
  todayInAmsterdam,
} from './local-date.js';

const at = (iso: string) => new Date(iso);

describe('isLocalDate', () => {
  it('accepts real calendar dates, leap days included', () => {
    for (const d of ['2026-01-31', '2026-12-31', '2028-02-29', '2000-02-29', '0001-01-01', '9999-12-31']) expect(isLocalDate(d)).toBe(true);
  });

  it('refuses dates that do not exist: no 29 February outside leap years (1900 and 2100 are not)', () => {
    for (const d of ['2026-02-29', '1900-02-29', '2100-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32', '0000-01-01']) {
      expect(isLocalDate(d)).toBe(false);
    }
  });

  it('refuses anything not written exactly YYYY-MM-DD', () => {
    for (const d of ['2026-4-1', ' 2026-04-01', '2026-04-01 ', '2026-04-01T00:00', '01-04-2026', '20260401', '', '２０２６-04-01']) expect(isLocalDate(d)).toBe(false);
    for (const v of [20260401, null, undefined, new Date('2026-04-01'), {}]) expect(isLocalDate(v)).toBe(false);
  });
});

describe('day numbers', () => {
  it('counts from 1970-01-01', () => {
    expect(epochDay('1970-01-01')).toBe(0);
    expect(epochDay('1969-12-31')).toBe(-1);
    expect(epochDay('2000-03-01')).toBe(11_017);
    expect(fromEpochDay(0)).toBe('1970-01-01');
  });

  it('agrees with the UTC calendar of Date for every day from 1900 to 2100, both ways', () => {
    const first = Date.UTC(1900, 0, 1) / 86_400_000;
    const last = Date.UTC(2100, 11, 31) / 86_400_000;
    for (let n = first; n <= last; n += 1) {
      const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
      if (fromEpochDay(n) !== iso || epochDay(iso) !== n) throw new Error(`day ${n}: ${fromEpochDay(n)} / ${iso}`);
    }
  });

  it('refuses a malformed date or a fractional day with a RangeError', () => {
    expect(() => epochDay('2026-02-30')).toThrow(RangeError);
    expect(() => fromEpochDay(1.5)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });
});

describe('todayInAmsterdam', () => {
  it('is already tomorrow at 23:30 UTC, in winter (UTC+1) and in summer (UTC+2)', () => {
    expect(todayInAmsterdam(at('2026-11-28T23:30:00Z'))).toBe('2026-11-29');
    expect(todayInAmsterdam(at('2026-11-28T22:59:00Z'))).toBe('2026-11-28');
    expect(todayInAmsterdam(at('2026-07-14T21:59:00Z'))).toBe('2026-07-14');
    expect(todayInAmsterdam(at('2026-07-14T22:00:00Z'))).toBe('2026-07-15');
    expect(todayInAmsterdam(at('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });

  it('is right on the night summer time starts (Sunday 29 March 2026, 01:00 UTC)', () => {
    expect(todayInAmsterdam(at('2026-03-28T22:59:00Z'))).toBe('2026-03-28'); // 23:59 CET
    expect(todayInAmsterdam(at('2026-03-28T23:30:00Z'))).toBe('2026-03-29'); // 00:30 CET
    expect(todayInAmsterdam(at('2026-03-29T00:30:00Z'))).toBe('2026-03-29'); // 01:30 CET
    expect(todayInAmsterdam(at('2026-03-29T01:30:00Z'))).toBe('2026-03-29'); // 03:30 CEST
    expect(todayInAmsterdam(at('2026-03-29T21:59:00Z'))).toBe('2026-03-29'); // 23:59 CEST
    expect(todayInAmsterdam(at('2026-03-29T22:00:00Z'))).toBe('2026-03-30'); // 00:00 CEST
  });

  it('is right on the night summer time ends (Sunday 25 October 2026, 01:00 UTC)', () => {
    expect(todayInAmsterdam(at('2026-10-24T21:59:00Z'))).toBe('2026-10-24'); // 23:59 CEST
    expect(todayInAmsterdam(at('2026-10-24T22:00:00Z'))).toBe('2026-10-25'); // 00:00 CEST
    expect(todayInAmsterdam(at('2026-10-24T23:30:00Z'))).toBe('2026-10-25'); // 01:30 CEST
    expect(todayInAmsterdam(at('2026-10-25T00:30:00Z'))).toBe('2026-10-25'); // 02:30 CEST, the first time
    expect(todayInAmsterdam(at('2026-10-25T01:30:00Z'))).toBe('2026-10-25'); // 02:30 CET, the second time
    expect(todayInAmsterdam(at('2026-10-25T22:59:00Z'))).toBe('2026-10-25'); // 23:59 CET
    expect(todayInAmsterdam(at('2026-10-25T23:00:00Z'))).toBe('2026-10-26'); // 00:00 CET
  });

  it('refuses an invalid Date', () => {
    expect(() => todayInAmsterdam(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('adding days, weeks and months', () => {
  it('adds days across month ends, year ends and leap days, forwards and backwards', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-02-29', 1)).toBe('2028-03-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30'); // across the start of summer time
    expect(addDays('2026-06-15', 0)).toBe('2026-06-15');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
    expect(addDays('2028-01-01', 366)).toBe('2029-01-01');
  });

  it('adds weeks as 7 days: 2028-02-29 + 6 weeks = 2028-04-11', () => {
    expect(addWeeks('2028-02-29', 6)).toBe('2028-04-11');
    expect(addWeeks('2026-03-20', 6)).toBe('2026-05-01');
    expect(addWeeks('2026-12-01', 6)).toBe('2027-01-12');
    expect(addWeeks('2026-05-01', -1)).toBe('2026-04-24');
  });

  it('adds calendar months, clamped at the end of a shorter month', () => {
    expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addCalendarMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addCalendarMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addCalendarMonths('2027-11-29', 3)).toBe('2028-02-29');
    expect(addCalendarMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addCalendarMonths('2026-10-31', 1)).toBe('2026-11-30');
    expect(addCalendarMonths('2026-08-31', 1)).toBe('2026-09-30');
    expect(addCalendarMonths('2026-01-15', 3)).toBe('2026-04-15');
    expect(addCalendarMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addCalendarMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(addCalendarMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addCalendarMonths('2026-01-10', -1)).toBe('2025-12-10');
    expect(addCalendarMonths('2026-05-31', 0)).toBe('2026-05-31');
  });

  it('refuses fractional amounts', () => {
    expect(() => addDays('2026-01-01', 0.5)).toThrow(RangeError);
    expect(() => addWeeks('2026-01-01', 1.5)).toThrow(RangeError);
    expect(() => addCalendarMonths('2026-01-01', Number.NaN)).toThrow(RangeError);
    expect(() => addCalendarMonths('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('comparing dates', () => {
  it('daysBetween is b - a in calendar days', () => {
    expect(daysBetween('2026-01-30', '2026-02-02')).toBe(3);
    expect(daysBetween('2026-02-02', '2026-01-30')).toBe(-3);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2026-05-05', '2026-05-05')).toBe(0);
  });

  it('compareDates sorts chronologically', () => {
    expect(compareDates('2026-01-02', '2026-01-10')).toBe(-1);
    expect(compareDates('2026-01-10', '2026-01-02')).toBe(1);
    expect(compareDates('2026-01-10', '2026-01-10')).toBe(0);
    expect(['2027-01-01', '2026-12-31', '2026-02-01'].sort(compareDates)).toEqual(['2026-02-01', '2026-12-31', '2027-01-01']);
  });

  it('knows the day of the week', () => {
    expect(isoWeekday('2026-12-23')).toBe(3); // Wednesday
    expect(isoWeekday('2026-04-27')).toBe(1); // Monday
    expect(isoWeekday('2025-04-27')).toBe(7); // Sunday
    expect(isWeekend('2026-11-28')).toBe(true); // Saturday
    expect(isWeekend('2026-11-29')).toBe(true); // Sunday
    expect(isWeekend('2026-11-30')).toBe(false); // Monday
    expect(isWeekend('2026-11-27')).toBe(false); // Friday
  });
});

describe('Dutch public holidays', () => {
  it('computes Easter Sunday (anonymous Gregorian algorithm)', () => {
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2028)).toBe('2028-04-16');
    expect(easterSunday(2019)).toBe('2019-04-21');
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2008)).toBe('2008-03-23');
    expect(easterSunday(2038)).toBe('2038-04-25'); // the latest possible
    expect(easterSunday(2285)).toBe('2285-03-22'); // the earliest possible
  });

  it('lists the days off of 2026 in order, without Goede Vrijdag', () => {
    expect(dutchPublicHolidayCalendar(2026)).toEqual([
      { date: '2026-01-01', name: 'Nieuwjaarsdag' },
      { date: '2026-04-05', name: 'Eerste Paasdag' },
      { date: '2026-04-06', name: 'Tweede Paasdag' },
      { date: '2026-04-27', name: 'Koningsdag' },
      { date: '2026-05-05', name: 'Bevrijdingsdag' },
      { date: '2026-05-14', name: 'Hemelvaartsdag' },
      { date: '2026-05-24', name: 'Eerste Pinksterdag' },
      { date: '2026-05-25', name: 'Tweede Pinksterdag' },
      { date: '2026-12-25', name: 'Eerste Kerstdag' },
      { date: '2026-12-26', name: 'Tweede Kerstdag' },
    ]);
    expect(dutchPublicHolidays(2026)).not.toContain('2026-04-03'); // Goede Vrijdag
  });

  it('moves Koningsdag to Saturday 26 April when the 27th is a Sunday (2025, 2031)', () => {
    expect(dutchPublicHolidays(2025)).toEqual([
      '2025-01-01',
      '2025-04-20',
      '2025-04-21',
      '2025-04-26',
      '2025-05-05',
      '2025-05-29',
      '2025-06-08',
      '2025-06-09',
      '2025-12-25',
      '2025-12-26',
    ]);
    expect(dutchPublicHolidays(2031)).toContain('2031-04-26');
    expect(dutchPublicHolidays(2031)).not.toContain('2031-04-27');
    expect(dutchPublicHolidays(2027)).toContain('2027-04-27'); // a Tuesday
  });

  it('follows Easter for Hemelvaart (+39) and Pinksteren (+49, +50) in 2027 and 2028', () => {
    expect(dutchPublicHolidays(2027)).toEqual(expect.arrayContaining(['2027-03-28', '2027-03-29', '2027-05-06', '2027-05-16', '2027-05-17']));
    expect(dutchPublicHolidays(2028)).toEqual(expect.arrayContaining(['2028-04-16', '2028-04-17', '2028-05-25', '2028-06-04', '2028-06-05']));
  });

  it('lists a date once when two holidays share it (Bevrijdingsdag and Hemelvaartsdag in 2016)', () => {
    const calendar = dutchPublicHolidayCalendar(2016);
    expect(calendar.filter((h) => h.date === '2016-05-05')).toEqual([{ date: '2016-05-05', name: 'Bevrijdingsdag en Hemelvaartsdag' }]);
    expect(dutchPublicHolidays(2016)).toHaveLength(9);
  });
});

describe('working days', () => {
  it('are Monday to Friday except public holidays', () => {
    expect(isWorkingDay('2026-12-24')).toBe(true); // Kerstavond is a working day
    expect(isWorkingDay('2026-12-25')).toBe(false);
    expect(isWorkingDay('2026-04-03')).toBe(true); // Goede Vrijdag
    expect(isWorkingDay('2026-04-06')).toBe(false); // Tweede Paasdag
    expect(isWorkingDay('2026-05-05')).toBe(false); // Bevrijdingsdag, a Tuesday
    expect(isWorkingDay('2026-05-14')).toBe(false); // Hemelvaartsdag
    expect(isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-30')).toBe(true);
  });

  it('counts n working days after the date, across Christmas, New Year and weekends', () => {
    // Wed 23 Dec 2026: Thu 24 (1), Fri 25 Kerstdag, weekend, Mon 28 (2), Tue 29 (3), Wed 30 (4), Thu 31 (5)
    expect(addWorkingDays('2026-12-23', 5)).toBe('2026-12-31');
    // Thu 24 Dec 2026: 28, 29, 30, 31 (4), Fri 1 Jan Nieuwjaarsdag, weekend, Mon 4 Jan (5)
    expect(addWorkingDays('2026-12-24', 5)).toBe('2027-01-04');
    expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-28');
  });

  it('does not count the start date itself, even when it is a weekend day or a holiday', () => {
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30'); // Friday -> Monday
    expect(addWorkingDays('2026-11-28', 1)).toBe('2026-11-30'); // Saturday -> Monday
    expect(addWorkingDays('2026-12-25', 1)).toBe('2026-12-28');
    expect(addWorkingDays('2026-11-30', 5)).toBe('2026-12-07'); // Monday -> next Monday
  });

  it('skips Bevrijdingsdag and the Easter days but not Goede Vrijdag', () => {
    expect(addWorkingDays('2026-04-30', 5)).toBe('2026-05-08'); // 1 May, 4 May, (5 May), 6, 7, 8 May
    expect(addWorkingDays('2026-04-02', 2)).toBe('2026-04-07'); // Goede Vrijdag 3 April counts, Paasmaandag 6 April not
  });

  it('gives the date back for 0 and counts backwards for a negative n', () => {
    expect(addWorkingDays('2026-11-28', 0)).toBe('2026-11-28');
    expect(addWorkingDays('2027-01-04', -5)).toBe('2026-12-24');
    expect(() => addWorkingDays('2026-11-28', 1.5)).toThrow(RangeError);
  });
});
