import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError, ErrorCode } from '@passend/platform';
import { randomUUID } from 'node:crypto';
import { actorOf, startPlaceServices, type PlaceServices } from './place-services.fixtures.js';

/**
 * A hold takes a place with one conditional UPDATE (`free_places > 0`), on PostgreSQL itself:
 * however many claims race, N free places give exactly N holds, and a refused claim writes nothing.
 */
describe('HoldService.place: the free_places > 0 claim', () => {
  let s: PlaceServices;
  const guardian = actorOf('guardian', randomUUID());
  const claim = () => ({ holderRef: `case:${randomUUID()}` });
  /** the claim's outcome: 'held', or the refusal's error code */
  const attempt = (offeringId: string) =>
    s.holds.place(guardian, offeringId, claim()).then(
      (h) => h.state,
      (e: unknown) => (e instanceof DomainError ? e.code : Promise.reject(e)),
    );

  beforeAll(async () => {
    s = await startPlaceServices();
  });
  afterAll(() => s?.close());

  it('takes the last free place, then refuses with a conflict and writes nothing', async () => {
    const { id } = await s.offering({ total: 2, free: 1 });
    const held = await s.holds.place(guardian, id, claim());
    expect(held).toMatchObject({ offeringId: id, state: 'held', freePlaces: 0 });
    const after = await s.state(id);
    expect(after).toEqual({ free_places: 0, version: 2, held: 1, events: 1 });
    await expect(s.holds.place(guardian, id, claim())).rejects.toMatchObject({ code: ErrorCode.Conflict, details: { reason: 'no_free_place' } });
    expect(await s.state(id)).toEqual(after);
  });

  it('gives exactly one of 20 parallel claims the one free place', async () => {
    const { id } = await s.offering({ total: 3, free: 1 });
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => attempt(id)));
    expect(outcomes.filter((o) => o === 'held')).toHaveLength(1);
    expect(outcomes.filter((o) => o === ErrorCode.Conflict)).toHaveLength(19);
    expect(await s.state(id)).toEqual({ free_places: 0, version: 2, held: 1, events: 1 });
  });

  it('gives exactly N of 10·N parallel claims a place, never going below zero', async () => {
    const { id } = await s.offering({ total: 4, free: 4 });
    const outcomes = await Promise.all(Array.from({ length: 40 }, () => attempt(id)));
    expect(outcomes.filter((o) => o === 'held')).toHaveLength(4);
    expect(await s.state(id)).toEqual({ free_places: 0, version: 5, held: 4, events: 4 });
  });

  it('answers an offering that does not exist with not found, and takes nothing', async () => {
    await expect(s.holds.place(guardian, randomUUID(), claim())).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
