import { Injectable } from '@nestjs/common';
import { AccessControl } from '@passend/identity';
import { Clock, DomainError, type Actor, type FieldProblem } from '@passend/platform';
import { ReferenceCatalog } from '@passend/reference';
import { DataSource, type EntityManager } from 'typeorm';
import { ageRangeProblems, capacityProblems, isInNetherlands } from '../domain/capacity.js';
import { freshnessOf, staleBefore } from '../domain/freshness.js';
import { locationPolicy, offeringPolicy } from '../domain/offering-policy.js';
import { placeAsSeenBy, type MunicipalityCentre } from '../domain/private-home.js';
import type {
  LocationRequest,
  LocationResponse,
  LocationUpdateRequest,
  OfferingRequest,
  OfferingResponse,
  OfferingUpdateRequest,
  ProviderProfileRequest,
  ProviderResponse,
  SpecialismRequest,
  SpecialismResponse,
  StaleOfferingsResponse,
} from './catalog.dto.js';
import { OfferingEffects } from './offering-effects.js';
import { housesPrivateHomeSql } from './private-home-sql.js';

/** Whether the location (alias l) houses a private home: any offering at it, active or not, with such a setting. */
const PRIVATE_HOME_SQL = housesPrivateHomeSql('l');
/** The municipality (alias m) a withheld location is shown as. */
const MUNICIPALITY_CENTRE_SQL = `json_build_object('name', m.name, 'latitude', m.latitude, 'longitude', m.longitude)`;

/** What deciding who sees a location's address needs. */
interface Privacy {
  private_home: boolean;
  municipality: MunicipalityCentre;
}

interface OfferingRow extends Privacy {
  id: string;
  provider_id: string;
  provider_name: string;
  location: LocationResponse;
  name: string;
  category_code: string;
  setting: OfferingResponse['setting'];
  specialism_codes: string[];
  min_age: string;
  max_age: string;
  exclusion_criteria: string[];
  requires_secure_authorisation: boolean;
  contracted_region_codes: string[];
  accepts_other_regions: boolean;
  description_nl: string;
  total_places: number;
  free_places: number;
  wait_weeks: number;
  version: number;
  capacity_confirmed_at: Date;
  active: boolean;
}

const OFFERING_SELECT = `
  SELECT o.id, o.provider_id, p.name AS provider_name, o.name, o.category_code, o.setting, o.min_age, o.max_age,
         o.exclusion_criteria, o.requires_secure_authorisation, o.accepts_other_regions, o.description_nl,
         o.total_places, o.free_places, o.wait_weeks, o.version, o.capacity_confirmed_at, o.active,
         coalesce((SELECT array_agg(s.specialism_code ORDER BY s.specialism_code) FROM social_map.offering_specialism s WHERE s.offering_id = o.id), '{}') AS specialism_codes,
         coalesce((SELECT array_agg(c.region_code ORDER BY c.region_code) FROM social_map.offering_contract c WHERE c.offering_id = o.id), '{}') AS contracted_region_codes,
         json_build_object('id', l.id, 'providerId', l.provider_id, 'name', l.name, 'street', l.street, 'postcode', l.postcode, 'city', l.city,
           'municipalityCode', l.municipality_code, 'regionCode', m.region_code, 'latitude', l.latitude, 'longitude', l.longitude,
           'addressWithheld', false) AS location,
         ${PRIVATE_HOME_SQL} AS private_home, ${MUNICIPALITY_CENTRE_SQL} AS municipality
    FROM social_map.offering o
    JOIN social_map.provider p ON p.id = o.provider_id
    JOIN social_map.location l ON l.id = o.location_id
    JOIN reference.municipality m ON m.code = l.municipality_code`;

