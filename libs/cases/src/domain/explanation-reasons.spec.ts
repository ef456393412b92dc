import { describe, expect, it } from '@jest/globals';
import { EXPLANATION_REASON_CODES, EXPLANATION_REASONS, explanationProblems, explanationReasonLabel, isExplanationReasonCode } from './explanation-reasons.js';

describe('explanation reasons (comply or explain)', () => {
  it('has the agreed codes, each once, each with a Dutch label', () => {
    expect(EXPLANATION_REASON_CODES).toEqual([
      'no_fitting_offer_available',
      'waiting_list',
      'family_not_ready',
      'court_procedure',
      'no_permanent_guardian_capacity',
      'transfer_between_institutions',
      'child_unreachable',
      'safety_first',
      'other',
    ]);
    expect(new Set(EXPLANATION_REASON_CODES).size).toBe(EXPLANATION_REASONS.length);
    for (const r of EXPLANATION_REASONS) expect(r.label.length).toBeGreaterThan(5);
    expect(explanationReasonLabel('waiting_list')).toBe('Wachtlijst bij aanbieder');
    expect(explanationReasonLabel('no_such_reason')).toBeUndefined();
  });

  it('recognises codes exactly', () => {
    expect(isExplanationReasonCode('safety_first')).toBe(true);
    expect(isExplanationReasonCode('Safety_First')).toBe(false);
    expect(isExplanationReasonCode('')).toBe(false);
    expect(isExplanationReasonCode(undefined)).toBe(false);
  });
});

describe('explanationProblems', () => {
  it('accepts a known reason with a text of at least 10 characters', () => {
    expect(explanationProblems({ reasonCode: 'other', text: 'Moeder lag twee weken in het ziekenhuis.' })).toEqual([]);
    expect(explanationProblems({ reasonCode: 'court_procedure', text: '1234567890' })).toEqual([]);
  });

  it('refuses an unknown reason and a text that says nothing, not counting spaces at the ends', () => {
    expect(explanationProblems({ reasonCode: 'bad_luck', text: '   123456789   ' }).map((p) => p.field)).toEqual(['explanation.reasonCode', 'explanation.text']);
  });

  it('refuses a text longer than 4000 characters and names fields under a prefix', () => {
    expect(explanationProblems({ reasonCode: 'other', text: 'x'.repeat(4001) }, 'milestones[1].explanation.')).toEqual([
      { field: 'milestones[1].explanation.text', message: 'text must be at most 4000 characters' },
    ]);
  });
});
