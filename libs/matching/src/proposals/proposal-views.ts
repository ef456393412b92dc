import type { PseudonymisedProfile, ProposalState, StoredOption } from '../domain/index.js';
import type { OptionView, ProposalResponse, ProviderProposalResponse } from './proposal.dto.js';

/** The columns of a StoredProposal (dates as text, as the views want them). */
export const PROPOSAL_COLUMNS = `id, run_id, measure_id, need_id, institution_id, home_region_code, category_code, urgency, offering_id, provider_id, offering_region_code,
  source, state, fit_score, fit_rank, best_option_rank, explanation, alternatives, profile, ineligible_reasons, overrule_reason, passed_over_reason,
  referral_id, expected_start::text, hold_id, hold_expires_at, planned_start::text, started_on::text, decline_reason_code, created_at, offered_at, answered_at, closed_at, version`;

/** A proposal row as read from matching.proposal (dates as text). */
export interface StoredProposal {
  id: string;
  run_id: string | null;
  measure_id: string;
  need_id: string;
  institution_id: string;
  home_region_code: string;
  category_code: string;
  urgency: string;
  offering_id: string;
  provider_id: string;
  offering_region_code: string;
  source: string;
  state: ProposalState;
  fit_score: number | null;
  fit_rank: number | null;
  best_option_rank: number | null;
  explanation: StoredOption;
  alternatives: StoredOption[];
  profile: PseudonymisedProfile;
  ineligible_reasons: string[];
  overrule_reason: string | null;
  passed_over_reason: string | null;
  referral_id: string | null;
  expected_start: string;
  hold_id: string | null;
  hold_expires_at: Date | null;
  planned_start: string | null;
  started_on: string | null;
  decline_reason_code: string | null;
  created_at: Date;
  offered_at: Date | null;
  answered_at: Date | null;
  closed_at: Date | null;
  version: number;
}

const option = (o: StoredOption): OptionView => ({
  offeringId: o.offeringId,
  providerId: o.providerId,
  fitScore: o.fitScore,
  fitRank: o.fitRank,
  distanceKm: o.distanceKm,
  outsideOwnRegion: o.outsideOwnRegion,
  flags: o.flags,
  factors: o.factors,
});

export function toProposalResponse(p: StoredProposal): ProposalResponse {
  return {
    proposalId: p.id,
    measureId: p.measure_id,
    needId: p.need_id,
    offeringId: p.offering_id,
    providerId: p.provider_id,
    state: p.state,
    source: p.source,
    fitScore: p.fit_score,
    bestOptionRank: p.best_option_rank,
    explanation: option(p.explanation),
    alternatives: p.alternatives.map(option),
    ineligibleReasons: p.ineligible_reasons,
    overruleReason: p.overrule_reason,
    passedOverReason: p.passed_over_reason,
    referralId: p.referral_id,
    expectedStart: p.expected_start,
    holdExpiresAt: p.hold_expires_at?.toISOString() ?? null,
    plannedStart: p.planned_start,
    startedOn: p.started_on,
    declineReasonCode: p.decline_reason_code,
    createdAt: p.created_at.toISOString(),
    version: p.version,
  };
}

export function toProviderProposalResponse(p: StoredProposal): ProviderProposalResponse {
  return {
    proposalId: p.id,
    offeringId: p.offering_id,
    state: p.state,
    profile: { ...p.profile },
    fitScore: p.fit_score,
    offeredAt: p.offered_at?.toISOString() ?? null,
    holdExpiresAt: p.hold_expires_at?.toISOString() ?? null,
    plannedStart: p.planned_start,
    declineReasonCode: p.decline_reason_code,
  };
}
