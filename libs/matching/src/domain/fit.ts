import { amsterdamDayNumber, freshnessFromDays, type Freshness } from '@passend/social-map/domain';
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

/**
 * What the fit needs of an offering alone (its provider's answers, how fresh its capacity is at
 * `now`): a run computes it once per offering, not once per child.
 */
export interface OfferingTerms {
  freshness: Freshness;
  doubtful: boolean;
  acceptance: number;
  freshnessValue: number;
}

/**
 * The Amsterdam calendar day of an instant, by the UTC hour it falls in (the day is the same within
 * an hour): a national run has 20,000 confirmations but a few hundred distinct hours, and formatting
 * a date in a time zone is slow.
 */
const dayOfHour = new Map<number, number>();
function amsterdamDay(instant: number): number {
  const hour = Math.floor(instant / 3_600_000);
  let day = dayOfHour.get(hour);
  if (day === undefined) {
    if (dayOfHour.size > 100_000) dayOfHour.clear();
    day = amsterdamDayNumber(new Date(hour * 3_600_000));
    dayOfHour.set(hour, day);
  }
  return day;
}

export function offeringTerms(offering: MatchOffering, now: Date): OfferingTerms {
  const freshness = freshnessFromDays(amsterdamDay(now.getTime()) - amsterdamDay(Date.parse(offering.capacityConfirmedAt)));
  const doubtful = capacityDoubtful(offering.provider);
  const rate = acceptanceRate(offering.provider);
  return { freshness, doubtful, acceptance: round2(doubtful ? rate * 0.5 : rate), freshnessValue: FRESHNESS_VALUE[freshness] * (doubtful ? 0.5 : 1) };
}

const RESIDENTIAL = new Set(['residential', 'secure_residential', 'family_home', 'foster_care']);

/**
 * The seven factor values (0..1), in the order of FIT_FACTORS: the one definition of the fit,
 * shared by the score alone (fitScore, for every eligible pair of a run) and the score with its
 * explanation (fitOf, for what people see).
 */
function factorValues(child: MatchChild, offering: MatchOffering, distanceKm: number, terms: OfferingTerms, into: Float64Array = new Float64Array(7)): Float64Array {
  const horizon = child.maxDistanceKm ?? DISTANCE_HORIZON_KM;
  const freeNow = offering.freePlaces > 0 && offering.capacityStatus !== 'waiting_list' && offering.capacityStatus !== 'closed';
  let covered = 0;
  const needed = child.specialismCodes;
  for (let i = 0; i < needed.length; i++) if (offering.specialismCodes.includes(needed[i]!)) covered++;
  const nearHome = !RESIDENTIAL.has(offering.setting) && offering.municipalityCode === child.homeMunicipalityCode;
  into[0] = clamp01(1 - distanceKm / horizon);
  into[1] = freeNow ? (offering.capacityStatus === 'intake_first' ? 0.85 : 1) : clamp01(1 - offering.waitWeeks / WAIT_HORIZON_WEEKS) * 0.7;
  // every needed specialism is offered (a hard rule); focus: how much of what the offering does is what the child needs
  into[2] = child.specialismCodes.length === 0 ? 0.5 : clamp01(covered / Math.max(offering.specialismCodes.length, 1));
  into[3] = offering.contractedRegionCodes.includes(child.homeRegionCode) ? 1 : offering.regionCode === child.homeRegionCode ? 0.5 : 0;
  into[4] = child.siblingOfferingKeys.length && child.siblingOfferingKeys.includes(offering.key) ? 1 : nearHome ? 0.6 : 0;
  into[5] = terms.acceptance;
  into[6] = terms.freshnessValue;
  return into;
}

/** One scratch buffer for fitScore (single-threaded: the values are summed before the next call). */
const SCRATCH = new Float64Array(7);

/** The fit score alone (1..1000): what fitOf(...).score is, without building its explanation. */
export function fitScore(
  child: MatchChild,
  offering: MatchOffering,
  eligibility: Pick<Eligibility, 'distanceKm'>,
  now: Date,
  weights: FitWeights = DEFAULT_FIT_WEIGHTS,
  terms: OfferingTerms = offeringTerms(offering, now),
): number {
  return scoreOf(factorValues(child, offering, eligibility.distanceKm, terms, SCRATCH), weightList(weights));
}

/** The weights in the order of FIT_FACTORS. */
export function weightList(weights: FitWeights): Float64Array {
  return Float64Array.from(FIT_FACTORS, (f) => weights[f]);
}

function scoreOf(values: Float64Array, weights: Float64Array): number {
  let total = 0;
  for (let i = 0; i < 7; i++) total += Math.round(round2(values[i]!) * weights[i]!);
  return Math.max(1, Math.min(1000, total));
}

/** fitScore for a run's inner loop: the distance as checkEligibility reports it, the weights as a list, the offering's terms. */
export function fitScoreOfPair(child: MatchChild, offering: MatchOffering, distanceKm: number, weights: Float64Array, terms: OfferingTerms): number {
  return scoreOf(factorValues(child, offering, distanceKm, terms, SCRATCH), weights);
}

export function fitOf(child: MatchChild, offering: MatchOffering, eligibility: Pick<Eligibility, 'distanceKm'>, now: Date, weights: FitWeights = DEFAULT_FIT_WEIGHTS): Fit {
  const terms = offeringTerms(offering, now);
  const values = factorValues(child, offering, eligibility.distanceKm, terms);
  const doubtful = terms.doubtful;
  const freeNow = offering.freePlaces > 0 && offering.capacityStatus !== 'waiting_list' && offering.capacityStatus !== 'closed';
  const withSiblings = child.siblingOfferingKeys.includes(offering.key);
  const details: Record<FitFactor, Detail> = {
    distance: { distanceKm: eligibility.distanceKm, horizonKm: child.maxDistanceKm ?? DISTANCE_HORIZON_KM, from: child.network ? 'network' : 'home' },
    availability: freeNow
      ? { freeNow: true, freePlaces: offering.freePlaces, intakeFirst: offering.capacityStatus === 'intake_first' }
      : { freeNow: false, waitWeeks: offering.waitWeeks },
    specialism_focus:
      child.specialismCodes.length === 0
        ? { needed: 0, offered: offering.specialismCodes.length }
        : { needed: child.specialismCodes.length, covered: child.specialismCodes.filter((s) => offering.specialismCodes.includes(s)).length, offered: offering.specialismCodes.length },
    contract: offering.contractedRegionCodes.includes(child.homeRegionCode) ? { contracted: true } : { contracted: false, ownRegion: offering.regionCode === child.homeRegionCode },
    continuity: withSiblings ? { withSiblings: true } : { withSiblings: false, keepsSchool: values[4] === 0.6 },
    acceptance: { accepted: offering.provider.accepted, declined: offering.provider.declined, declinedForCapacity: offering.provider.declinedForCapacity, capacityDoubtful: doubtful },
    freshness: { freshness: terms.freshness, capacityDoubtful: doubtful },
  };
  const factors = FIT_FACTORS.map((factor, i) => {
    const v = round2(values[i]!);
    return { factor, value: v, weight: weights[factor], points: Math.round(v * weights[factor]), detail: details[factor] };
  });
  const total = factors.reduce((s, f) => s + f.points, 0);
  return { score: Math.max(1, Math.min(1000, total)), factors };
}
