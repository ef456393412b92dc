import { describe, expect, it } from '@jest/globals';
import {
  categoryFigures,
  countCell,
  dashboardFigures,
  emptyGroupCounts,
  monthFigure,
  normWindowFigure,
  statusFigure,
  timeToHelpFigure,
  type GroupCounts,
  type NormFigures,
} from './figures.js';

const SHARES = { greenShare: 0.9, amberShare: 0.8 };

describe('small cells', () => {
  it.each([
    [0, null],
    [1, null],
    [4, null],
    [5, 5],
    [40, 40],
  ])('shows a count of %i children as %p', (n, shown) => {
    expect(countCell({ count: n, children: n })).toBe(shown);
  });

  it('holds back a count of measures when fewer than 5 children are behind it', () => {
    expect(countCell({ count: 6, children: 4 })).toBeNull();
    expect(countCell({ count: 6, children: 5 })).toBe(6);
  });

  it('shows no share over fewer than 5 children, and shows a small numerator over a large group', () => {
    expect(normWindowFigure({ measuresDue: 4, childrenDue: 4, metInTime: 4 })).toEqual({ share: null, measuresDue: null });
    expect(normWindowFigure({ measuresDue: 6, childrenDue: 4, metInTime: 6 })).toEqual({ share: null, measuresDue: null });
    expect(normWindowFigure({ measuresDue: 40, childrenDue: 40, metInTime: 0 })).toEqual({ share: 0, measuresDue: 40 });
    expect(normWindowFigure({ measuresDue: 8, childrenDue: 8, metInTime: 6 })).toEqual({ share: 0.75, measuresDue: 8 });
  });

  it('shows no median or p90 over fewer than 5 children, and rounds them to a tenth of a day', () => {
    expect(timeToHelpFigure({ children: 4, median: 60, p90: 90 })).toEqual({ medianDays: null, p90Days: null, children: null });
    expect(timeToHelpFigure({ children: 0, median: null, p90: null })).toEqual({ medianDays: null, p90Days: null, children: null });
    expect(timeToHelpFigure({ children: 5, median: 61.5, p90: 99.60000000000001 })).toEqual({ medianDays: 61.5, p90Days: 99.6, children: 5 });
  });
});

function norms(help: number | null, course: number | null, guardian: number | null) {
  const f = (share: number | null): NormFigures => ({
    last3Months: { share, measuresDue: share === null ? null : 10 },
    last6Months: { share: null, measuresDue: null },
    last12Months: { share: null, measuresDue: null },
  });
  return { helpWithin3Months: f(help), courseWithin6Weeks: f(course), permanentGuardian: f(guardian) };
}

describe('statusFigure', () => {
  it('judges the last 3 months with the configured thresholds; the worst norm decides and the rule says why', () => {
    const red = statusFigure(norms(0.7, 0.95, 0.85), SHARES);
    expect(red).toMatchObject({ colour: 'red', window: 'last3Months', greenShare: 0.9, amberShare: 0.8 });
    expect(red.rule).toBe('rood: minder dan 80% kreeg binnen 3 maanden passende hulp (70%)');
    expect(red.verdicts).toEqual([
      { norm: 'helpWithin3Months', share: 0.7, colour: 'red' },
      { norm: 'courseWithin6Weeks', share: 0.95, colour: 'green' },
      { norm: 'permanentGuardian', share: 0.85, colour: 'amber' },
    ]);
  });

  it('uses thresholds from config', () => {
    expect(statusFigure(norms(0.7, 0.7, 0.7), { greenShare: 0.7, amberShare: 0.5 }).colour).toBe('green');
    expect(statusFigure(norms(0.85, 0.95, 0.95), { greenShare: 0.95, amberShare: 0.9 }).rule).toBe('rood: minder dan 90% kreeg binnen 3 maanden passende hulp (85%)');
  });

  it('names the norms it could not judge, and gives no colour when none could be judged', () => {
    const partly = statusFigure(norms(0.95, null, 0.92), SHARES);
    expect(partly.colour).toBe('green');
    expect(partly.rule).toContain('geen oordeel over gedragen koers binnen 6 weken: te weinig kinderen');
    const none = statusFigure(norms(null, null, null), SHARES);
    expect(none).toMatchObject({ colour: null, rule: 'geen oordeel: te weinig kinderen om de normen te beoordelen' });
  });
});

