import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_NORM_SETTINGS,
  dueDate,
  MILESTONES,
  milestoneProblems,
  needsExplanation,
  normClock,
  normClocks,
  normSettingsProblems,
  type NormClock,
} from './norm-clock.js';

// Monday 2 March 2026. Guardian due Mon 9 March (5 working days), course Mon 13 April (6 weeks),
// help Tue 2 June (3 months).
const RULING = '2026-03-02';
const explanation = { reasonCode: 'waiting_list', text: 'Wachtlijst van 10 weken bij de enige passende aanbieder in de regio.' };

describe('dueDate', () => {
  it('counts each norm from the date of the court ruling', () => {
    expect(dueDate('permanent_guardian', RULING)).toBe('2026-03-09');
    expect(dueDate('agreed_course', RULING)).toBe('2026-04-13');
    expect(dueDate('fitting_help', RULING)).toBe('2026-06-02');
  });

  it('counts the guardian term in working days, across Christmas and New Year', () => {
    expect(dueDate('permanent_guardian', '2026-12-23')).toBe('2026-12-31');
    expect(dueDate('permanent_guardian', '2026-12-24')).toBe('2027-01-04');
    expect(dueDate('permanent_guardian', '2026-04-30')).toBe('2026-05-08'); // Bevrijdingsdag skipped
  });

  it('clamps the 3-month help term at month end and knows leap years', () => {
    expect(dueDate('fitting_help', '2027-11-29')).toBe('2028-02-29');
    expect(dueDate('fitting_help', '2027-11-30')).toBe('2028-02-29');
    expect(dueDate('fitting_help', '2026-11-30')).toBe('2027-02-28');
    expect(dueDate('fitting_help', '2026-11-28')).toBe('2027-02-28');
    expect(dueDate('fitting_help', '2026-10-31')).toBe('2027-01-31');
  });

  it('counts the 6-week course term in calendar days, across leap days', () => {
    expect(dueDate('agreed_course', '2028-02-29')).toBe('2028-04-11');
    expect(dueDate('agreed_course', '2028-01-25')).toBe('2028-03-07');
    expect(dueDate('agreed_course', '2026-12-01')).toBe('2027-01-12');
  });

  it('follows the settings', () => {
    const settings = { guardianWorkingDays: 0, courseWeeks: 4, helpMonths: 1, dueSoonDays: 3 };
    expect(dueDate('permanent_guardian', RULING, settings)).toBe(RULING); // "at once"
    expect(dueDate('agreed_course', RULING, settings)).toBe('2026-03-30');
    expect(dueDate('fitting_help', '2026-01-31', settings)).toBe('2026-02-28');
  });

  it('takes an urgent help due date when it is sooner (safety first), the 3-month term when not', () => {
    expect(dueDate('fitting_help', RULING, DEFAULT_NORM_SETTINGS, { urgentHelpDueDate: '2026-03-16' })).toBe('2026-03-16');
    expect(dueDate('fitting_help', RULING, DEFAULT_NORM_SETTINGS, { urgentHelpDueDate: '2026-07-01' })).toBe('2026-06-02');
    expect(dueDate('fitting_help', RULING, DEFAULT_NORM_SETTINGS, { urgentHelpDueDate: null })).toBe('2026-06-02');
    expect(dueDate('agreed_course', RULING, DEFAULT_NORM_SETTINGS, { urgentHelpDueDate: '2026-03-16' })).toBe('2026-04-13');
  });

  it('refuses a malformed ruling date', () => {
    expect(() => dueDate('agreed_course', '2026-02-30')).toThrow(RangeError);
    expect(() => dueDate('fitting_help', '02-03-2026')).toThrow(RangeError);
  });
});

