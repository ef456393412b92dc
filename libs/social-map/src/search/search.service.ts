import { Inject, Injectable } from '@nestjs/common';
import { Clock, DomainError, type FieldProblem } from '@passend/platform';
import { ReferenceCatalog } from '@passend/reference';
import { DataSource } from 'typeorm';
import { isInNetherlands } from '../domain/capacity.js';
import { OFFERING_SEARCH, type OfferingSearchEngine, type OfferingSearchQuery, type OfferingSearchResult } from './offering-search.js';
import type { OfferingSearchRequest } from './search.dto.js';

/**
 * Guardians search the map. Turns the request into the engine's query: codes checked against the
 * reference data (unknown ones are a 400 naming the parameter, never an empty result or a 500),
 * "near a municipality" resolved to its centre.
 */
@Injectable()
export class OfferingSearchService {
  constructor(
    @Inject(OFFERING_SEARCH) private readonly engine: OfferingSearchEngine,
    private readonly reference: ReferenceCatalog,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async search(request: OfferingSearchRequest, now = this.clock.now()): Promise<OfferingSearchResult> {
    return this.engine.search(await this.toQuery(request), now);
  }

  async toQuery(r: OfferingSearchRequest): Promise<OfferingSearchQuery> {
    const problems: FieldProblem[] = [];
    for (const field of ['region', 'contractedFor'] as const) {
      const code = r[field];
      if (code && !(await this.reference.region(code))) problems.push({ field, message: `${code} is not a youth-care region` });
    }
    for (const field of ['municipality', 'near'] as const) {
      const code = r[field];
      if (code && !(await this.reference.municipality(code))) problems.push({ field, message: `${code} is not a municipality of 2025` });
    }
    if (r.category?.length) {
      const categories = new Map((await this.reference.codeList('JZ020')).entries.map((e) => [e.code, e]));
      r.category.forEach((c, i) => {
        if (!categories.has(c)) problems.push({ field: `category[${i}]`, message: `${c} is not a JZ020 product category` });
      });
    }
    if (r.specialism?.length) {
      const known = new Set(((await this.dataSource.query(`SELECT code FROM social_map.specialism WHERE code = ANY($1::varchar[])`, [r.specialism])) as { code: string }[]).map((x) => x.code));
      r.specialism.forEach((s, i) => {
        if (!known.has(s)) problems.push({ field: `specialism[${i}]`, message: `${s} is not in the taxonomy` });
      });
    }
    if ((r.lat === undefined) !== (r.lon === undefined)) problems.push({ field: r.lat === undefined ? 'lat' : 'lon', message: 'give lat and lon together' });
    if (r.lat !== undefined && r.lon !== undefined && !isInNetherlands(r.lat, r.lon)) problems.push({ field: 'lat', message: `(${r.lat}, ${r.lon}) is not in the Netherlands` });
    if (r.near && r.lat !== undefined) problems.push({ field: 'near', message: 'give near or lat/lon, not both' });
    const hasPoint = r.near !== undefined || (r.lat !== undefined && r.lon !== undefined);
    if (r.radiusKm !== undefined && !hasPoint) problems.push({ field: 'radiusKm', message: 'radiusKm needs near or lat/lon' });
    if (r.sort === 'distance' && !hasPoint) problems.push({ field: 'sort', message: 'sort=distance needs near or lat/lon' });
    if (problems.length) throw DomainError.validation(problems);

    let near: OfferingSearchQuery['near'];
    if (r.near) {
      const m = (await this.reference.municipality(r.near))!;
      if (m.latitude === null || m.longitude === null) throw DomainError.validation([{ field: 'near', message: `the centre of ${m.name} is not known; give lat/lon` }]);
      near = { latitude: m.latitude, longitude: m.longitude, radiusKm: r.radiusKm };
    } else if (r.lat !== undefined && r.lon !== undefined) near = { latitude: r.lat, longitude: r.lon, radiusKm: r.radiusKm };

    return {
      text: r.q?.trim() || undefined,
      regionCode: r.region,
      municipalityCode: r.municipality,
      categoryCodes: r.category,
      specialismCodes: r.specialism,
      settings: r.setting,
      childAge: r.age,
      freeNow: r.freeNow,
      maxWaitWeeks: r.maxWaitWeeks,
      contractedFor: r.contractedFor,
      secureCare: r.secureCare,
      near,
      sort: r.sort ?? (r.q ? 'relevance' : near ? 'distance' : 'relevance'),
      page: r.page,
      perPage: r.perPage,
    };
  }
}
