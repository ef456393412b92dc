import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError, ErrorCode } from '@passend/platform';
import { randomUUID } from 'node:crypto';
import { actorOf, startPlaceServices, type PlaceServices } from '../holds/place-services.fixtures.js';

/**
 * A capacity change carries the version the provider read (If-Match) and wins only when the
 * offering is still at that version, checked in the UPDATE itself: of racing changes from the same
 * version exactly one wins, the others get stale_version and write nothing.
 */
describe('CapacityService.update: the version check', () => {
  let s: PlaceServices;
  beforeAll(async () => {
    s = await startPlaceServices();
  });
  afterAll(() => s?.close());

  const change = (offeringId: string, expectedVersion: number | undefined, freePlaces: number) => ({ offeringId, expectedVersion, totalPlaces: 6, freePlaces, waitWeeks: 0 });

  it('applies a change at the current version and moves the version on', async () => {
    const { id, providerId } = await s.offering({ total: 6, free: 2 });
    const provider = actorOf('provider_staff', providerId);
    expect(await s.capacity.update(provider, change(id, 1, 5))).toMatchObject({ offeringId: id, freePlaces: 5, version: 2 });
    expect(await s.state(id)).toMatchObject({ free_places: 5, version: 2, events: 1 });
  });

  it('refuses a change from a version read before, with the current state, and writes nothing', async () => {
    const { id, providerId } = await s.offering({ total: 6, free: 2 });
    const provider = actorOf('provider_staff', providerId);
    await s.capacity.update(provider, change(id, 1, 3));
    const before = await s.state(id);
    await expect(s.capacity.update(provider, change(id, 1, 0))).rejects.toMatchObject({ code: ErrorCode.StaleVersion });
    expect(await s.state(id)).toEqual(before);
  });

  it('requires a version (428) before writing anything', async () => {
    const { id, providerId } = await s.offering({ total: 6, free: 2 });
    const before = await s.state(id);
    await expect(s.capacity.update(actorOf('provider_staff', providerId), change(id, undefined, 1))).rejects.toMatchObject({ code: ErrorCode.PreconditionRequired });
    expect(await s.state(id)).toEqual(before);
  });

  it('lets exactly one of 10 parallel changes from the same version win', async () => {
    const { id, providerId } = await s.offering({ total: 6, free: 2 });
    const provider = actorOf('provider_staff', providerId);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        s.capacity.update(provider, change(id, 1, i % 7)).then(
          (r) => `won:${r.freePlaces}`,
          (e: unknown) => (e instanceof DomainError ? e.code : Promise.reject(e)),
        ),
      ),
    );
    const won = outcomes.filter((o) => o.startsWith('won:'));
    expect(won).toHaveLength(1);
    expect(outcomes.filter((o) => o === ErrorCode.StaleVersion)).toHaveLength(9);
    expect(await s.state(id)).toMatchObject({ free_places: Number(won[0]!.slice(4)), version: 2, events: 1 });
  });

  it('refuses a change after a hold took a place since the provider read the version', async () => {
    const { id, providerId } = await s.offering({ total: 6, free: 2 });
    await s.holds.place(actorOf('guardian', randomUUID()), id, { holderRef: `case:${randomUUID()}` });
    await expect(s.capacity.update(actorOf('provider_staff', providerId), change(id, 1, 6))).rejects.toMatchObject({ code: ErrorCode.StaleVersion });
    expect(await s.state(id)).toMatchObject({ free_places: 1, version: 2, held: 1 });
  });
});
