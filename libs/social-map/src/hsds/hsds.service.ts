import { Injectable } from '@nestjs/common';
import { DomainError } from '@passend/platform';
import { DataSource } from 'typeorm';
import { housesPrivateHomeSql } from '../catalog/private-home-sql.js';
import type {
  HsdsOrganizationDetailResponse,
  HsdsOrganizationPageResponse,
  HsdsPageQuery,
  HsdsServicePageResponse,
  HsdsServiceResponse,
} from './hsds.dto.js';
import { pageOf, toHsdsOrganization, toHsdsService, type ProviderRow, type RegionLink, type ServiceRow, type SpecialismLink } from './hsds-mapping.js';

/** An active offering with its location (and whether it houses a private home) and JZ020 label: one row per service. Never capacity_confirmed_by. */
const SERVICE_SELECT = `
  SELECT o.id, o.provider_id AS "providerId", o.name, o.description_nl AS "descriptionNl", o.category_code AS "categoryCode",
         c.value AS "categoryLabel", o.setting, o.min_age::float8 AS "minAge", o.max_age::float8 AS "maxAge",
         o.exclusion_criteria AS "exclusionCriteria", o.requires_secure_authorisation AS "requiresSecureAuthorisation",
         o.total_places AS "totalPlaces", o.free_places AS "freePlaces", o.wait_weeks AS "waitWeeks",
         o.capacity_confirmed_at AS "capacityConfirmedAt", greatest(o.updated_at, o.capacity_confirmed_at) AS "lastModified",
         json_build_object('id', l.id, 'name', l.name, 'street', l.street, 'postcode', l.postcode, 'city', l.city,
           'municipalityCode', l.municipality_code, 'municipalityName', m.name, 'province', m.province,
           'latitude', l.latitude, 'longitude', l.longitude, 'municipalityLatitude', m.latitude, 'municipalityLongitude', m.longitude,
           'privateHome', ${housesPrivateHomeSql('l')}) AS location
    FROM social_map.offering o
    JOIN social_map.location l ON l.id = o.location_id
    JOIN reference.municipality m ON m.code = l.municipality_code
    LEFT JOIN reference.code_list_entry c ON c.list_code = 'JZ020' AND c.code = o.category_code`;

const PROVIDER_COLUMNS = `id, name, description, website, email, phone, kvk_number AS "kvkNumber"`;

/** A page query returns one row even past the end: the total, with null columns. */
type Paged<T> = { total: number } & (T | { [K in keyof T]: null });

/**
 * The social map as Open Referral HSDS 3.1 open data: providers and their active offerings
 * with live capacity. A page is one query (total and rows together) plus one batch query each
 * for specialisms and contracted regions, whatever the page size.
 */
@Injectable()
export class HsdsService {
  constructor(private readonly dataSource: DataSource) {}

  async services(query: HsdsPageQuery): Promise<HsdsServicePageResponse> {
    const rows = (await this.dataSource.query(
      // the page's ids come from the primary key alone; only those 1-100 rows are joined and built
      `WITH page AS (SELECT id FROM social_map.offering WHERE active ORDER BY id LIMIT $1 OFFSET $2)
       SELECT t.total, p.*
         FROM (SELECT count(*)::int AS total FROM social_map.offering WHERE active) t
         LEFT JOIN LATERAL (${SERVICE_SELECT} WHERE o.id IN (SELECT id FROM page)) p ON true
        ORDER BY p.id`,
      [query.per_page, (query.page - 1) * query.per_page],
    )) as Paged<ServiceRow>[];
    const services = await this.withLinks(rows.filter((r): r is { total: number } & ServiceRow => r.id !== null));
    return { ...pageOf(rows[0]?.total ?? 0, query.page, query.per_page, services.length), contents: services };
  }

