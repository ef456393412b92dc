import { freshnessOf, type Freshness } from '@passend/social-map/domain';
import type { Eligibility } from './eligibility.js';
import type { MatchChild, MatchOffering } from './model.js';

/**
 * The fit score: how well an eligible offering suits the child, 1..1000, as a sum of weighted
 * factors. Every factor is reported with its value (0..1), weight and points, so a proposal
 * shows factor by factor why it ranks where it does. People decide; the platform proposes.
 */
export type FitFactor = 'distance' | 'availability' | 'specialism_focus' | 'contract' | 'continuity' | 'acceptance' | 'freshness';

export const FIT_FACTORS: readonly FitFactor[] = ['distance', 'availability', 'specialism_focus', 'contract', 'continuity', 'acceptance', 'freshness'];

export type FitWeights = Readonly<Record<FitFactor, number>>;

/** Defaults; config (MATCHING_FIT_WEIGHTS) may change them. They sum to 1000, the top score. */
export const DEFAULT_FIT_WEIGHTS: FitWeights = Object.freeze({
  distance: 250,
  availability: 200,
  specialism_focus: 150,
  contract: 120,
  continuity: 120,
  acceptance: 80,
  freshness: 80,
});

export const FIT_FACTOR_LABELS_NL: Readonly<Record<FitFactor, string>> = {
  distance: 'afstand tot het netwerk van het kind',
  availability: 'nu vrij of wachttijd',
  specialism_focus: 'specialisatie sluit aan',
  contract: 'ingekocht door de regio van het kind',
  continuity: 'continu\u00efteit (broers en zussen, school)',
  acceptance: 'aanbieder accepteert voorstellen',
  freshness: 'capaciteit recent bevestigd',
};

/** Distance at which the distance factor reaches 0 when the need sets no maximum. */
export const DISTANCE_HORIZON_KM = 100;
/** Weeks of waiting at which the availability factor reaches 0. */
export const WAIT_HORIZON_WEEKS = 26;
/** Within this distance of home a non-residential offering keeps the child's school. */
export const SCHOOL_KM = 15;

type Detail = Record<string, string | number | boolean>;

export interface FactorScore {
  factor: FitFactor;
  /** 0..1 */
  value: number;
  weight: number;
  /** value × weight, rounded */
  points: number;
  /** why, in numbers: km, weeks, rate, days */
  detail: Record<string, string | number | boolean>;
}

export interface Fit {
  /** 1..1000 (an eligible offering always scores at least 1) */
  score: number;
  factors: FactorScore[];
}

export function fitWeightsProblems(weights: Record<string, unknown>): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const key of Object.keys(weights)) if (!FIT_FACTORS.includes(key as FitFactor)) problems.push({ field: key, message: `${key} is not a fit factor (${FIT_FACTORS.join(', ')})` });
  let sum = 0;
  for (const f of FIT_FACTORS) {
    const v = weights[f];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1000) problems.push({ field: f, message: `${f} must be a whole number 0..1000` });
    else sum += v;
  }
  if (problems.length === 0 && sum !== 1000) problems.push({ field: 'weights', message: `the weights must sum to 1000 (the top score), not ${sum}` });
  return problems;
}

const FRESHNESS_VALUE: Readonly<Record<Freshness, number>> = { today: 1, this_week: 0.8, older: 0.5, stale: 0.1 };

const clamp01 = (n: number) => Math.max(0, Math.min(1, n));
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Acceptance rate with a prior of one acceptance and one decline (Laplace), so a provider with
 * no history scores 0.5, not 0 or 1. Declines "for lack of capacity" after declaring free places
 * count double: capacity that does not hold is worse than an honest "no".
 */
export function acceptanceRate(p: MatchOffering['provider']): number {
  return (p.accepted + 1) / (p.accepted + p.declined + p.declinedForCapacity + 2);
}

