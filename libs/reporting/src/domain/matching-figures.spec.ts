import { describe, expect, it } from '@jest/globals';
import { durationFigure, emptyMatchingWindowCounts, fallOutReason, matchingNowFigures, matchingWindowFigures, percentile, type MatchingCatalog } from './matching-figures.js';

const n = (count: number) => ({ count, children: count });
const CATALOG: MatchingCatalog = {
  regions: [{ code: 'JZ22', name: 'Utrecht Stad' }, { code: 'JZ26', name: 'Lekstroom' }],
  categories: [{ code: '43', name: 'Jeugdhulp verblijf' }, { code: '45', name: 'Jeugdhulp ambulant' }],
  declineReasons: new Map([['7', 'Zorgvraag past niet'], ['P1', 'Geen plek']]),
};

describe('percentile and durations', () => {
  it('computes median and p90 as percentile_cont over whole days', () => {
    expect(percentile([10, 20, 30, 40, 50], 0.5)).toBe(30);
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(percentile([10, 20, 30, 40, 50], 0.9)).toBeCloseTo(46);
    expect(percentile([], 0.5)).toBeNull();
    expect(() => percentile([3, 1], 0.5)).toThrow(RangeError);
  });

  it('shows a duration only when the count behind it is shown', () => {
    expect(durationFigure([40, 41, 42, 43, 44], true)).toEqual({ medianDays: 42, p90Days: 43.6 });
    expect(durationFigure([40, 41, 42, 43, 44], false)).toEqual({ medianDays: null, p90Days: null });
  });
});

describe('fallOutReason', () => {
  it('names declines, expired holds and known withdraw reasons; a free-text withdraw reason is other', () => {
    expect(fallOutReason('declined', 'decline:7')).toBe('declined');
    expect(fallOutReason('expired', 'hold_expired')).toBe('hold_expired');
    expect(fallOutReason('withdrawn', 'superseded_by_run')).toBe('superseded_by_run');
    expect(fallOutReason('withdrawn', 'family_moved_to_grandma')).toBe('other');
    expect(fallOutReason('withdrawn', null)).toBe('other');
  });
});

