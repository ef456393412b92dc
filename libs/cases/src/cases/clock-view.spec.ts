import { describe, expect, it } from '@jest/globals';
import { clockView } from './clock-view.js';

describe('clockView', () => {
  const measure = { rulingDate: '2025-01-06', urgentHelpDueOn: null };

  it('shows the three clocks in order, open ones running', () => {
    const clocks = clockView(measure, {}, '2025-01-07');
    expect(clocks.map((c) => c.milestone)).toEqual(['permanent_guardian', 'agreed_course', 'fitting_help']);
    expect(clocks.every((c) => c.metOn === null && !c.explanationNeeded && !c.explanationRecorded)).toBe(true);
    expect(clocks[2]).toMatchObject({ dueOn: '2025-04-06', state: 'on_time' });
  });

  it('flags comply or explain for late and overdue clocks, and whether an explanation is on record', () => {
    const clocks = clockView(measure, { agreed_course: { metOn: '2025-03-03', explained: true } }, '2025-05-01');
    const [guardian, course, help] = clocks;
    expect(guardian).toMatchObject({ state: 'overdue', explanationNeeded: true, explanationRecorded: false });
    expect(course).toMatchObject({ state: 'met_late', metOn: '2025-03-03', explanationNeeded: true, explanationRecorded: true });
    expect(help).toMatchObject({ state: 'overdue', explanationNeeded: true });
  });

  it('uses an urgent help due date when it comes before the 3-month term', () => {
    const clocks = clockView({ rulingDate: '2025-01-06', urgentHelpDueOn: '2025-01-20' }, {}, '2025-01-07');
    expect(clocks[2]).toMatchObject({ dueOn: '2025-01-20', state: 'on_time' });
  });
});
