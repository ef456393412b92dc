import { describe, expect, it } from '@jest/globals';
import { AMERSFOORT, GRONINGEN, NOW, child, offering } from './__fixtures__/match-fixtures.js';
import { checkEligibility } from './eligibility.js';
import { acceptanceRate, capacityDoubtful, DEFAULT_FIT_WEIGHTS, FIT_FACTORS, fitOf, fitScore, fitWeightsProblems, type FitFactor } from './fit.js';

function fit(c = child(), o = offering(), now = NOW) {
  return fitOf(c, o, checkEligibility(c, o), now);
}
const factor = (f: ReturnType<typeof fit>, name: FitFactor) => f.factors.find((x) => x.factor === name)!;

describe('fit score: weighted factors, each explained', () => {
  it('reports every factor with value, weight and points, and the score is their sum', () => {
    const f = fit();
    expect(f.factors.map((x) => x.factor)).toEqual(FIT_FACTORS);
    for (const x of f.factors) {
      expect(x.weight).toBe(DEFAULT_FIT_WEIGHTS[x.factor]);
      expect(x.points).toBe(Math.round(x.value * x.weight));
    }
    expect(f.score).toBe(f.factors.reduce((s, x) => s + x.points, 0));
    expect(f.score).toBeGreaterThanOrEqual(1);
    expect(f.score).toBeLessThanOrEqual(1000);
  });

  it('nearer ranks higher, explained in km', () => {
    const near = fit(child(), offering());
    const far = fit(child(), offering({ location: AMERSFOORT }));
    expect(factor(near, 'distance').value).toBe(1);
    expect(factor(far, 'distance').value).toBeLessThan(1);
    expect(factor(far, 'distance').detail.distanceKm).toBeGreaterThan(15);
    expect(near.score).toBeGreaterThan(far.score);
    // beyond the horizon the factor is 0, never negative
    expect(factor(fit(child(), offering({ location: GRONINGEN })), 'distance').value).toBe(0);
  });

  it('free now beats weeks of waiting', () => {
    const free = fit(child(), offering());
    const waiting = fit(child(), offering({ freePlaces: 0, waitWeeks: 8, capacityStatus: 'waiting_list' }));
    expect(factor(free, 'availability').value).toBe(1);
    expect(factor(waiting, 'availability').detail).toEqual({ freeNow: false, waitWeeks: 8 });
    expect(factor(waiting, 'availability').value).toBeLessThan(0.7);
  });

  it('a focused specialist offering fits a child with that need better than a broad one', () => {
    const c = child({ specialismCodes: ['trauma_treatment'] });
    const focused = fit(c, offering({ specialismCodes: ['trauma_treatment'] }));
    const broad = fit(c, offering({ specialismCodes: ['trauma_treatment', 'autism', 'adhd', 'addiction_care'] }));
    expect(factor(focused, 'specialism_focus').value).toBe(1);
    expect(factor(broad, 'specialism_focus').value).toBe(0.25);
  });

  it('contracted for the child region scores, own region uncontracted half, elsewhere nothing', () => {
    expect(factor(fit(child(), offering()), 'contract').value).toBe(1);
    expect(factor(fit(child(), offering({ contractedRegionCodes: [] })), 'contract').value).toBe(0.5);
    expect(factor(fit(child(), offering({ regionCode: 'JZ01', contractedRegionCodes: [] })), 'contract').value).toBe(0);
  });

  it('continuity: with siblings at the offering, or school kept by help near home', () => {
    expect(factor(fit(child({ siblingOfferingKeys: ['offering-1'] }), offering()), 'continuity').value).toBe(1);
    expect(factor(fit(child(), offering({ setting: 'outpatient' })), 'continuity').detail).toEqual({ withSiblings: false, keepsSchool: true });
    expect(factor(fit(child(), offering({ setting: 'residential' })), 'continuity').value).toBe(0);
  });

  it('acceptance: a prior of one each way; capacity that does not hold halves it and the freshness', () => {
    expect(acceptanceRate({ accepted: 0, declined: 0, declinedForCapacity: 0 })).toBe(0.5);
    expect(acceptanceRate({ accepted: 8, declined: 0, declinedForCapacity: 0 })).toBe(0.9);
    const honest = { accepted: 6, declined: 2, declinedForCapacity: 0 };
    const doubtful = { accepted: 6, declined: 2, declinedForCapacity: 2 };
    expect(capacityDoubtful(honest)).toBe(false);
    expect(capacityDoubtful(doubtful)).toBe(true);
    const a = fit(child(), offering({ provider: honest }));
    const b = fit(child(), offering({ provider: doubtful }));
    expect(factor(b, 'acceptance').detail.capacityDoubtful).toBe(true);
    expect(factor(b, 'freshness').value).toBe(factor(a, 'freshness').value / 2);
    expect(b.score).toBeLessThan(a.score);
  });

  it('fresh capacity scores more than stale', () => {
    const today = fit(child(), offering({ capacityConfirmedAt: '2026-12-07T07:00:00Z' }));
    const stale = fit(child(), offering({ capacityConfirmedAt: '2026-11-01T07:00:00Z' }));
    expect(factor(today, 'freshness').detail.freshness).toBe('today');
    expect(factor(stale, 'freshness').detail.freshness).toBe('stale');
    expect(today.score).toBeGreaterThan(stale.score);
  });

  it('weights change the ranking', () => {
    const c = child();
    const nearStale = offering({ key: 'a', capacityConfirmedAt: '2026-10-01T00:00:00Z' });
    const farFresh = offering({ key: 'b', location: AMERSFOORT });
    const distanceHeavy = { distance: 900, availability: 0, specialism_focus: 0, contract: 0, continuity: 0, acceptance: 0, freshness: 100 };
    const freshHeavy = { distance: 100, availability: 0, specialism_focus: 0, contract: 0, continuity: 0, acceptance: 0, freshness: 900 };
    const score = (o: typeof nearStale, w: typeof distanceHeavy) => fitOf(c, o, checkEligibility(c, o), NOW, w).score;
    expect(score(nearStale, distanceHeavy)).toBeGreaterThan(score(farFresh, distanceHeavy));
    expect(score(nearStale, freshHeavy)).toBeLessThan(score(farFresh, freshHeavy));
  });
});

