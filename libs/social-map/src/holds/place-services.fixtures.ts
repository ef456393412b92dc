import { AuditLog } from '@passend/audit';
import { AccessControl } from '@passend/identity';
import type { Actor } from '@passend/platform';
import { createTestDatabase, type TestDatabase } from '@passend/testing';
import { randomUUID } from 'node:crypto';
import { startTestWorker, type TestWorker } from '../../../../test/support/test-worker.js';
import { CapacityService } from '../capacity/capacity.service.js';
import { OfferingEffects } from '../catalog/offering-effects.js';
import { CapacityChanged, HoldResolved, OfferingChanged } from '../events.js';
import { ExpireHolds } from '../jobs.js';
import { insertSearchFixtures, OFFERINGS } from '../search/offering-search.fixtures.js';
import { HoldService } from './hold.service.js';

/**
 * The services that take and change places (holds, capacity) on a database of their own, with the
 * search fixtures' providers and offerings: the conditional writes tested below HTTP, on PostgreSQL.
 */
export interface PlaceServices {
  worker: TestWorker;
  holds: HoldService;
  capacity: CapacityService;
  /** an active offering of the fixtures, set to these places (version 1) */
  offering(places: { total: number; free: number }): Promise<{ id: string; providerId: string }>;
  /** free places, version, holds held and capacity events of an offering */
  state(offeringId: string): Promise<{ free_places: number; version: number; held: number; events: number }>;
  close(): Promise<void>;
}

export const actorOf = (role: 'guardian' | 'provider_staff', organisationId: string): Actor => ({
  principal: { userId: randomUUID(), role, organisationId, organisationKind: role === 'guardian' ? 'certified_institution' : 'provider' },
  clientAddress: '192.0.2.1',
  correlationId: undefined,
});

export async function startPlaceServices(): Promise<PlaceServices> {
  const db: TestDatabase = await createTestDatabase();
  const worker = await startTestWorker({
    databaseUrl: db.url,
    jobs: [ExpireHolds],
    events: [CapacityChanged, OfferingChanged, HoldResolved],
    providers: [HoldService, CapacityService, OfferingEffects, AccessControl, AuditLog],
  });
  await insertSearchFixtures(worker.dataSource);
  let next = 0;
  const active = OFFERINGS.filter((o) => o.active);
  return {
    worker,
    holds: worker.app.get(HoldService),
    capacity: worker.app.get(CapacityService),
    async offering({ total, free }) {
      const o = active[next++ % active.length]!;
      await worker.dataSource.query(`UPDATE social_map.offering SET total_places = $2, free_places = $3, version = 1 WHERE id = $1`, [o.id, total, free]);
      return { id: o.id, providerId: o.providerId };
    },
    async state(offeringId) {
      const [row] = (await worker.dataSource.query(
        `SELECT free_places, version,
                (SELECT count(*)::int FROM social_map.hold WHERE offering_id = $1 AND state = 'held') AS held,
                (SELECT count(*)::int FROM social_map.capacity_event WHERE offering_id = $1) AS events
           FROM social_map.offering WHERE id = $1`,
        [offeringId],
      )) as { free_places: number; version: number; held: number; events: number }[];
      return row!;
    },
    async close() {
      await worker.close();
      await db.drop();
    },
  };
}
