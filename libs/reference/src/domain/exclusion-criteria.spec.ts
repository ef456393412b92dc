import { describe, expect, it } from '@jest/globals';
import { EXCLUSION_CODES, exclusionCodeOf, exclusionTextNl, isExclusionCode } from './exclusion-criteria.js';

describe('exclusion criteria vocabulary', () => {
  it('maps the seed texts to their codes, ignoring case and spacing', () => {
    expect(exclusionCodeOf('acute suïcidaliteit')).toBe('acute_suicidality');
    expect(exclusionCodeOf('  IQ  onder 50 ')).toBe('iq_below_50');
    expect(exclusionCodeOf('Zedendelict in de voorgeschiedenis')).toBe('sexual_offence_history');
  });

  it('gives undefined for a text it does not know', () => {
    expect(exclusionCodeOf('geen huisdieren')).toBeUndefined();
    expect(exclusionCodeOf('')).toBeUndefined();
  });

  it('round-trips every code through its text', () => {
    for (const code of EXCLUSION_CODES) expect(exclusionCodeOf(exclusionTextNl(code))).toBe(code);
    expect(new Set(EXCLUSION_CODES).size).toBe(8);
    expect(isExclusionCode('arson_history')).toBe(true);
    expect(isExclusionCode('arson')).toBe(false);
  });
});
