import { describe, expect, it } from '@jest/globals';
import { DEFAULT_STATUS_THRESHOLDS, regionStatus, share, statusThresholdsProblems, suppressSmallCells } from './region-status.js';

const shares = (helpWithin3Months: number | null, courseWithin6Weeks: number | null, permanentGuardian: number | null) => ({
  helpWithin3Months,
  courseWithin6Weeks,
  permanentGuardian,
});

describe('regionStatus', () => {
  it('is red when fewer than 80% got fitting help within 3 months, and says why', () => {
    const result = regionStatus(shares(0.72, 0.95, 0.97));
    expect(result.status).toBe('red');
    expect(result.rule).toBe('rood: minder dan 80% kreeg binnen 3 maanden passende hulp (72%)');
    expect(result.verdicts).toEqual([
      { norm: 'helpWithin3Months', share: 0.72, status: 'red' },
      { norm: 'courseWithin6Weeks', share: 0.95, status: 'green' },
      { norm: 'permanentGuardian', share: 0.97, status: 'green' },
    ]);
  });

  it('is green only when every norm is green, and names them all', () => {
    expect(regionStatus(shares(0.95, 0.92, 1))).toMatchObject({
      status: 'green',
      rule:
        'groen: ten minste 90% kreeg binnen 3 maanden passende hulp (95%); ten minste 90% had binnen 6 weken een gedragen koers (92%); ten minste 90% had op tijd een vaste jeugdbeschermer (100%)',
    });
  });

  it('puts the boundaries in the better colour: 90% is green, 80% is amber, just under 80% is red', () => {
    expect(regionStatus(shares(0.9, 0.9, 0.9)).status).toBe('green');
    expect(regionStatus(shares(0.8, 0.9, 0.9)).status).toBe('amber');
    expect(regionStatus(shares(0.8999, 0.9, 0.9)).rule).toBe('oranje: minder dan 90% kreeg binnen 3 maanden passende hulp (89,9%)');
    const justUnder = regionStatus(shares(0.7999, 0.9, 0.9));
    expect(justUnder.status).toBe('red');
    expect(justUnder.rule).toBe('rood: minder dan 80% kreeg binnen 3 maanden passende hulp (79,9%)'); // never shown as "80%"
  });

  it('lets the worst norm decide and names every norm in that colour', () => {
    expect(regionStatus(shares(0.85, 0.5, 0.95)).rule).toBe('rood: minder dan 80% had binnen 6 weken een gedragen koers (50%)');
    expect(regionStatus(shares(0.6, 0.5, 0.85)).rule).toBe(
      'rood: minder dan 80% kreeg binnen 3 maanden passende hulp (60%); minder dan 80% had binnen 6 weken een gedragen koers (50%)',
    );
    expect(regionStatus(shares(0.95, 0.95, 0.85))).toMatchObject({ status: 'amber', rule: 'oranje: minder dan 90% had op tijd een vaste jeugdbeschermer (85%)' });
  });

  it('judges on the norms it can when a share is suppressed, and gives no status when none can be judged', () => {
    expect(regionStatus(shares(null, 0.95, 0.91))).toMatchObject({
      status: 'green',
      rule:
        'groen: ten minste 90% had binnen 6 weken een gedragen koers (95%); ten minste 90% had op tijd een vaste jeugdbeschermer (91%) (geen oordeel over passende hulp binnen 3 maanden: te weinig kinderen)',
    });
    expect(regionStatus(shares(null, null, null))).toMatchObject({ status: null, rule: 'geen oordeel: te weinig kinderen om de normen te beoordelen' });
  });

  it('uses a region’s own thresholds per norm', () => {
    const thresholds = { ...DEFAULT_STATUS_THRESHOLDS, permanentGuardian: { green: 0.95, amber: 0.875 } };
    expect(regionStatus(shares(0.95, 0.95, 0.9), thresholds)).toMatchObject({ status: 'amber', rule: 'oranje: minder dan 95% had op tijd een vaste jeugdbeschermer (90%)' });
    expect(regionStatus(shares(0.95, 0.95, 0.87), thresholds).rule).toBe('rood: minder dan 87,5% had op tijd een vaste jeugdbeschermer (87%)');
  });

  it('works on shares computed from counts', () => {
    const result = regionStatus({ helpWithin3Months: share(29, 40), courseWithin6Weeks: share(36, 40), permanentGuardian: share(3, 4) });
    expect(result.status).toBe('red');
    expect(result.rule).toBe('rood: minder dan 80% kreeg binnen 3 maanden passende hulp (72,5%) (geen oordeel over vaste jeugdbeschermer: te weinig kinderen)');
  });

  it('refuses a share outside 0..1', () => {
    expect(() => regionStatus(shares(1.2, 0.9, 0.9))).toThrow(RangeError);
    expect(() => regionStatus(shares(Number.NaN, 0.9, 0.9))).toThrow(RangeError);
  });
});

describe('statusThresholdsProblems', () => {
  it('accepts the defaults and refuses amber above green or shares outside 0..1', () => {
    expect(statusThresholdsProblems(DEFAULT_STATUS_THRESHOLDS)).toEqual([]);
    const bad = { ...DEFAULT_STATUS_THRESHOLDS, helpWithin3Months: { green: 0.8, amber: 0.9 }, permanentGuardian: { green: 1.1, amber: 0.8 } };
    expect(statusThresholdsProblems(bad).map((p) => p.field)).toEqual(['helpWithin3Months.amber', 'permanentGuardian.green']);
  });
});

describe('small cells', () => {
  it('suppresses counts under 5 children, zero included', () => {
    expect(suppressSmallCells(0)).toBeNull();
    expect(suppressSmallCells(4)).toBeNull();
    expect(suppressSmallCells(5)).toBe(5);
    expect(suppressSmallCells(812)).toBe(812);
    expect(suppressSmallCells(9, 10)).toBeNull();
    expect(() => suppressSmallCells(-1)).toThrow(RangeError);
    expect(() => suppressSmallCells(2.5)).toThrow(RangeError);
  });

  it('gives no share over fewer than 5 children, but does show a small numerator over a large group', () => {
    expect(share(3, 4)).toBeNull();
    expect(share(5, 5)).toBe(1);
    expect(share(0, 40)).toBe(0);
    expect(share(36, 40)).toBe(0.9);
    expect(share(0, 0, 0)).toBeNull();
    expect(share(7, 9, 10)).toBeNull();
    expect(() => share(6, 5)).toThrow(RangeError);
    expect(() => share(-1, 5)).toThrow(RangeError);
  });
});
