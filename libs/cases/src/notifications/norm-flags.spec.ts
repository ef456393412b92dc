import { describe, expect, it } from '@jest/globals';
import { addDays } from '../domain/local-date.js';
import { DEFAULT_NORM_SETTINGS, dueDate } from '../domain/norm-clock.js';
import { normFlags, type MeasureClockFacts } from './norm-flags.js';

const ruling = '2026-01-05'; // a Monday; guardian due 2026-01-12, course 2026-02-16, help 2026-04-05
const open = (overrides: Partial<MeasureClockFacts> = {}): MeasureClockFacts => ({ rulingDate: ruling, urgentHelpDueOn: null, metOn: {}, ...overrides });

describe('normFlags', () => {
  it('flags nothing while every clock has more than dueSoonDays left', () => {
    expect(normFlags(open(), '2026-01-04')).toEqual([]);
  });

  it('flags a clock due within dueSoonDays, the due date itself included, as due_soon', () => {
    const guardianDue = dueDate('permanent_guardian', ruling);
    expect(guardianDue).toBe('2026-01-12');
    expect(normFlags(open(), ruling)).toEqual([{ milestone: 'permanent_guardian', kind: 'due_soon', dueOn: guardianDue }]);
    expect(normFlags(open(), guardianDue)).toEqual([{ milestone: 'permanent_guardian', kind: 'due_soon', dueOn: guardianDue }]);
  });

  it('counts dueSoonDays exactly: 7 days left is due soon, 8 is not', () => {
    const courseDue = dueDate('agreed_course', ruling);
    const metOn = { permanent_guardian: ruling };
    expect(normFlags(open({ metOn }), addDays(courseDue, -7))).toEqual([{ milestone: 'agreed_course', kind: 'due_soon', dueOn: courseDue }]);
    expect(normFlags(open({ metOn }), addDays(courseDue, -8))).toEqual([]);
  });

  it('flags an open clock past its due date as overdue, each clock on its own', () => {
    const today = addDays(dueDate('agreed_course', ruling), 1);
    expect(normFlags(open(), today)).toEqual([
      { milestone: 'permanent_guardian', kind: 'overdue', dueOn: '2026-01-12' },
      { milestone: 'agreed_course', kind: 'overdue', dueOn: '2026-02-16' },
    ]);
  });

  it('never flags a met milestone, on time or late', () => {
    const today = '2026-05-01';
    expect(normFlags(open({ metOn: { permanent_guardian: '2026-01-06', agreed_course: '2026-03-01', fitting_help: '2026-04-30' } }), today)).toEqual([]);
    expect(normFlags(open({ metOn: { permanent_guardian: '2026-01-06', agreed_course: '2026-02-10' } }), today)).toEqual([
      { milestone: 'fitting_help', kind: 'overdue', dueOn: '2026-04-05' },
    ]);
  });

  it('uses an urgent help due date when it is sooner than the 3-month term', () => {
    const metOn = { permanent_guardian: ruling, agreed_course: ruling };
    expect(normFlags(open({ metOn, urgentHelpDueOn: '2026-01-20' }), '2026-01-15')).toEqual([{ milestone: 'fitting_help', kind: 'due_soon', dueOn: '2026-01-20' }]);
    expect(normFlags(open({ metOn, urgentHelpDueOn: '2026-01-20' }), '2026-01-21')).toEqual([{ milestone: 'fitting_help', kind: 'overdue', dueOn: '2026-01-20' }]);
  });

  it('follows the settings', () => {
    const settings = { ...DEFAULT_NORM_SETTINGS, dueSoonDays: 0 };
    expect(normFlags(open(), '2026-01-11', settings)).toEqual([]);
    expect(normFlags(open(), '2026-01-12', settings)).toEqual([{ milestone: 'permanent_guardian', kind: 'due_soon', dueOn: '2026-01-12' }]);
  });
});