/** Capacity honesty: a provider that declared free places and then declined for lack of them, at least twice and in a fifth of its answers. */
export function capacityDoubtful(p: MatchOffering['provider']): boolean {
  const answers = p.accepted + p.declined;
  return p.declinedForCapacity >= 2 && p.declinedForCapacity * 5 >= answers;
}

export function fitOf(child: MatchChild, offering: MatchOffering, eligibility: Pick<Eligibility, 'distanceKm'>, now: Date, weights: FitWeights = DEFAULT_FIT_WEIGHTS): Fit {
  const v = (value: number, detail: Detail) => ({ value, detail });
  const values: Record<FitFactor, { value: number; detail: FactorScore['detail'] }> = {
    distance: (() => {
      const horizon = child.maxDistanceKm ?? DISTANCE_HORIZON_KM;
      return v(clamp01(1 - eligibility.distanceKm / horizon), { distanceKm: eligibility.distanceKm, horizonKm: horizon, from: child.network ? 'network' : 'home' });
    })(),
    availability: (() => {
      const freeNow = offering.freePlaces > 0 && offering.capacityStatus !== 'waiting_list' && offering.capacityStatus !== 'closed';
      return freeNow
        ? v(offering.capacityStatus === 'intake_first' ? 0.85 : 1, { freeNow: true, freePlaces: offering.freePlaces, intakeFirst: offering.capacityStatus === 'intake_first' })
        : v(clamp01(1 - offering.waitWeeks / WAIT_HORIZON_WEEKS) * 0.7, { freeNow: false, waitWeeks: offering.waitWeeks });
    })(),
    specialism_focus: (() => {
      // every needed specialism is offered (a hard rule); focus: how much of what the offering does is what the child needs
      if (child.specialismCodes.length === 0) return v(0.5, { needed: 0, offered: offering.specialismCodes.length });
      const covered = child.specialismCodes.filter((s) => offering.specialismCodes.includes(s)).length;
      return v(clamp01(covered / Math.max(offering.specialismCodes.length, 1)), { needed: child.specialismCodes.length, covered, offered: offering.specialismCodes.length });
    })(),
    contract: (() => {
      if (offering.contractedRegionCodes.includes(child.homeRegionCode)) return v(1, { contracted: true });
      return v(offering.regionCode === child.homeRegionCode ? 0.5 : 0, { contracted: false, ownRegion: offering.regionCode === child.homeRegionCode });
    })(),
    continuity: (() => {
      if (child.siblingOfferingKeys.includes(offering.key)) return v(1, { withSiblings: true });
      const residential = offering.setting === 'residential' || offering.setting === 'secure_residential' || offering.setting === 'family_home' || offering.setting === 'foster_care';
      const nearHome = !residential && offering.municipalityCode === child.homeMunicipalityCode;
      return v(nearHome ? 0.6 : 0, { withSiblings: false, keepsSchool: nearHome });
    })(),
    acceptance: (() => {
      const rate = acceptanceRate(offering.provider);
      const doubtful = capacityDoubtful(offering.provider);
      return v(round2(doubtful ? rate * 0.5 : rate), { accepted: offering.provider.accepted, declined: offering.provider.declined, declinedForCapacity: offering.provider.declinedForCapacity, capacityDoubtful: doubtful });
    })(),
    freshness: (() => {
      const freshness = freshnessOf(new Date(offering.capacityConfirmedAt), now);
      const doubtful = capacityDoubtful(offering.provider);
      return v(FRESHNESS_VALUE[freshness] * (doubtful ? 0.5 : 1), { freshness, capacityDoubtful: doubtful });
    })(),
  };
  const factors = FIT_FACTORS.map((factor) => {
    const { value, detail } = values[factor];
    const v = round2(value);
    return { factor, value: v, weight: weights[factor], points: Math.round(v * weights[factor]), detail };
  });
  const total = factors.reduce((s, f) => s + f.points, 0);
  return { score: Math.max(1, Math.min(1000, total)), factors };
}