  async service(id: string): Promise<HsdsServiceResponse> {
    const rows = (await this.dataSource.query(`${SERVICE_SELECT} WHERE o.id = $1 AND o.active`, [id])) as ServiceRow[];
    const [service] = await this.withLinks(rows);
    if (!service) throw DomainError.notFound('Service');
    return service;
  }

  async organizations(query: HsdsPageQuery): Promise<HsdsOrganizationPageResponse> {
    const rows = (await this.dataSource.query(
      `SELECT t.total, p.*
         FROM (SELECT count(*)::int AS total FROM social_map.provider) t
         LEFT JOIN LATERAL (SELECT ${PROVIDER_COLUMNS} FROM social_map.provider ORDER BY name, id LIMIT $1 OFFSET $2) p ON true
        ORDER BY p.name, p.id`,
      [query.per_page, (query.page - 1) * query.per_page],
    )) as Paged<ProviderRow>[];
    const organizations = rows.filter((r): r is { total: number } & ProviderRow => r.id !== null).map(({ total: _, ...p }) => toHsdsOrganization(p));
    return { ...pageOf(rows[0]?.total ?? 0, query.page, query.per_page, organizations.length), contents: organizations };
  }

  async organization(id: string): Promise<HsdsOrganizationDetailResponse> {
    const providers = (await this.dataSource.query(`SELECT ${PROVIDER_COLUMNS} FROM social_map.provider WHERE id = $1`, [id])) as ProviderRow[];
    if (!providers[0]) throw DomainError.notFound('Organization');
    const services = (await this.dataSource.query(
      `SELECT id, name FROM social_map.offering WHERE provider_id = $1 AND active ORDER BY name, id`,
      [id],
    )) as { id: string; name: string }[];
    return { ...toHsdsOrganization(providers[0]), services: services.map((s) => ({ id: s.id, name: s.name, status: 'active' as const })) };
  }

  /** Specialisms and contracted regions of all the rows in two queries. */
  private async withLinks(rows: ServiceRow[]): Promise<HsdsServiceResponse[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const [specialisms, regions] = await Promise.all([
      this.dataSource.query(
        `SELECT os.offering_id AS "offeringId", s.code, s.label_nl AS "labelNl", s.label_en AS "labelEn"
           FROM social_map.offering_specialism os JOIN social_map.specialism s ON s.code = os.specialism_code
          WHERE os.offering_id = ANY($1::uuid[])
          ORDER BY os.offering_id, s.code`,
        [ids],
      ) as Promise<({ offeringId: string } & SpecialismLink)[]>,
      this.dataSource.query(
        `WITH links AS (SELECT offering_id, region_code FROM social_map.offering_contract WHERE offering_id = ANY($1::uuid[])),
              regions AS (
                SELECT r.code, r.name, r.main_province, coalesce(string_agg(m.name, ', ' ORDER BY m.name), '') AS municipalities
                  FROM reference.region r LEFT JOIN reference.municipality m ON m.region_code = r.code
                 WHERE r.code IN (SELECT region_code FROM links)
                 GROUP BY r.code)
         SELECT links.offering_id AS "offeringId", regions.code, regions.name, regions.main_province AS "mainProvince", regions.municipalities
           FROM links JOIN regions ON regions.code = links.region_code
          ORDER BY links.offering_id, regions.code`,
        [ids],
      ) as Promise<({ offeringId: string } & RegionLink)[]>,
    ]);
    const byOffering = <T extends { offeringId: string }>(links: T[]) => {
      const map = new Map<string, Omit<T, 'offeringId'>[]>();
      for (const { offeringId, ...link } of links) {
        const list = map.get(offeringId);
        if (list) list.push(link);
        else map.set(offeringId, [link]);
      }
      return map;
    };
    const specialismsOf = byOffering(specialisms);
    const regionsOf = byOffering(regions);
    return rows.map((r) => toHsdsService(r, specialismsOf.get(r.id) ?? [], regionsOf.get(r.id) ?? []));
  }
}
