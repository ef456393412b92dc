import { ConfigError, type PassendConfig } from '@passend/platform';
import {
  DEFAULT_FIT_WEIGHTS,
  DEFAULT_REFERRAL_RULES,
  fitWeightsProblems,
  REFERRAL_REASONS,
  type FitWeights,
  type ReferralRules,
} from './domain/index.js';

/**
 * Matching's settings, from the validated config: the fit weights, the referral rules and the
 * expert tables' decision term. The platform config carries the raw strings; this class knows
 * the factors and rules, checks them at start-up and stops the process naming the variable.
 */
export class MatchingSettings {
  readonly fitWeights: FitWeights;
  readonly referralRules: ReferralRules;
  readonly decisionWorkingDays: number;

  constructor(config: Pick<PassendConfig, 'matching'> = {}) {
    const raw = config.matching;
    this.fitWeights = parseFitWeights(raw?.fitWeights);
    this.referralRules = parseReferralRules(raw?.referralRules);
    this.decisionWorkingDays = raw?.decisionWorkingDays ?? 10;
  }
}

export function parseFitWeights(raw: string | undefined): FitWeights {
  if (!raw) return DEFAULT_FIT_WEIGHTS;
  const weights: Record<string, number> = {};
  for (const pair of raw.split(',')) {
    const [factor, weight] = pair.split('=') as [string, string];
    weights[factor] = Number(weight);
  }
  const problems = fitWeightsProblems(weights);
  if (problems.length) throw new ConfigError(problems.map((p) => ({ variable: 'MATCHING_FIT_WEIGHTS', message: `${p.field}: ${p.message}` })));
  return Object.freeze(weights) as unknown as FitWeights;
}

export function parseReferralRules(raw: string | undefined): ReferralRules {
  if (!raw) return DEFAULT_REFERRAL_RULES;
  if (raw === 'none') return { ...DEFAULT_REFERRAL_RULES, enabled: [] };
  const names = raw.split(',');
  const automatic = REFERRAL_REASONS.filter((r) => r !== 'guardian_asks');
  const unknown = names.filter((n) => !(automatic as readonly string[]).includes(n));
  if (unknown.length) throw new ConfigError([{ variable: 'MATCHING_REFERRAL_RULES', message: `unknown rule ${unknown.join(', ')}; rules: ${automatic.join(', ')}` }]);
  return { ...DEFAULT_REFERRAL_RULES, enabled: [...new Set(names)] as ReferralRules['enabled'] };
}