describe('normClock states (course due Monday 13 April 2026)', () => {
  const course = (today: string, metOn: string | null = null, dueSoonDays = 7) =>
    normClock('agreed_course', { rulingDate: RULING, metOn, today, settings: { ...DEFAULT_NORM_SETTINGS, dueSoonDays } });

  it('is on time with more than dueSoonDays left', () => {
    expect(course('2026-03-02')).toEqual({ milestone: 'agreed_course', dueOn: '2026-04-13', state: 'on_time', metOn: null, daysLeft: 42, daysLate: null });
    expect(course('2026-04-05')).toMatchObject({ state: 'on_time', daysLeft: 8 });
  });

  it('is due soon with dueSoonDays or fewer left, up to and including the due date', () => {
    expect(course('2026-04-06')).toMatchObject({ state: 'due_soon', daysLeft: 7 });
    expect(course('2026-04-12')).toMatchObject({ state: 'due_soon', daysLeft: 1 });
    expect(course('2026-04-13')).toEqual({ milestone: 'agreed_course', dueOn: '2026-04-13', state: 'due_soon', metOn: null, daysLeft: 0, daysLate: null });
  });

  it('counts the due date itself as on time when nothing is "soon"', () => {
    expect(course('2026-04-12', null, 0)).toMatchObject({ state: 'on_time', daysLeft: 1 });
    expect(course('2026-04-13', null, 0)).toMatchObject({ state: 'due_soon', daysLeft: 0 });
  });

  it('is overdue from the day after the due date', () => {
    expect(course('2026-04-14')).toEqual({ milestone: 'agreed_course', dueOn: '2026-04-13', state: 'overdue', metOn: null, daysLeft: null, daysLate: 1 });
    expect(course('2026-05-13')).toMatchObject({ state: 'overdue', daysLate: 30 });
  });

  it('is met on time when met on or before the due date, met late from the day after', () => {
    expect(course('2026-06-01', '2026-04-13')).toEqual({ milestone: 'agreed_course', dueOn: '2026-04-13', state: 'met_on_time', metOn: '2026-04-13', daysLeft: null, daysLate: null });
    expect(course('2026-06-01', '2026-03-02')).toMatchObject({ state: 'met_on_time' });
    expect(course('2026-06-01', '2026-04-14')).toEqual({ milestone: 'agreed_course', dueOn: '2026-04-13', state: 'met_late', metOn: '2026-04-14', daysLeft: null, daysLate: 1 });
  });

  it('stays met however much later today is, and treats an absent metOn as open', () => {
    expect(course('2030-01-01', '2026-04-10').state).toBe('met_on_time');
    expect(normClock('agreed_course', { rulingDate: RULING, today: '2026-04-14' }).state).toBe('overdue');
  });

  it('runs the guardian clock in working days and the help clock to an urgent date', () => {
    const guardian = normClock('permanent_guardian', { rulingDate: '2026-12-23', metOn: null, today: '2026-12-31' });
    expect(guardian).toMatchObject({ dueOn: '2026-12-31', state: 'due_soon', daysLeft: 0 });
    expect(normClock('permanent_guardian', { rulingDate: '2026-12-23', metOn: '2027-01-04', today: '2027-01-05' })).toMatchObject({ state: 'met_late', daysLate: 4 });
    const help = normClock('fitting_help', { rulingDate: RULING, metOn: null, today: '2026-03-17', urgentHelpDueDate: '2026-03-16' });
    expect(help).toMatchObject({ dueOn: '2026-03-16', state: 'overdue', daysLate: 1 });
  });

  it('handles the leap day: help ruled 29 Nov 2027 is due 29 Feb 2028', () => {
    expect(normClock('fitting_help', { rulingDate: '2027-11-29', metOn: '2028-02-29', today: '2028-03-01' }).state).toBe('met_on_time');
    expect(normClock('fitting_help', { rulingDate: '2027-11-29', metOn: '2028-03-01', today: '2028-03-01' })).toMatchObject({ state: 'met_late', daysLate: 1 });
    expect(normClock('fitting_help', { rulingDate: '2027-11-29', metOn: null, today: '2028-02-22' })).toMatchObject({ state: 'due_soon', daysLeft: 7 });
  });
});

describe('needsExplanation (comply or explain)', () => {
  const clock = (state: NormClock['state']): NormClock => ({ milestone: 'fitting_help', dueOn: '2026-06-02', state, metOn: null, daysLeft: null, daysLate: null });

  it('is true for overdue and met late, false otherwise', () => {
    expect(needsExplanation(clock('overdue'))).toBe(true);
    expect(needsExplanation(clock('met_late'))).toBe(true);
    expect(needsExplanation(clock('on_time'))).toBe(false);
    expect(needsExplanation(clock('due_soon'))).toBe(false);
    expect(needsExplanation(clock('met_on_time'))).toBe(false);
  });

  it('follows the clocks computed at the boundaries', () => {
    expect(needsExplanation(normClock('agreed_course', { rulingDate: RULING, metOn: '2026-04-13', today: '2026-05-01' }))).toBe(false);
    expect(needsExplanation(normClock('agreed_course', { rulingDate: RULING, metOn: '2026-04-14', today: '2026-05-01' }))).toBe(true);
    expect(needsExplanation(normClock('agreed_course', { rulingDate: RULING, today: '2026-04-13' }))).toBe(false);
    expect(needsExplanation(normClock('agreed_course', { rulingDate: RULING, today: '2026-04-14' }))).toBe(true);
  });
});

describe('normClocks', () => {
  it('returns the three clocks in milestone order', () => {
    const clocks = normClocks(RULING, { permanent_guardian: '2026-03-09' }, '2026-04-20');
    expect(clocks.map((c) => c.milestone)).toEqual(MILESTONES);
    expect(clocks).toEqual([
      { milestone: 'permanent_guardian', dueOn: '2026-03-09', state: 'met_on_time', metOn: '2026-03-09', daysLeft: null, daysLate: null },
      { milestone: 'agreed_course', dueOn: '2026-04-13', state: 'overdue', metOn: null, daysLeft: null, daysLate: 7 },
      { milestone: 'fitting_help', dueOn: '2026-06-02', state: 'on_time', metOn: null, daysLeft: 43, daysLate: null },
    ]);
  });

  it('passes settings and the urgent help date on', () => {
    const clocks = normClocks(RULING, { agreed_course: null }, '2026-03-10', { ...DEFAULT_NORM_SETTINGS, dueSoonDays: 0 }, { urgentHelpDueDate: '2026-03-20' });
    expect(clocks.map((c) => [c.state, c.dueOn])).toEqual([
      ['overdue', '2026-03-09'],
      ['on_time', '2026-04-13'],
      ['on_time', '2026-03-20'],
    ]);
  });
});

