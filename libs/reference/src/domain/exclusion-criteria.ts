/**
 * Exclusion criteria: circumstances of a child for which an offering may refuse it. Offerings
 * state them as Dutch texts (as providers write them); cases record a child's circumstances as
 * codes. Matching compares the two through this list: a child with circumstance `c` is excluded
 * by an offering whose criteria contain a text that maps to `c`.
 */
export const EXCLUSION_CRITERIA = [
  { code: 'acute_suicidality', textNl: 'acute suïcidaliteit' },
  { code: 'active_psychosis', textNl: 'actieve psychose' },
  { code: 'severe_addiction', textNl: 'ernstige verslavingsproblematiek' },
  { code: 'severe_physical_aggression', textNl: 'zwaar fysiek agressief gedrag' },
  { code: 'iq_below_50', textNl: 'IQ onder 50' },
  { code: 'intensive_medical_care', textNl: 'intensieve medische zorg nodig' },
  { code: 'arson_history', textNl: 'brandstichting in de voorgeschiedenis' },
  { code: 'sexual_offence_history', textNl: 'zedendelict in de voorgeschiedenis' },
] as const;

export type ExclusionCode = (typeof EXCLUSION_CRITERIA)[number]['code'];

export const EXCLUSION_CODES: readonly ExclusionCode[] = EXCLUSION_CRITERIA.map((c) => c.code);

const normalise = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
const CODE_BY_TEXT = new Map<string, ExclusionCode>(EXCLUSION_CRITERIA.map((c) => [normalise(c.textNl), c.code]));

/** The code of an exclusion criterion's text (case and surrounding white space ignored); unknown texts give undefined. */
export function exclusionCodeOf(text: string): ExclusionCode | undefined {
  return CODE_BY_TEXT.get(normalise(text));
}

export function isExclusionCode(code: string): code is ExclusionCode {
  return (EXCLUSION_CODES as readonly string[]).includes(code);
}

export function exclusionTextNl(code: ExclusionCode): string {
  return EXCLUSION_CRITERIA.find((c) => c.code === code)!.textNl;
}
