import type { EntityManager } from 'typeorm';

/** PostgreSQL channel on which committed capacity changes are announced to every api process. */
export const CAPACITY_CHANNEL = 'passend_capacity';

/** What the live feed tells about a change: directory data only. */
export interface CapacityChange {
  offeringId: string;
  providerId: string;
  regionCode: string;
  municipalityCode: string;
  categoryCode: string;
  setting: string;
  totalPlaces: number;
  freePlaces: number;
  waitWeeks: number;
  active: boolean;
  /** ISO time of the change */
  at: string;
}

/**
 * Announces the offerings' current capacity on CAPACITY_CHANNEL. Called inside the change's
 * transaction: PostgreSQL delivers the notification only when (and if) the transaction commits.
 */
/**
 * The notification payload as SQL, over an offering `o` (or a row with its columns), its location
 * `l` and municipality `m`: one definition for every statement that announces.
 */
export const CAPACITY_CHANGE_JSON = `json_build_object(
  'offeringId', o.id, 'providerId', o.provider_id, 'regionCode', m.region_code, 'municipalityCode', l.municipality_code,
  'categoryCode', o.category_code, 'setting', o.setting, 'totalPlaces', o.total_places, 'freePlaces', o.free_places,
  'waitWeeks', o.wait_weeks, 'active', o.active, 'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text`;

export async function announceCapacity(manager: EntityManager, offeringIds: string[]): Promise<void> {
  if (offeringIds.length === 0) return;
  await manager.query(
    `SELECT pg_notify($2, ${CAPACITY_CHANGE_JSON})
       FROM social_map.offering o
       JOIN social_map.location l ON l.id = o.location_id
       JOIN reference.municipality m ON m.code = l.municipality_code
      WHERE o.id = ANY($1::uuid[])`,
    [offeringIds, CAPACITY_CHANNEL],
  );
}