function toOffering(r: OfferingRow, now: Date): OfferingResponse {
  return {
    id: r.id,
    providerId: r.provider_id,
    providerName: r.provider_name,
    location: r.location,
    name: r.name,
    categoryCode: r.category_code,
    setting: r.setting,
    specialismCodes: r.specialism_codes,
    minAge: Number(r.min_age),
    maxAge: Number(r.max_age),
    exclusionCriteria: r.exclusion_criteria,
    requiresSecureAuthorisation: r.requires_secure_authorisation,
    contractedRegionCodes: r.contracted_region_codes,
    acceptsOtherRegions: r.accepts_other_regions,
    descriptionNl: r.description_nl,
    totalPlaces: r.total_places,
    freePlaces: r.free_places,
    waitWeeks: r.wait_weeks,
    version: r.version,
    capacityConfirmedAt: r.capacity_confirmed_at.toISOString(),
    freshness: freshnessOf(r.capacity_confirmed_at, now),
    active: r.active,
  };
}

/** The provider a viewer works for (null for anyone who is not provider staff). */
function viewerProviderId(actor: Actor): string | null {
  return actor.principal.role === 'provider_staff' ? actor.principal.organisationId : null;
}

function locationAsSeenBy(actor: Actor, location: LocationResponse, privacy: Privacy): LocationResponse {
  return placeAsSeenBy(location, { privateHome: privacy.private_home, municipality: privacy.municipality, viewerProviderId: viewerProviderId(actor) });
}

/**
 * Providers keep their own directory entry, locations and offerings; codes are checked against
 * the reference data and the taxonomy, coordinates against the map of the Netherlands.
 */
