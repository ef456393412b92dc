import { describe, expect, it } from '@jest/globals';
import { ageRangeProblems, CAPACITY_STATUSES, capacityProblems, isInNetherlands } from './capacity.js';

describe('capacity a provider reports', () => {
  it('accepts a full or an empty offering', () => {
    expect(capacityProblems({ totalPlaces: 8, freePlaces: 0, waitWeeks: 6 })).toEqual([]);
    expect(capacityProblems({ totalPlaces: 8, freePlaces: 8, waitWeeks: 0 })).toEqual([]);
  });

  it('refuses more free places than places', () => {
    expect(capacityProblems({ totalPlaces: 3, freePlaces: 4, waitWeeks: 0 })).toEqual([
      { field: 'freePlaces', message: 'freePlaces (4) cannot be more than totalPlaces (3)' },
    ]);
  });

  it('refuses negative, fractional and absurd numbers, naming each field and the bulk row', () => {
    const problems = capacityProblems({ totalPlaces: 10_001, freePlaces: -1, waitWeeks: 1.5 }, 'rows[2].');
    expect(problems.map((p) => p.field)).toEqual(['rows[2].totalPlaces', 'rows[2].freePlaces', 'rows[2].waitWeeks']);
  });
});

describe('age ranges and coordinates', () => {
  it('allows decimal ages and refuses a minimum above the maximum', () => {
    expect(ageRangeProblems(2.5, 12)).toEqual([]);
    expect(ageRangeProblems(12, 4)[0]?.field).toBe('minAge');
    expect(ageRangeProblems(2.55, 12)[0]?.message).toContain('one decimal');
  });

  it('keeps coordinates within the bounding box of the Netherlands (the precise check uses the region polygons)', () => {
    expect(isInNetherlands(52.09, 5.12)).toBe(true); // Utrecht
    expect(isInNetherlands(48.85, 2.35)).toBe(false); // Paris
    expect(isInNetherlands(0, 0)).toBe(false);
  });
});

describe('capacity status', () => {
  it('accepts the four statuses, or none (unchanged), and names the field of any other', () => {
    for (const status of CAPACITY_STATUSES) expect(capacityProblems({ totalPlaces: 3, freePlaces: 1, waitWeeks: 0, status })).toEqual([]);
    expect(capacityProblems({ totalPlaces: 3, freePlaces: 1, waitWeeks: 0 })).toEqual([]);
    expect(capacityProblems({ totalPlaces: 3, freePlaces: 1, waitWeeks: 0, status: 'maybe' as never }, 'rows[2].')).toEqual([
      { field: 'rows[2].status', message: 'status must be one of open, waiting_list, intake_first, closed' },
    ]);
  });
});
