import { describe, expect, it } from '@jest/globals';
import { DEFAULT_NORM_SETTINGS, dueDate } from '../domain/norm-clock.js';
import { normSettingsOf } from './norm-settings.js';

describe('the norm settings of a deployment', () => {
  it('takes the guardian term from config and keeps the legal terms', () => {
    const settings = normSettingsOf({ norms: { guardianWorkingDays: 2 } });
    expect(settings).toEqual({ ...DEFAULT_NORM_SETTINGS, guardianWorkingDays: 2 });
    // ruling on Friday 2026-11-27: two working days later is Tuesday 1 December
    expect(dueDate('permanent_guardian', '2026-11-27', settings)).toBe('2026-12-01');
  });

  it('falls back to five working days', () => {
    expect(normSettingsOf({}).guardianWorkingDays).toBe(5);
  });
});
