import { describe, expect, it } from '@jest/globals';
import { redactorFor } from './case-directory.js';

describe('redacting a child\'s names from free text', () => {
  const redact = redactorFor(['Sem', 'Noa', 'van der Berg', 'Berg']);
  it('replaces whole names in any case, the longest first', () => {
    expect(redact('Sem wil bij oma wonen; SEM en noa zijn broer en zus. Familie van der Berg.')).toBe('[naam] wil bij oma wonen; [naam] en [naam] zijn broer en zus. Familie [naam].');
  });
  it('leaves words that only contain a name alone', () => {
    expect(redact('Semester, Bergen op Zoom, Noach')).toBe('Semester, Bergen op Zoom, Noach');
  });
  it('handles letters with accents as letters', () => {
    expect(redactorFor(['Zoë'])('Zoë zegt: zoëtrope')).toBe('[naam] zegt: zoëtrope');
  });
  it('changes nothing without names, and escapes what looks like a pattern', () => {
    expect(redactorFor([])('Sem')).toBe('Sem');
    expect(redactorFor(['A.B'])('A.B en AxB')).toBe('[naam] en AxB');
  });
});
