import { describe, expect, it } from '@jest/globals';
import { freshnessOf } from './freshness.js';

const at = (iso: string) => new Date(iso);

describe('freshness of capacity', () => {
  it('is "today" on the same Amsterdam calendar day, even across UTC midnight', () => {
    // 23:30 UTC on 28 Nov is 00:30 on 29 Nov in Amsterdam (CET, UTC+1)
    expect(freshnessOf(at('2026-11-28T23:30:00Z'), at('2026-11-29T10:00:00Z'))).toBe('today');
    expect(freshnessOf(at('2026-11-28T22:30:00Z'), at('2026-11-28T23:10:00Z'))).toBe('this_week');
  });

  it('is "this week" up to six days, "older" up to 13, "stale" from 14 days', () => {
    const now = at('2026-11-28T12:00:00Z');
    expect(freshnessOf(at('2026-11-22T12:00:00Z'), now)).toBe('this_week');
    expect(freshnessOf(at('2026-11-21T12:00:00Z'), now)).toBe('older');
    expect(freshnessOf(at('2026-11-15T12:00:00Z'), now)).toBe('older');
    expect(freshnessOf(at('2026-11-14T12:00:00Z'), now)).toBe('stale');
  });

  it('counts calendar days across the end of summer time', () => {
    // 25 Oct 2026 is the last Sunday of October: clocks go back in Amsterdam
    expect(freshnessOf(at('2026-10-24T22:30:00Z'), at('2026-10-25T23:30:00Z'))).toBe('this_week');
    expect(freshnessOf(at('2026-10-18T10:00:00Z'), at('2026-11-01T10:00:00Z'))).toBe('stale');
  });
});
