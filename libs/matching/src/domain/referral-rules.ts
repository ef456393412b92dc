import type { MatchChild } from './model.js';
import type { ChildPlan } from './plan.js';

/**
 * When a case goes to an expert table. The rules come from config (a region can switch them);
 * each referral records which rules fired, so the table sees why the case is on its queue.
 */
export type ReferralReason = 'several_kinds_of_help' | 'placements_broke_down' | 'no_eligible_offering_in_region' | 'secure_care' | 'guardian_asks';

export const REFERRAL_REASONS: readonly ReferralReason[] = ['several_kinds_of_help', 'placements_broke_down', 'no_eligible_offering_in_region', 'secure_care', 'guardian_asks'];

export const REFERRAL_REASON_LABELS_NL: Readonly<Record<ReferralReason, string>> = {
  several_kinds_of_help: 'meerdere vormen van hulp nodig',
  placements_broke_down: 'eerdere plaatsingen zijn afgebroken',
  no_eligible_offering_in_region: 'geen passend aanbod in de eigen regio',
  secure_care: 'gesloten jeugdzorg',
  guardian_asks: 'op verzoek van de jeugdbeschermer',
};

export interface ReferralRules {
  /** the rules that refer automatically (guardian_asks is always possible by hand) */
  enabled: readonly Exclude<ReferralReason, 'guardian_asks'>[];
  /** broken placements from which a case is referred */
  brokenPlacementsThreshold: number;
}

export const DEFAULT_REFERRAL_RULES: ReferralRules = Object.freeze({
  enabled: ['several_kinds_of_help', 'placements_broke_down', 'no_eligible_offering_in_region', 'secure_care'] as const,
  brokenPlacementsThreshold: 1,
});

/** The rules a child's situation and plan meet; empty: the guardian goes ahead without a table. */
export function referralReasons(child: MatchChild, plan: Pick<ChildPlan, 'proposal' | 'alternatives'>, rules: ReferralRules = DEFAULT_REFERRAL_RULES): ReferralReason[] {
  const fired: ReferralReason[] = [];
  const on = (r: Exclude<ReferralReason, 'guardian_asks'>) => rules.enabled.includes(r);
  if (on('several_kinds_of_help') && child.otherOpenNeeds > 0) fired.push('several_kinds_of_help');
  if (on('placements_broke_down') && child.brokenPlacements >= rules.brokenPlacementsThreshold) fired.push('placements_broke_down');
  const options = [...(plan.proposal ? [plan.proposal] : []), ...plan.alternatives];
  if (on('no_eligible_offering_in_region') && !options.some((o) => !o.outsideOwnRegion)) fired.push('no_eligible_offering_in_region');
  if (on('secure_care') && (child.secureAuthorisation !== null || child.settingConstraints.includes('secure_residential'))) fired.push('secure_care');
  return fired;
}