describe('fit weights from config', () => {
  it('accepts the defaults and refuses unknown factors, bad numbers and sums other than 1000', () => {
    expect(fitWeightsProblems({ ...DEFAULT_FIT_WEIGHTS })).toEqual([]);
    expect(fitWeightsProblems({ ...DEFAULT_FIT_WEIGHTS, colour: 1 }).map((p) => p.field)).toContain('colour');
    expect(fitWeightsProblems({ ...DEFAULT_FIT_WEIGHTS, distance: -1 }).map((p) => p.field)).toEqual(['distance']);
    expect(fitWeightsProblems({ ...DEFAULT_FIT_WEIGHTS, distance: 251 })).toEqual([{ field: 'weights', message: 'the weights must sum to 1000 (the top score), not 1001' }]);
  });
});

describe('the score alone and the explained score', () => {
  it('agree on many varied pairs (one definition of the fit)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    for (let i = 0; i < 500; i++) {
      const c = child({
        specialismCodes: rnd() < 0.5 ? [] : [pick(['autism', 'adhd', 'trauma_treatment'])],
        maxDistanceKm: rnd() < 0.5 ? null : 10 + Math.floor(rnd() * 90),
        siblingOfferingKeys: rnd() < 0.2 ? ['offering-1'] : [],
        network: rnd() < 0.3 ? AMERSFOORT : null,
      });
      const o = offering({
        location: pick([AMERSFOORT, GRONINGEN, c.home]),
        setting: pick(['outpatient', 'residential', 'family_home', 'day_treatment']),
        specialismCodes: pick([[], ['autism'], ['autism', 'adhd', 'trauma_treatment']]),
        freePlaces: Math.floor(rnd() * 3),
        waitWeeks: Math.floor(rnd() * 40),
        capacityStatus: pick(['open', 'waiting_list', 'intake_first'] as const),
        contractedRegionCodes: pick([[], ['JZ22'], ['JZ01']]),
        regionCode: pick(['JZ22', 'JZ01']),
        capacityConfirmedAt: pick(['2026-12-07T07:00:00Z', '2026-12-01T07:00:00Z', '2026-10-01T07:00:00Z']),
        provider: { accepted: Math.floor(rnd() * 9), declined: Math.floor(rnd() * 5), declinedForCapacity: Math.floor(rnd() * 4) },
      });
      const e = checkEligibility(c, o);
      expect(fitScore(c, o, e, NOW)).toBe(fitOf(c, o, e, NOW).score);
    }
  });
});
