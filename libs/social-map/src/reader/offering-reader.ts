import { Injectable } from '@nestjs/common';
import type { Setting } from '@passend/reference/domain';
import { ReferenceCatalog } from '@passend/reference';
import { DataSource, type EntityManager } from 'typeorm';
import { housesPrivateHomeSql } from '../catalog/private-home-sql.js';
import type { OfferingCandidate, OfferingCandidateFilter } from '../domain/offering-candidate.js';

type SqlRunner = Pick<EntityManager, 'query'>;

interface CandidateRow extends Omit<OfferingCandidate, 'regionCode' | 'capacityConfirmedAt'> {
  capacityConfirmedAt: Date;
}

const CANDIDATES = `
  SELECT o.id AS "offeringId", o.provider_id AS "providerId", o.location_id AS "locationId", l.municipality_code AS "municipalityCode",
         l.latitude, l.longitude, o.category_code AS "categoryCode", o.setting,
         coalesce((SELECT array_agg(s.specialism_code ORDER BY s.specialism_code) FROM social_map.offering_specialism s WHERE s.offering_id = o.id), '{}') AS "specialismCodes",
         o.min_age::float8 AS "minAge", o.max_age::float8 AS "maxAge", o.exclusion_criteria AS "exclusionCriteria",
         o.requires_secure_authorisation AS "requiresSecureAuthorisation", o.accepts_other_regions AS "acceptsOtherRegions",
         coalesce((SELECT array_agg(c.region_code ORDER BY c.region_code) FROM social_map.offering_contract c WHERE c.offering_id = o.id), '{}') AS "contractedRegionCodes",
         o.free_places AS "freePlaces", o.wait_weeks AS "waitWeeks", o.capacity_status AS "capacityStatus", o.capacity_confirmed_at AS "capacityConfirmedAt",
         ${housesPrivateHomeSql('l')} AS "isPrivateHome"
    FROM social_map.offering o
    JOIN social_map.location l ON l.id = o.location_id`;

/**
 * The social map as other contexts read it: plain OfferingCandidate objects for matching, and
 * the checks behind cases' HelpCatalogue port (bound in the apps). One statement per call, the
 * arrays aggregated in SQL; the region of a location's municipality comes from the reference
 * catalogue (in memory), not from reference's tables.
 */
@Injectable()
export class OfferingReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: ReferenceCatalog,
  ) {}

  /** Active offerings of these categories, optionally only with a free place and only in these regions; by id. */
  async eligibleCandidates(filter: OfferingCandidateFilter, runner: SqlRunner = this.dataSource.manager): Promise<OfferingCandidate[]> {
    const municipalities = filter.regionCodes ? await this.municipalitiesOf(filter.regionCodes) : null;
    if (municipalities?.length === 0) return [];
    const rows = (await runner.query(
      `${CANDIDATES}
        WHERE o.active
          AND (cardinality($1::text[]) = 0 OR o.category_code = ANY($1::text[]))
          AND (NOT $2::boolean OR o.free_places > 0)
          AND ($3::text[] IS NULL OR l.municipality_code = ANY($3::text[]))
        ORDER BY o.id`,
      [filter.categoryCodes, filter.onlyWithFreePlaces ?? false, municipalities],
    )) as CandidateRow[];
    return this.complete(rows);
  }

  /** These offerings (active or not), by id; unknown ids are left out. */
  async get(offeringIds: readonly string[], runner: SqlRunner = this.dataSource.manager): Promise<OfferingCandidate[]> {
    if (offeringIds.length === 0) return [];
    const rows = (await runner.query(`${CANDIDATES} WHERE o.id = ANY($1::uuid[]) ORDER BY o.id`, [[...new Set(offeringIds)]])) as CandidateRow[];
    return this.complete(rows);
  }

  /** For cases' HelpCatalogue port. */
  async offeringExists(offeringId: string, runner: SqlRunner = this.dataSource.manager): Promise<boolean> {
    return ((await runner.query(`SELECT 1 FROM social_map.offering WHERE id = $1`, [offeringId])) as unknown[]).length > 0;
  }

  /** For cases' HelpCatalogue port: the codes not in the specialism taxonomy, in their order, each once. */
  async unknownSpecialisms(codes: readonly string[], runner: SqlRunner = this.dataSource.manager): Promise<string[]> {
    const unique = [...new Set(codes)];
    if (unique.length === 0) return [];
    const known = new Set(((await runner.query(`SELECT code FROM social_map.specialism WHERE code = ANY($1::varchar[])`, [unique])) as { code: string }[]).map((r) => r.code));
    return unique.filter((c) => !known.has(c));
  }

  private async municipalitiesOf(regionCodes: readonly string[]): Promise<string[]> {
    const wanted = new Set(regionCodes);
    return (await this.reference.municipalities()).filter((m) => wanted.has(m.regionCode)).map((m) => m.code);
  }

  private async complete(rows: CandidateRow[]): Promise<OfferingCandidate[]> {
    const regionOf = new Map((await this.reference.municipalities()).map((m) => [m.code, m.regionCode]));
    return rows.map((r) => ({
      ...r,
      regionCode: regionOf.get(r.municipalityCode)!,
      setting: r.setting as Setting,
      capacityConfirmedAt: r.capacityConfirmedAt.toISOString(),
    }));
  }
}
