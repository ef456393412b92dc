import { describe, expect, it } from '@jest/globals';
import { AMERSFOORT, NOW, TODAY, child, offering } from './__fixtures__/match-fixtures.js';
import { bestOptionRank, planMatching } from './plan.js';
import { nextState, PROPOSAL_STATES, type ProposalTransition } from './proposal-lifecycle.js';
import { pseudonymisedProfile, ageBand } from './profile.js';
import { DEFAULT_REFERRAL_RULES, referralReasons } from './referral-rules.js';

const plan = (children: ReturnType<typeof child>[], offerings: ReturnType<typeof offering>[]) => planMatching({ children, offerings, now: NOW, today: TODAY });

describe('a matching plan', () => {
  it('proposes the best fitting free offering and keeps the others as explained alternatives', () => {
    const p = plan([child()], [offering({ key: 'far', location: AMERSFOORT }), offering({ key: 'near' }), offering({ key: 'waiting', freePlaces: 0, waitWeeks: 4, capacityStatus: 'waiting_list' })]);
    const c = p.children[0]!;
    expect(c.proposal?.offeringKey).toBe('near');
    expect(c.proposal?.fitRank).toBe(1);
    expect(c.alternatives.map((a) => a.offeringKey)).toEqual(['far', 'waiting']);
    expect(c.alternatives[1]!.flags).toEqual(['waiting_list']);
    expect(c.alternatives.every((a) => a.fit.factors.length === 7)).toBe(true);
    expect(p.objective).toBe(p.dualBound);
  });

  it('gives the last place to the acute child, then to the one longest on the clock, whatever the fit', () => {
    const acuteFar = child({ key: 'a', urgency: 'acute', home: AMERSFOORT, rulingDate: '2026-12-01' });
    const regularNear = child({ key: 'b', urgency: 'regular', rulingDate: '2026-06-01' });
    const p = plan([regularNear, acuteFar], [offering()]);
    expect(p.children.find((c) => c.childKey === 'a')!.proposal?.offeringKey).toBe('offering-1');
    const outranked = p.children.find((c) => c.childKey === 'b')!;
    expect(outranked.proposal).toBeNull();
    expect(outranked.unplacedReason).toBe('outranked');

    const older = child({ key: 'c', rulingDate: '2026-06-01', home: AMERSFOORT });
    const newer = child({ key: 'd', rulingDate: '2026-11-01' });
    expect(plan([newer, older], [offering()]).children.find((c) => c.childKey === 'c')!.proposal).not.toBeNull();
  });

  it('respects capacity and uses the second-best place to place everyone it can', () => {
    const a = child({ key: 'a' });
    const b = child({ key: 'b' });
    const p = plan([a, b], [offering({ key: 'x', freePlaces: 1 }), offering({ key: 'y', freePlaces: 1, location: AMERSFOORT })]);
    expect(p.placed).toBe(2);
    expect(new Set(p.children.map((c) => c.proposal!.offeringKey))).toEqual(new Set(['x', 'y']));
  });

  it('says why a child is not placed: no eligible offering, or only waiting lists', () => {
    const p = plan([child({ key: 'a', categoryCode: '51' }), child({ key: 'b' })], [offering({ freePlaces: 0, waitWeeks: 3, capacityStatus: 'waiting_list' })]);
    expect(p.children.map((c) => c.unplacedReason)).toEqual(['no_eligible_offering', 'no_free_place']);
    expect(p.children[1]!.alternatives).toHaveLength(1);
  });

  it('counts the hard rules that excluded offerings of the category', () => {
    const p = plan([child({ maxDistanceKm: 5 })], [offering({ key: 'x', location: AMERSFOORT }), offering({ key: 'y', location: AMERSFOORT, minAge: 0, maxAge: 4 })]);
    expect(p.children[0]!.rejected).toEqual({ too_far: 2, age_out_of_range: 1 });
  });

  it('is deterministic whatever the input order', () => {
    const children = Array.from({ length: 12 }, (_, i) => child({ key: `c${String(i).padStart(2, '0')}`, rulingDate: `2026-${String((i % 9) + 1).padStart(2, '0')}-01`, urgency: i % 5 === 0 ? 'urgent' : 'regular' }));
    const offerings = Array.from({ length: 6 }, (_, i) => offering({ key: `o${i}`, freePlaces: i % 3, location: i % 2 ? AMERSFOORT : offering().location }));
    const one = plan(children, offerings);
    const two = plan([...children].reverse(), [...offerings].reverse());
    expect(two).toEqual(one);
  });
});