describe('dashboardFigures', () => {
  it('suppresses everything of a group without measures', () => {
    const f = dashboardFigures(emptyGroupCounts(), SHARES);
    expect(f.childrenWithOpenMeasure).toBeNull();
    expect(f.waiting).toEqual({ permanentGuardian: null, agreedCourse: null, fittingHelp: null });
    expect(f.norms.helpWithin3Months.last12Months).toEqual({ share: null, measuresDue: null });
    expect(f.timeToHelp).toEqual({ medianDays: null, p90Days: null, children: null });
    expect(f.status.colour).toBeNull();
  });

  it('turns counts into figures: counts of 5 and more shown, fewer suppressed', () => {
    const counts: GroupCounts = emptyGroupCounts();
    counts.openChildren = 12;
    counts.waiting = { permanentGuardian: 3, agreedCourse: 5, fittingHelp: 9 };
    counts.norms.helpWithin3Months.last3Months = { measuresDue: 10, childrenDue: 10, metInTime: 9 };
    counts.norms.courseWithin6Weeks.last3Months = { measuresDue: 10, childrenDue: 10, metInTime: 10 };
    counts.norms.permanentGuardian.last3Months = { measuresDue: 3, childrenDue: 3, metInTime: 0 };
    counts.timeToHelp = { children: 6, median: 70, p90: 95 };
    const f = dashboardFigures(counts, SHARES);
    expect(f.childrenWithOpenMeasure).toBe(12);
    expect(f.waiting).toEqual({ permanentGuardian: null, agreedCourse: 5, fittingHelp: 9 });
    expect(f.norms.helpWithin3Months.last3Months).toEqual({ share: 0.9, measuresDue: 10 });
    expect(f.norms.permanentGuardian.last3Months).toEqual({ share: null, measuresDue: null });
    expect(f.timeToHelp).toEqual({ medianDays: 70, p90Days: 95, children: 6 });
    expect(f.status.colour).toBe('green');
    expect(f.status.rule).toBe('groen: ten minste 90% kreeg binnen 3 maanden passende hulp (90%); ten minste 90% had binnen 6 weken een gedragen koers (100%) (geen oordeel over vaste jeugdbeschermer: te weinig kinderen)');
  });
});

describe('monthFigure', () => {
  it('suppresses the small cells of a month', () => {
    expect(
      monthFigure('2026-02', { newMeasures: { count: 7, children: 7 }, helpStarted: { count: 2, children: 2 }, helpDue: { measuresDue: 6, childrenDue: 6, metInTime: 3 } }),
    ).toEqual({ month: '2026-02', newMeasures: 7, helpStarted: null, helpWithin3Months: { share: 0.5, measuresDue: 6 } });
  });
});

describe('categoryFigures', () => {
  const categories = [
    { code: '43', name: 'Jeugdhulp verblijf (incl. behandeling)' },
    { code: '45', name: 'Jeugdhulp ambulant' },
    { code: '46', name: 'Jeugdhulp crisis' },
  ];

  it('lists every current category, waiting or not, and suppresses counts under 5', () => {
    expect(categoryFigures(new Map([['45', 7], ['43', 2]]), categories)).toEqual([
      { categoryCode: '43', name: 'Jeugdhulp verblijf (incl. behandeling)', children: null },
      { categoryCode: '45', name: 'Jeugdhulp ambulant', children: 7 },
      { categoryCode: '46', name: 'Jeugdhulp crisis', children: null },
    ]);
  });

  it('adds a code outside the list only when 5 or more children wait for it', () => {
    const figures = categoryFigures(new Map([['35', 6], ['36', 1]]), categories);
    expect(figures.map((f) => f.categoryCode)).toEqual(['43', '45', '46', '35']);
    expect(figures.at(-1)).toEqual({ categoryCode: '35', name: null, children: 6 });
  });
});
