import { DomainError, type FieldProblem } from '@passend/platform';
import type { OfferingFacets, OfferingSearchQuery } from './offering-search.js';

export const MAX_PER_PAGE = 1000;

/**
 * The checks both engines make before they search. The search service validates requests; this
 * is the backstop, so that a caller that skipped it gets a 400 naming the field, not a 500 or an
 * unordered answer.
 */
export function assertSearchable(query: OfferingSearchQuery): void {
  const problems: FieldProblem[] = [];
  if (query.sort === 'distance' && !query.near) problems.push({ field: 'sort', message: 'sort=distance needs a point to measure from (near)' });
  if (!['relevance', 'distance', 'wait', 'freshness'].includes(query.sort)) problems.push({ field: 'sort', message: `unknown sort ${String(query.sort)}` });
  if (!Number.isInteger(query.page) || query.page < 1) problems.push({ field: 'page', message: 'page must be a whole number from 1' });
  if (!Number.isInteger(query.perPage) || query.perPage < 1 || query.perPage > MAX_PER_PAGE) {
    problems.push({ field: 'perPage', message: `perPage must be a whole number from 1 to ${MAX_PER_PAGE}` });
  }
  if (query.childAge !== undefined && !Number.isFinite(query.childAge)) problems.push({ field: 'childAge', message: 'childAge must be a number' });
  if (query.maxWaitWeeks !== undefined && !Number.isFinite(query.maxWaitWeeks)) problems.push({ field: 'maxWaitWeeks', message: 'maxWaitWeeks must be a number' });
  if (query.near) {
    const { latitude, longitude, radiusKm } = query.near;
    if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90) problems.push({ field: 'near.latitude', message: 'latitude must be between -90 and 90' });
    if (!Number.isFinite(longitude) || longitude < -180 || longitude > 180) problems.push({ field: 'near.longitude', message: 'longitude must be between -180 and 180' });
    if (radiusKm !== undefined && (!Number.isFinite(radiusKm) || radiusKm <= 0)) problems.push({ field: 'near.radiusKm', message: 'radiusKm must be positive' });
  }
  if (problems.length > 0) throw DomainError.validation(problems);
}

export function emptyFacets(): OfferingFacets {
  return { region: {}, category: {}, setting: {}, availability: { free: 0, full: 0 } };
}