describe('siblings kept together', () => {
  const sibling = (key: string) => child({ key, keepWithSiblings: true, siblingGroup: 'gi-1:fam', siblingCount: 2 });

  it('places the group as a unit where there is room for all of them, even when apart they would fit better', () => {
    const p = plan([sibling('a'), sibling('b')], [offering({ key: 'near-1', freePlaces: 1 }), offering({ key: 'near-2', freePlaces: 1 }), offering({ key: 'far-2', freePlaces: 2, location: AMERSFOORT })]);
    expect(p.children.map((c) => c.proposal?.offeringKey)).toEqual(['far-2', 'far-2']);
    expect(p.placed).toBe(2);
  });

  it('never splits a group: without room for all, the group waits whole', () => {
    const p = plan([sibling('a'), sibling('b'), child({ key: 'c' })], [offering({ key: 'x', freePlaces: 1 }), offering({ key: 'y', freePlaces: 1 })]);
    expect(p.children.filter((c) => c.childKey !== 'c').map((c) => c.proposal)).toEqual([null, null]);
    expect(p.children.find((c) => c.childKey === 'c')!.proposal).not.toBeNull();
  });

  it('uses up the group\'s places before the single children are assigned', () => {
    const p = plan([sibling('a'), sibling('b'), child({ key: 'c', urgency: 'acute' })], [offering({ key: 'x', freePlaces: 2 })]);
    expect(p.children.find((c) => c.childKey === 'c')!.unplacedReason).toBe('outranked');
    expect(p.children.filter((c) => c.childKey !== 'c').map((c) => c.proposal?.offeringKey)).toEqual(['x', 'x']);
  });
});

describe('best-option rank', () => {
  it('buckets as the inspections count: 1, 2, 3, 4+', () => {
    expect([1, 2, 3, 4, 9].map(bestOptionRank)).toEqual([1, 2, 3, 4, 4]);
  });
});

describe('referral rules', () => {
  const planned = (outside: boolean) => ({ proposal: null, alternatives: [{ outsideOwnRegion: outside }] }) as never;
  it('fires each rule on its own condition', () => {
    expect(referralReasons(child(), planned(false))).toEqual([]);
    expect(referralReasons(child({ otherOpenNeeds: 1 }), planned(false))).toEqual(['several_kinds_of_help']);
    expect(referralReasons(child({ brokenPlacements: 1 }), planned(false))).toEqual(['placements_broke_down']);
    expect(referralReasons(child(), planned(true))).toEqual(['no_eligible_offering_in_region']);
    expect(referralReasons(child(), { proposal: null, alternatives: [] })).toEqual(['no_eligible_offering_in_region']);
    expect(referralReasons(child({ secureAuthorisation: { from: '2026-12-01', to: '2027-06-01' } }), planned(false))).toEqual(['secure_care']);
  });
  it('follows the configured rules', () => {
    expect(referralReasons(child({ otherOpenNeeds: 2, brokenPlacements: 1 }), planned(false), { ...DEFAULT_REFERRAL_RULES, enabled: ['placements_broke_down'] })).toEqual(['placements_broke_down']);
    expect(referralReasons(child({ brokenPlacements: 1 }), planned(false), { enabled: ['placements_broke_down'], brokenPlacementsThreshold: 2 })).toEqual([]);
  });
});

describe('proposal lifecycle', () => {
  it('allows exactly the loop proposed → review → offered → accepted/declined/expired → started', () => {
    const table: Record<string, Partial<Record<ProposalTransition, string>>> = {};
    for (const s of PROPOSAL_STATES) {
      table[s] = {};
      for (const t of ['refer', 'offer', 'accept', 'decline', 'expire', 'withdraw', 'start'] as ProposalTransition[]) {
        const n = nextState(s, t);
        if (n) table[s]![t] = n;
      }
    }
    expect(table).toEqual({
      proposed: { refer: 'in_review', offer: 'offered', withdraw: 'withdrawn' },
      in_review: { offer: 'offered', withdraw: 'withdrawn' },
      offered: { accept: 'accepted', decline: 'declined', expire: 'expired', withdraw: 'withdrawn' },
      accepted: { withdraw: 'withdrawn', start: 'started' },
      declined: {},
      expired: {},
      withdrawn: {},
      started: {},
    });
  });
});

describe('the provider profile', () => {
  it('is pseudonymised: an age band, needs, region, urgency; no date of birth, name or municipality', () => {
    const p = pseudonymisedProfile(child({ dateOfBirth: '2012-06-01', specialismCodes: ['autism'] }));
    expect(p).toEqual({
      ageBand: '12-15', categoryCode: '43', specialismCodes: ['autism'], settingConstraints: [], regionCode: 'JZ22', urgency: 'regular',
      expectedStart: '2026-12-07', siblingsTogether: 1, circumstanceCodes: [],
    });
    expect(JSON.stringify(p)).not.toMatch(/2012|GM0344|measure|need-1/);
    expect([0, 3.9, 4, 11.9, 12, 15.9, 16, 17.9, 18].map(ageBand)).toEqual(['0-3', '0-3', '4-11', '4-11', '12-15', '12-15', '16-17', '16-17', '18+']);
  });
});
