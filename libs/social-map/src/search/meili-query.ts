import type { OfferingSearchQuery } from './offering-search.js';

/** Meilisearch's facet names for the port's facets. */
export const MEILI_FACETS = { region: 'regionCode', category: 'categoryCode', setting: 'setting', availability: 'hasFree' } as const;

/** A string value in a Meilisearch filter expression: double-quoted, quotes and backslashes escaped. */
export function meiliString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function meiliNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}

function list(values: readonly string[]): string {
  return `[${values.map(meiliString).join(', ')}]`;
}

/**
 * The query's filters as Meilisearch filter expressions (all must hold), meaning what the
 * PostgreSQL engine's WHERE means: only active offerings; any of the given categories, settings or
 * specialisms; min_age <= age <= max_age; free places, or at most this wait; contracted by the
 * region or accepting other regions; secure care only / none; within the radius.
 */
export function meiliFilter(query: OfferingSearchQuery): string[] {
  const filter: string[] = ['active = true'];
  if (query.regionCode) filter.push(`regionCode = ${meiliString(query.regionCode)}`);
  if (query.municipalityCode) filter.push(`municipalityCode = ${meiliString(query.municipalityCode)}`);
  if (query.categoryCodes?.length) filter.push(`categoryCode IN ${list(query.categoryCodes)}`);
  if (query.settings?.length) filter.push(`setting IN ${list(query.settings)}`);
  if (query.specialismCodes?.length) filter.push(`specialismCodes IN ${list(query.specialismCodes)}`);
  if (query.childAge !== undefined) filter.push(`minAge <= ${meiliNumber(query.childAge)} AND maxAge >= ${meiliNumber(query.childAge)}`);
  if (query.freeNow) filter.push('hasFree = true');
  if (query.maxWaitWeeks !== undefined) filter.push(`(hasFree = true OR waitWeeks <= ${meiliNumber(query.maxWaitWeeks)})`);
  if (query.contractedFor) filter.push(`(acceptsOtherRegions = true OR contractedRegionCodes = ${meiliString(query.contractedFor)})`);
  if (query.secureCare === true) filter.push('secure = true');
  if (query.secureCare === false) filter.push('secure = false');
  if (query.near?.radiusKm !== undefined) {
    const { latitude, longitude, radiusKm } = query.near;
    filter.push(`_geoRadius(${meiliNumber(latitude)}, ${meiliNumber(longitude)}, ${meiliNumber(Math.round(radiusKm * 1000))})`);
  }
  return filter;
}

/**
 * Meilisearch sort rules, ending with the id so that ties come out the same every time. With free
 * text and sort=relevance: none (the ranking rules decide, then freshness).
 */
export function meiliSort(query: OfferingSearchQuery, hasText: boolean): string[] | undefined {
  switch (query.sort) {
    case 'distance':
      return [`_geoPoint(${meiliNumber(query.near!.latitude)}, ${meiliNumber(query.near!.longitude)}):asc`, 'id:asc'];
    case 'wait':
      return ['hasFree:desc', 'waitWeeks:asc', 'id:asc'];
    case 'freshness':
      return ['capacityConfirmedAt:desc', 'id:asc'];
    case 'relevance':
    default:
      return hasText ? undefined : ['capacityConfirmedAt:desc', 'id:asc'];
  }
}