describe('milestoneProblems', () => {
  const today = '2026-05-01';

  it('accepts a milestone met on time, on the ruling date or today, without explanation', () => {
    expect(milestoneProblems('agreed_course', { rulingDate: RULING, metOn: '2026-04-13', today })).toEqual([]);
    expect(milestoneProblems('permanent_guardian', { rulingDate: RULING, metOn: RULING, today })).toEqual([]);
    expect(milestoneProblems('fitting_help', { rulingDate: RULING, metOn: today, today })).toEqual([]);
    expect(milestoneProblems('fitting_help', { rulingDate: RULING, metOn: null, today })).toEqual([]);
  });

  it('refuses a milestone met before the court ruling', () => {
    expect(milestoneProblems('permanent_guardian', { rulingDate: RULING, metOn: '2026-03-01', today })).toEqual([
      { field: 'metOn', message: 'metOn (2026-03-01) cannot be before the court ruling (2026-03-02)' },
    ]);
  });

  it('refuses a milestone met in the future', () => {
    expect(milestoneProblems('agreed_course', { rulingDate: RULING, metOn: '2026-05-02', today })).toEqual([
      { field: 'metOn', message: 'metOn (2026-05-02) cannot be in the future (today is 2026-05-01)' },
    ]);
  });

  it('requires an explanation for a milestone met late (comply or explain)', () => {
    const problems = milestoneProblems('agreed_course', { rulingDate: RULING, metOn: '2026-04-14', today });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('explanation');
    expect(problems[0]?.message).toContain('1 day(s) after the due date (2026-04-13)');
    expect(milestoneProblems('agreed_course', { rulingDate: RULING, metOn: '2026-04-14', today, explanation })).toEqual([]);
  });

  it('uses the settings and the urgent help date to decide what is late', () => {
    expect(milestoneProblems('fitting_help', { rulingDate: RULING, metOn: '2026-04-01', today, urgentHelpDueDate: '2026-03-16' })[0]?.field).toBe('explanation');
    expect(milestoneProblems('agreed_course', { rulingDate: RULING, metOn: '2026-04-01', today, settings: { ...DEFAULT_NORM_SETTINGS, courseWeeks: 4 } })[0]?.field).toBe('explanation');
  });

  it('does not require an explanation in the record for an open clock that is overdue (the dashboard flags it)', () => {
    expect(milestoneProblems('agreed_course', { rulingDate: RULING, metOn: null, today })).toEqual([]);
  });

  it('checks the explanation: a known reason and a text of at least 10 characters', () => {
    expect(milestoneProblems('agreed_course', { rulingDate: RULING, metOn: '2026-04-14', today, explanation: { reasonCode: 'other', text: '  te laat  ' } }).map((p) => p.field)).toEqual([
      'explanation.text',
    ]);
    expect(milestoneProblems('agreed_course', { rulingDate: RULING, metOn: '2026-04-14', today, explanation: { reasonCode: 'bad_luck', text: explanation.text } }).map((p) => p.field)).toEqual([
      'explanation.reasonCode',
    ]);
    // an explanation given when none is needed is still checked
    expect(milestoneProblems('agreed_course', { rulingDate: RULING, metOn: '2026-04-01', today, explanation: { reasonCode: 'other', text: '' } }).map((p) => p.field)).toEqual([
      'explanation.text',
    ]);
  });

  it('reports malformed dates instead of throwing', () => {
    expect(milestoneProblems('agreed_course', { rulingDate: '2026-02-30', metOn: '2026-13-01', today }).map((p) => p.field)).toEqual(['rulingDate', 'metOn']);
    expect(milestoneProblems('fitting_help', { rulingDate: RULING, today, urgentHelpDueDate: 'soon' }).map((p) => p.field)).toEqual(['urgentHelpDueDate']);
  });

  it('refuses an urgent help due date before the ruling', () => {
    expect(milestoneProblems('fitting_help', { rulingDate: RULING, today, urgentHelpDueDate: '2026-03-01' })).toEqual([
      { field: 'urgentHelpDueDate', message: 'urgentHelpDueDate (2026-03-01) cannot be before the court ruling (2026-03-02)' },
    ]);
  });
});

describe('normSettingsProblems', () => {
  it('accepts the defaults and stricter terms, refuses looser or fractional ones', () => {
    expect(normSettingsProblems(DEFAULT_NORM_SETTINGS)).toEqual([]);
    expect(normSettingsProblems({ guardianWorkingDays: 0, courseWeeks: 4, helpMonths: 1, dueSoonDays: 0 })).toEqual([]);
    expect(normSettingsProblems({ guardianWorkingDays: 6, courseWeeks: 7, helpMonths: 1.5, dueSoonDays: -1 }).map((p) => p.field)).toEqual([
      'guardianWorkingDays',
      'courseWeeks',
      'helpMonths',
      'dueSoonDays',
    ]);
  });
});