describe('matchingWindowFigures', () => {
  it('suppresses everything of a window without matching', () => {
    const f = matchingWindowFigures('2026-01-01', emptyMatchingWindowCounts(), CATALOG);
    expect(f.timeToPlacement.placements).toBeNull();
    expect(f.timeToPlacement.perRegion.map((r) => r.regionCode)).toEqual(['JZ22', 'JZ26']);
    expect(f.bestOptionRank.rank1Share).toBeNull();
    expect(f.funnel.map((s) => s.entered)).toEqual([null, null, null, null]);
    expect(f.declines.byReason.map((r) => r.reasonCode)).toEqual(['7', 'P1']);
    expect(f.shortages.cells).toEqual([]);
  });

  it('turns counts into figures, with complementary suppression in each dimension', () => {
    const c = emptyMatchingWindowCounts();
    c.placements = { ...n(12), fromRuling: [30, 32, 34, 36, 38, 40, 42, 44, 46, 48, 50, 90], fromNeed: Array(12).fill(10), fromProposal: Array(12).fill(3) };
    c.perRegion.set('JZ22', { ...n(10), fromRuling: [30, 32, 34, 36, 38, 40, 42, 44, 46, 48], fromNeed: [], fromProposal: [] });
    c.perRegion.set('JZ26', { ...n(2), fromRuling: [50, 90], fromNeed: [], fromProposal: [] });
    c.perCategory.set('43', { ...n(12), fromRuling: [], fromNeed: [], fromProposal: [] });
    c.rank = { '1': n(8), '2': n(3), '3': n(1), '4': n(0), unranked: n(0) };
    c.outsideOwnRegion = n(2);
    c.funnel.entered = { proposed: n(30), offered: n(20), accepted: n(15), started: n(12) };
    c.funnel.open = { proposed: n(2), offered: n(0), accepted: n(3) };
    c.funnel.fellOut.proposed.set('superseded_by_run', n(8));
    c.funnel.fellOut.offered.set('declined', n(5));
    c.funnel.declines.set('7', n(5));
    const f = matchingWindowFigures('2026-01-01', c, CATALOG);

    expect(f.timeToPlacement).toMatchObject({ placements: 12, fromRuling: { medianDays: 41, p90Days: 49.8 }, fromNeed: { medianDays: 10 }, fromProposal: { medianDays: 3 } });
    // JZ26 has 2: suppressed, and JZ22 (the only other region) with it, or 12 - 10 gives JZ26 away
    expect(f.timeToPlacement.perRegion).toMatchObject([{ regionCode: 'JZ22', placements: null, fromRuling: { medianDays: null } }, { regionCode: 'JZ26', placements: null }]);
    // 45 has none: shown as null, but a true 0 needs no protection, so 43 stays shown
    expect(f.timeToPlacement.perCategory).toMatchObject([{ categoryCode: '43', placements: 12 }, { categoryCode: '45', placements: null }]);
    // ranks 2, 3, 4 and unranked are hidden: 3 + 1 = 4 is still under 5, so rank 1 is hidden as well
    expect(f.bestOptionRank).toEqual({ placements: 12, rank1: null, rank2: null, rank3: null, rank4: null, unranked: null, rank1Share: null });
    expect(f.outsideOwnRegion).toEqual({ placements: 12, inOwnRegion: null, outsideOwnRegion: null, outsideShare: null });
    const [proposed, offered, accepted, started] = f.funnel;
    expect(proposed).toMatchObject({ stage: 'proposed', entered: 30, conversion: null, stillOpen: null });
    // 2 still open and the reasons nobody fell out for add up to 2: the 8 superseded are hidden with them
    expect(proposed!.fellOut.find((r) => r.reason === 'superseded_by_run')!.proposals).toBeNull();
    expect(offered).toMatchObject({ stage: 'offered', entered: 20, conversion: 20 / 30 });
    // 20 = 15 accepted + 5 declined + true zeros: nothing to protect
    expect(offered!.fellOut.find((r) => r.reason === 'declined')!.proposals).toBe(5);
    expect(accepted).toMatchObject({ entered: 15, stillOpen: null });
    expect(started).toMatchObject({ entered: null, fellOut: [] });
    expect(f.declines).toEqual({ total: 5, byReason: [{ reasonCode: '7', label: 'Zorgvraag past niet', proposals: 5 }, { reasonCode: 'P1', label: 'Geen plek', proposals: null }] });
    // with more declines the reasons show
    c.funnel.entered = { proposed: n(40), offered: n(30), accepted: n(15), started: n(12) };
    c.funnel.fellOut.offered.set('declined', n(15));
    c.funnel.fellOut.proposed.set('superseded_by_run', n(8));
    c.funnel.declines.set('7', n(9));
    c.funnel.declines.set('P1', n(6));
    const more = matchingWindowFigures('2026-01-01', c, CATALOG);
    expect(more.declines).toEqual({ total: 15, byReason: [{ reasonCode: '7', label: 'Zorgvraag past niet', proposals: 9 }, { reasonCode: 'P1', label: 'Geen plek', proposals: 6 }] });
  });

  it('lists only the shortage cells that are shown, and never a category total that gives a region away', () => {
    const c = emptyMatchingWindowCounts();
    c.shortages.perCategory.set('43', n(9));
    c.shortages.perRegion.set('JZ22', new Map([['43', n(6)]]));
    c.shortages.perRegion.set('JZ26', new Map([['43', n(3)]]));
    const f = matchingWindowFigures('2026-01-01', c, CATALOG);
    expect(f.shortages.cells).toEqual([]);
    expect(f.shortages.perCategory).toEqual([{ categoryCode: '43', name: 'Jeugdhulp verblijf', signals: 9 }, { categoryCode: '45', name: 'Jeugdhulp ambulant', signals: null }]);
  });

  it('expert tables: throughput, on-time share and days to decision', () => {
    const c = emptyMatchingWindowCounts();
    c.expertTables = { referrals: n(15), decided: n(10), decidedOnTime: n(5), daysToDecision: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] };
    expect(matchingWindowFigures('2026-01-01', c, CATALOG).expertTables).toEqual({
      referrals: 15,
      decided: 10,
      decidedOnTime: 5,
      decidedLate: 5,
      onTimeShare: 0.5,
      daysToDecision: { medianDays: 5.5, p90Days: 9.1 },
    });
    // 2 undecided: the decided count is hidden with it (12 - 10), then one of its parts, and the median behind it
    c.expertTables.referrals = n(12);
    expect(matchingWindowFigures('2026-01-01', c, CATALOG).expertTables).toMatchObject({ referrals: 12, decided: null, decidedOnTime: null, onTimeShare: null, daysToDecision: { medianDays: null } });
  });

  it('open and overdue referrals today', () => {
    expect(matchingNowFigures({ openReferrals: n(9), overdueReferrals: n(2) })).toEqual({ openReferrals: 9, overdueReferrals: null });
    expect(matchingNowFigures({ openReferrals: n(12), overdueReferrals: n(6) })).toEqual({ openReferrals: 12, overdueReferrals: 6 });
  });
});
