/**
 * The closed loop of a proposal: proposed → (expert-table review when referred) → offered to
 * the provider with a hold on one free place → accepted (placement planned) / declined (the
 * child goes back into matching) / expired (hold released, child back in matching) → started
 * (the case's fitting-help milestone is met). A proposal can be withdrawn before it starts
 * (superseded by a newer run, the guardian chose another, the capacity dropped).
 */
export type ProposalState = 'proposed' | 'in_review' | 'offered' | 'accepted' | 'declined' | 'expired' | 'withdrawn' | 'started';

export const PROPOSAL_STATES: readonly ProposalState[] = ['proposed', 'in_review', 'offered', 'accepted', 'declined', 'expired', 'withdrawn', 'started'];

/** States in which a proposal still counts for its need: at most one per need at a time. */
export const ACTIVE_PROPOSAL_STATES: readonly ProposalState[] = ['proposed', 'in_review', 'offered', 'accepted'];

export type ProposalTransition = 'refer' | 'offer' | 'accept' | 'decline' | 'expire' | 'withdraw' | 'start';

const TRANSITIONS: Readonly<Record<ProposalTransition, { from: readonly ProposalState[]; to: ProposalState }>> = {
  refer: { from: ['proposed'], to: 'in_review' },
  offer: { from: ['proposed', 'in_review'], to: 'offered' },
  accept: { from: ['offered'], to: 'accepted' },
  decline: { from: ['offered'], to: 'declined' },
  expire: { from: ['offered'], to: 'expired' },
  withdraw: { from: ['proposed', 'in_review', 'offered', 'accepted'], to: 'withdrawn' },
  start: { from: ['accepted'], to: 'started' },
};

export function nextState(current: ProposalState, transition: ProposalTransition): ProposalState | undefined {
  const t = TRANSITIONS[transition];
  return t.from.includes(current) ? t.to : undefined;
}

export function statesAllowing(transition: ProposalTransition): readonly ProposalState[] {
  return TRANSITIONS[transition].from;
}

/** Where a proposal came from. */
export type ProposalSource = 'solver' | 'guardian' | 'expert_table';

/**
 * Why a provider declines: the iJw WJ759 list (reden afwijzing verzoek, codes 1-9), plus
 * Passend's own codes for what WJ759 has no word for — above all "no place after all", which
 * feeds the capacity-honesty flag.
 */
export const PASSEND_DECLINE_REASONS: Readonly<Record<string, string>> = {
  P1: 'Geen plek beschikbaar (capaciteit klopt niet)',
  P2: 'Past niet in de huidige groep',
  P3: 'Intake: zorgvraag past niet bij het aanbod',
  P4: 'Wachtlijst: start pas later mogelijk',
};

/** The decline reason that says the declared capacity did not hold. */
export const CAPACITY_DECLINE_REASON = 'P1';

/** Why the guardian did not take a better-ranked option (recorded with the chosen rank). */
export const PASSED_OVER_REASONS = ['family_preference', 'child_preference', 'professional_judgement', 'continuity', 'travel', 'waiting_time', 'no_contract', 'other'] as const;
export type PassedOverReason = (typeof PASSED_OVER_REASONS)[number];

/** Why an ineligible offering is proposed anyway (the hard rule it breaks is overruled by a person). */
export const OVERRULE_REASONS = ['no_alternative', 'family_preference', 'professional_judgement', 'court_order', 'other'] as const;
export type OverruleReason = (typeof OVERRULE_REASONS)[number];
