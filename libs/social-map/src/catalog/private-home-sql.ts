import { PRIVATE_HOME_SETTINGS } from '@passend/reference/domain';

/**
 * SQL: whether the location `location` (an alias with an id column) houses a private home, i.e.
 * any offering at it, active or not, is foster care or a family home (see domain/private-home.ts).
 * The settings are constants, not input.
 */
export function housesPrivateHomeSql(location: string): string {
  return `EXISTS (SELECT 1 FROM social_map.offering ph WHERE ph.location_id = ${location}.id AND ph.setting IN (${PRIVATE_HOME_SETTINGS.map((s) => `'${s}'`).join(',')}))`;
}
