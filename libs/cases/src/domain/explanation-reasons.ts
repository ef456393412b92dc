import type { FieldProblem } from '@passend/platform/domain';

/**
 * Comply or explain (inspection norms, Oct 2020): a missed norm term is allowed only with a
 * recorded explanation. The explanation has a reason from this code list, so regions and the
 * inspection can count why terms are missed, and a free text that says what happened for this
 * child. English codes in code and data, Dutch labels in the UI.
 */
export const EXPLANATION_REASONS = [
  { code: 'no_fitting_offer_available', label: 'Geen passend aanbod beschikbaar' },
  { code: 'waiting_list', label: 'Wachtlijst bij aanbieder' },
  { code: 'family_not_ready', label: 'Gezin nog niet toe aan hulp of koers' },
  { code: 'court_procedure', label: 'Gerechtelijke procedure loopt' },
  { code: 'no_permanent_guardian_capacity', label: 'Geen vaste jeugdbeschermer beschikbaar (caseload)' },
  { code: 'transfer_between_institutions', label: "Overdracht tussen gecertificeerde instellingen (GI's)" },
  { code: 'child_unreachable', label: 'Jeugdige of gezin niet bereikbaar' },
  { code: 'safety_first', label: 'Eerst veiligheid (acute crisis)' },
  { code: 'other', label: 'Anders (toelichting verplicht)' },
] as const satisfies readonly ExplanationReason[];

export interface ExplanationReason {
  code: string;
  /** Dutch, for the UI */
  label: string;
}

export type ExplanationReasonCode = (typeof EXPLANATION_REASONS)[number]['code'];

export const EXPLANATION_REASON_CODES: readonly ExplanationReasonCode[] = EXPLANATION_REASONS.map((r) => r.code);

/** Why a norm term was missed, as a guardian records it (unvalidated input: `reasonCode` is any string). */
export interface Explanation {
  reasonCode: string;
  text: string;
}

/** The text says what happened for this child: at least a short sentence, at most a page. */
export const EXPLANATION_TEXT_MIN_LENGTH = 10;
export const EXPLANATION_TEXT_MAX_LENGTH = 4000;

export function isExplanationReasonCode(s: unknown): s is ExplanationReasonCode {
  return typeof s === 'string' && (EXPLANATION_REASON_CODES as readonly string[]).includes(s);
}

/** The Dutch label of a reason code, or undefined for an unknown code. */
export function explanationReasonLabel(code: string): string | undefined {
  return EXPLANATION_REASONS.find((r) => r.code === code)?.label;
}

/**
 * Checks an explanation: a known reason code and a text of 10 to 4000 characters (spaces at the
 * ends not counted). Fields are named under `prefix` (default 'explanation.').
 */
export function explanationProblems(explanation: Explanation, prefix = 'explanation.'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isExplanationReasonCode(explanation.reasonCode)) {
    problems.push({ field: `${prefix}reasonCode`, message: `reasonCode must be one of: ${EXPLANATION_REASON_CODES.join(', ')}` });
  }
  const text = typeof explanation.text === 'string' ? explanation.text.trim() : '';
  if (text.length < EXPLANATION_TEXT_MIN_LENGTH) {
    problems.push({ field: `${prefix}text`, message: `text must explain what happened in at least ${EXPLANATION_TEXT_MIN_LENGTH} characters` });
  } else if (text.length > EXPLANATION_TEXT_MAX_LENGTH) {
    problems.push({ field: `${prefix}text`, message: `text must be at most ${EXPLANATION_TEXT_MAX_LENGTH} characters` });
  }
  return problems;
}