@Injectable()
export class CatalogService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: ReferenceCatalog,
    private readonly access: AccessControl,
    private readonly effects: OfferingEffects,
    private readonly clock: Clock,
  ) {}

  // ---- providers -------------------------------------------------------------------------

  async provider(id: string): Promise<ProviderResponse> {
    const rows = (await this.dataSource.query(
      `SELECT id, name, description, website, email, phone, kvk_number AS "kvkNumber", synthetic FROM social_map.provider WHERE id = $1`,
      [id],
    )) as ProviderResponse[];
    if (!rows[0]) throw DomainError.notFound('Provider');
    return rows[0];
  }

  /** Provider staff write their organisation's directory entry (created on first write). */
  async saveOwnProvider(actor: Actor, profile: ProviderProfileRequest): Promise<ProviderResponse> {
    const providerId = this.ownProviderId(actor);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO social_map.provider (id, name, description, website, email, phone, kvk_number)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, website = EXCLUDED.website,
           email = EXCLUDED.email, phone = EXCLUDED.phone, kvk_number = EXCLUDED.kvk_number, updated_at = now()`,
        [providerId, profile.name, profile.description ?? '', profile.website ?? null, profile.email ?? null, profile.phone ?? null, profile.kvkNumber ?? null],
      );
      const ids = (await manager.query(`SELECT id FROM social_map.offering WHERE provider_id = $1`, [providerId])) as { id: string }[];
      if (ids.length) await this.effects.detailsChanged(manager, ids.map((r) => r.id));
    });
    return this.provider(providerId);
  }

  private ownProviderId(actor: Actor): string {
    if (actor.principal.role !== 'provider_staff') throw DomainError.forbidden('Only provider staff keep a provider\'s entry');
    return actor.principal.organisationId;
  }

  private async requireProvider(manager: EntityManager, providerId: string): Promise<void> {
    const rows = (await manager.query(`SELECT 1 FROM social_map.provider WHERE id = $1`, [providerId])) as unknown[];
    if (!rows.length) throw DomainError.validation([{ field: 'provider', message: 'fill in your organisation\'s entry first (PUT /api/providers/me)' }]);
  }

  // ---- locations -------------------------------------------------------------------------

  async createLocation(actor: Actor, request: LocationRequest): Promise<LocationResponse> {
    const providerId = this.ownProviderId(actor);
    const access = { policy: locationPolicy, action: 'create' as const, record: { providerId }, subjectId: null, purpose: 'capacity_management' as const };
    await this.access.check(actor, access);
    const place = await this.checkPlace(request.municipalityCode, request.latitude, request.longitude);
    const id = await this.dataSource.transaction(async (manager) => {
      await this.requireProvider(manager, providerId);
      const rows = (await manager.query(
        `INSERT INTO social_map.location (provider_id, name, street, postcode, city, municipality_code, latitude, longitude)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [providerId, request.name, request.street ?? null, request.postcode ?? null, request.city, request.municipalityCode, place.latitude, place.longitude],
      )) as { id: string }[];
      // logged last, with the change: a refused change leaves no "success" entry, and the audit chain's lock is held only until commit
      await this.access.authorize(actor, { ...access, manager });
      return rows[0]!.id;
    });
    return this.location(id);
  }

  async updateLocation(actor: Actor, id: string, request: LocationUpdateRequest): Promise<LocationResponse> {
    const current = await this.location(id);
    const access = { policy: locationPolicy, action: 'update' as const, record: { providerId: current.providerId }, subjectId: id, purpose: 'capacity_management' as const };
    await this.access.check(actor, access);
    const merged = { ...current, ...request };
    const movedMunicipality = request.municipalityCode !== undefined && request.municipalityCode !== current.municipalityCode;
    const place = await this.checkPlace(
      merged.municipalityCode,
      request.latitude ?? (movedMunicipality ? undefined : current.latitude ?? undefined),
      request.longitude ?? (movedMunicipality ? undefined : current.longitude ?? undefined),
    );
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE social_map.location SET name = $2, street = $3, postcode = $4, city = $5, municipality_code = $6, latitude = $7, longitude = $8, updated_at = now() WHERE id = $1`,
        [id, merged.name, merged.street ?? null, merged.postcode ?? null, merged.city, merged.municipalityCode, place.latitude, place.longitude],
      );
      const ids = (await manager.query(`SELECT id FROM social_map.offering WHERE location_id = $1`, [id])) as { id: string }[];
      if (ids.length) await this.effects.detailsChanged(manager, ids.map((r) => r.id));
      // logged last, with the change: a refused change leaves no "success" entry, and the audit chain's lock is held only until commit
      await this.access.authorize(actor, { ...access, manager });
    });
    return this.location(id);
  }

  /** The location in full: for the provider's own write paths only; readers get {@link locationFor}. */
  async location(id: string): Promise<LocationResponse> {
    const { private_home: _, municipality: __, ...location } = await this.locationRow(id);
    return location;
  }

  /** The location as this actor may see it: a private home's address only to its own provider. */
  async locationFor(actor: Actor, id: string): Promise<LocationResponse> {
    const { private_home, municipality, ...location } = await this.locationRow(id);
    return locationAsSeenBy(actor, location, { private_home, municipality });
  }

  private async locationRow(id: string): Promise<LocationResponse & Privacy> {
    const rows = (await this.dataSource.query(
      `SELECT l.id, l.provider_id AS "providerId", l.name, l.street, l.postcode, l.city, l.municipality_code AS "municipalityCode",
              m.region_code AS "regionCode", l.latitude, l.longitude, false AS "addressWithheld",
              ${PRIVATE_HOME_SQL} AS private_home, ${MUNICIPALITY_CENTRE_SQL} AS municipality
         FROM social_map.location l JOIN reference.municipality m ON m.code = l.municipality_code WHERE l.id = $1`,
      [id],
    )) as (LocationResponse & Privacy)[];
    if (!rows[0]) throw DomainError.notFound('Location');
    return rows[0];
  }

  /** A known municipality; coordinates inside the Netherlands, or the municipality's centre when none are given. */
  private async checkPlace(municipalityCode: string, latitude?: number, longitude?: number): Promise<{ latitude: number; longitude: number }> {
    const municipality = await this.reference.municipality(municipalityCode);
    if (!municipality) throw DomainError.validation([{ field: 'municipalityCode', message: `${municipalityCode} is not a municipality of 2025` }]);
    if ((latitude === undefined) !== (longitude === undefined)) {
      throw DomainError.validation([{ field: latitude === undefined ? 'latitude' : 'longitude', message: 'give latitude and longitude together' }]);
    }
    if (latitude !== undefined && longitude !== undefined) {
      if (!isInNetherlands(latitude, longitude) || !(await this.reference.regionAt(latitude, longitude))) {
        throw DomainError.validation([{ field: 'latitude', message: `(${latitude}, ${longitude}) is not in the Netherlands` }]);
      }
      return { latitude, longitude };
    }
    if (municipality.latitude === null || municipality.longitude === null) {
      throw DomainError.validation([{ field: 'latitude', message: `give coordinates: the centre of ${municipality.name} is not known` }]);
    }
    return { latitude: municipality.latitude, longitude: municipality.longitude };
  }

  // ---- offerings -------------------------------------------------------------------------

  /** The offering with its location in full: for the provider's own write paths only; readers get {@link offeringFor}. */
  async offering(id: string): Promise<OfferingResponse> {
    return toOffering(await this.offeringRow(id), this.clock.now());
  }

  /** The offering as this actor may see it: a private home's address only to its own provider. */
  async offeringFor(actor: Actor, id: string): Promise<OfferingResponse> {
    const row = await this.offeringRow(id);
    return { ...toOffering(row, this.clock.now()), location: locationAsSeenBy(actor, row.location, row) };
  }

  private async offeringRow(id: string): Promise<OfferingRow> {
    const rows = (await this.dataSource.query(`${OFFERING_SELECT} WHERE o.id = $1`, [id])) as OfferingRow[];
    if (!rows[0]) throw DomainError.notFound('Offering');
    return rows[0];
  }

  async ownOfferings(actor: Actor, onlyStale = false): Promise<OfferingResponse[]> {
    const providerId = this.ownProviderId(actor);
    const rows = (await this.dataSource.query(
      `${OFFERING_SELECT} WHERE o.provider_id = $1 AND o.active ${onlyStale ? 'AND o.capacity_confirmed_at < $2' : ''} ORDER BY o.name, o.id`,
      onlyStale ? [providerId, staleBefore(this.clock.now())] : [providerId],
    )) as OfferingRow[];
    return rows.map((r) => toOffering(r, this.clock.now()));
  }

  async staleOfferings(actor: Actor): Promise<StaleOfferingsResponse> {
    const providerId = this.ownProviderId(actor);
    const report = (await this.dataSource.query(
      `SELECT to_char(report_date, 'YYYY-MM-DD') AS date FROM social_map.stale_report WHERE provider_id = $1 ORDER BY report_date DESC LIMIT 1`,
      [providerId],
    )) as { date: string }[];
    return { reportDate: report[0]?.date ?? null, offerings: await this.ownOfferings(actor, true) };
  }

  async createOffering(actor: Actor, request: OfferingRequest): Promise<OfferingResponse> {
    const providerId = this.ownProviderId(actor);
    const location = await this.location(request.locationId).catch(() => {
      throw DomainError.validation([{ field: 'locationId', message: 'no such location' }]);
    });
    const access = { policy: offeringPolicy, action: 'update' as const, record: { providerId: location.providerId }, subjectId: null, purpose: 'capacity_management' as const };
    await this.access.check(actor, access);
    if (location.providerId !== providerId) throw DomainError.forbidden('This location belongs to another provider');
    const capacity = { totalPlaces: request.totalPlaces, freePlaces: request.freePlaces, waitWeeks: request.waitWeeks ?? 0 };
    const details = { ...request, exclusionCriteria: request.exclusionCriteria ?? [], requiresSecureAuthorisation: request.requiresSecureAuthorisation ?? request.setting === 'secure_residential', acceptsOtherRegions: request.acceptsOtherRegions ?? true, descriptionNl: request.descriptionNl ?? '' };
    const problems = [...(await this.detailProblems(details)), ...capacityProblems(capacity)];
    if (problems.length) throw DomainError.validation(problems);
    const id = await this.dataSource.transaction(async (manager) => {
      const wasPrivateHome = await this.housesPrivateHome(manager, request.locationId);
      const rows = (await manager.query(
        `INSERT INTO social_map.offering (provider_id, location_id, name, category_code, setting, min_age, max_age, exclusion_criteria,
           requires_secure_authorisation, accepts_other_regions, description_nl, total_places, free_places, wait_weeks, capacity_confirmed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
        [providerId, request.locationId, details.name, details.categoryCode, details.setting, details.minAge, details.maxAge, details.exclusionCriteria,
          details.requiresSecureAuthorisation, details.acceptsOtherRegions, details.descriptionNl, capacity.totalPlaces, capacity.freePlaces, capacity.waitWeeks, actor.principal.userId],
      )) as { id: string }[];
      const offeringId = rows[0]!.id;
      await this.writeLinks(manager, offeringId, details.specialismCodes, details.contractedRegionCodes);
      await manager.query(
        `INSERT INTO social_map.capacity_event (offering_id, actor_user_id, kind, new_total, new_free, new_wait) VALUES ($1, $2, 'created', $3, $4, $5)`,
        [offeringId, actor.principal.userId, capacity.totalPlaces, capacity.freePlaces, capacity.waitWeeks],
      );
      await this.effects.detailsChanged(manager, await this.changedWith(manager, request.locationId, wasPrivateHome, offeringId));
      // logged last, with the change: a refused change leaves no "success" entry, and the audit chain's lock is held only until commit
      await this.access.authorize(actor, { ...access, manager });
      return offeringId;
    });
    return this.offering(id);
  }

  async updateOffering(actor: Actor, id: string, request: OfferingUpdateRequest): Promise<OfferingResponse> {
    const current = await this.offering(id);
    const access = { policy: offeringPolicy, action: 'update' as const, record: { providerId: current.providerId }, subjectId: id, purpose: 'capacity_management' as const };
    await this.access.check(actor, access);
    // a null optional field is taken for absent, as when the offering is created (the columns are NOT NULL)
    const given = Object.fromEntries(Object.entries(request).filter(([, value]) => value !== null && value !== undefined)) as OfferingUpdateRequest;
    const details = { ...current, ...given };
    const problems = await this.detailProblems(details);
    if (problems.length) throw DomainError.validation(problems);
    await this.dataSource.transaction(async (manager) => {
      const wasPrivateHome = await this.housesPrivateHome(manager, current.location.id);
      await manager.query(
        `UPDATE social_map.offering SET name = $2, category_code = $3, setting = $4, min_age = $5, max_age = $6, exclusion_criteria = $7,
           requires_secure_authorisation = $8, accepts_other_regions = $9, description_nl = $10, updated_at = now() WHERE id = $1`,
        [id, details.name, details.categoryCode, details.setting, details.minAge, details.maxAge, details.exclusionCriteria,
          details.requiresSecureAuthorisation, details.acceptsOtherRegions, details.descriptionNl],
      );
      if (request.specialismCodes || request.contractedRegionCodes) {
        await this.writeLinks(manager, id, request.specialismCodes, request.contractedRegionCodes);
      }
      await this.effects.detailsChanged(manager, await this.changedWith(manager, current.location.id, wasPrivateHome, id));
      // logged last, with the change: a refused change leaves no "success" entry, and the audit chain's lock is held only until commit
      await this.access.authorize(actor, { ...access, manager });
    });
    return this.offering(id);
  }

  private async housesPrivateHome(manager: EntityManager, locationId: string): Promise<boolean> {
    const rows = (await manager.query(`SELECT ${housesPrivateHomeSql('l')} AS home FROM social_map.location l WHERE l.id = $1`, [locationId])) as { home: boolean }[];
    return rows[0]?.home ?? false;
  }

  /**
   * The offerings whose search documents a change to `offeringId` changed: itself, and every other
   * offering at its location when the location became (or stopped being) a private home, since a
   * private home's location is indexed at its municipality.
   */
  private async changedWith(manager: EntityManager, locationId: string, wasPrivateHome: boolean, offeringId: string): Promise<string[]> {
    if ((await this.housesPrivateHome(manager, locationId)) === wasPrivateHome) return [offeringId];
    return ((await manager.query(`SELECT id FROM social_map.offering WHERE location_id = $1 ORDER BY id`, [locationId])) as { id: string }[]).map((r) => r.id);
  }

  /** Takes an offering off the map (kept for its history and holds). */
  async deactivateOffering(actor: Actor, id: string): Promise<OfferingResponse> {
    const current = await this.offering(id);
    await this.access.authorize(actor, { policy: offeringPolicy, action: 'deactivate', record: { providerId: current.providerId }, subjectId: id, purpose: 'capacity_management' });
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE social_map.offering SET active = false, version = version + 1, updated_at = now() WHERE id = $1`, [id]);
      await this.effects.capacityChanged(manager, [id]);
    });
    return this.offering(id);
  }

  private async writeLinks(manager: EntityManager, offeringId: string, specialismCodes?: string[], regionCodes?: string[]): Promise<void> {
    if (specialismCodes) {
      await manager.query(`DELETE FROM social_map.offering_specialism WHERE offering_id = $1`, [offeringId]);
      await manager.query(`INSERT INTO social_map.offering_specialism (offering_id, specialism_code) SELECT $1, unnest($2::varchar[]) ON CONFLICT DO NOTHING`, [offeringId, specialismCodes]);
    }
    if (regionCodes) {
      await manager.query(`DELETE FROM social_map.offering_contract WHERE offering_id = $1`, [offeringId]);
      await manager.query(`INSERT INTO social_map.offering_contract (offering_id, region_code) SELECT $1, unnest($2::varchar[]) ON CONFLICT DO NOTHING`, [offeringId, regionCodes]);
    }
  }

  /** Codes known (JZ020 current category, taxonomy, regions), ages sensible, secure care consistent. */
  private async detailProblems(d: { categoryCode: string; setting: string; specialismCodes: string[]; contractedRegionCodes: string[]; minAge: number; maxAge: number; requiresSecureAuthorisation: boolean }): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [...ageRangeProblems(d.minAge, d.maxAge)];
    const category = (await this.reference.codeList('JZ020')).entries.find((e) => e.code === d.categoryCode);
    if (!category) problems.push({ field: 'categoryCode', message: `${d.categoryCode} is not a JZ020 product category` });
    else if (category.historic) problems.push({ field: 'categoryCode', message: `${d.categoryCode} is a 2015 category no longer used; pick one of 40-55` });
    const known = new Set(((await this.dataSource.query(`SELECT code FROM social_map.specialism WHERE code = ANY($1::varchar[])`, [d.specialismCodes])) as { code: string }[]).map((r) => r.code));
    d.specialismCodes.forEach((code, i) => {
      if (!known.has(code)) problems.push({ field: `specialismCodes[${i}]`, message: `${code} is not in the taxonomy` });
    });
    for (const [i, code] of d.contractedRegionCodes.entries()) {
      if (!(await this.reference.region(code))) problems.push({ field: `contractedRegionCodes[${i}]`, message: `${code} is not a youth-care region` });
    }
    if (d.setting === 'secure_residential' && !d.requiresSecureAuthorisation) {
      problems.push({ field: 'requiresSecureAuthorisation', message: 'secure residential care always needs a court authorisation' });
    }
    return problems;
  }

  // ---- taxonomy --------------------------------------------------------------------------

  async specialisms(): Promise<SpecialismResponse[]> {
    return (await this.dataSource.query(
      `SELECT code, label_nl AS "labelNl", label_en AS "labelEn", synonyms FROM social_map.specialism ORDER BY label_nl`,
    )) as SpecialismResponse[];
  }

  /** Extends the taxonomy without a code change (administrators). */
  async addSpecialism(request: SpecialismRequest): Promise<SpecialismResponse> {
    const rows = (await this.dataSource.query(
      `INSERT INTO social_map.specialism (code, label_nl, label_en, synonyms) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING
       RETURNING code, label_nl AS "labelNl", label_en AS "labelEn", synonyms`,
      [request.code, request.labelNl, request.labelEn, request.synonyms ?? []],
    )) as SpecialismResponse[];
    if (!rows[0]) throw DomainError.validation([{ field: 'code', message: `${request.code} exists already` }]);
    return rows[0];
  }
}
