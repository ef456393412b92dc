import { Injectable } from '@nestjs/common';
import { AccessControl } from '@passend/identity';
import { DomainError, type Actor } from '@passend/platform';
import { ReferenceCatalog } from '@passend/reference';
import { DataSource } from 'typeorm';
import { acceptanceRate, CAPACITY_DECLINE_REASON, capacityDoubtful, capacityHonestyPolicy } from '../domain/index.js';
import { ACCEPTANCE_WINDOW_DAYS } from '../read-model/matching-input.js';
import type { CapacityHonestyRow } from './capacity-honesty.dto.js';

/**
 * Does declared capacity hold? Per provider and region (the region of the offerings it was
 * proposed at): how often it accepted, declined, and declined "no place after all" (P1) while it
 * had declared free places, over the acceptance window. A provider flagged here scores lower on
 * the acceptance and freshness factors. Providers are organisations: no personal data. Region
 * officers and the inspection see every provider; a provider sees its own rows.
 */
@Injectable()
export class CapacityHonestyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly reference: ReferenceCatalog,
  ) {}

  async report(actor: Actor, regionCode: string | undefined): Promise<CapacityHonestyRow[]> {
    if (regionCode !== undefined && !(await this.reference.region(regionCode))) throw DomainError.validation([{ field: 'region', message: `${regionCode} is not a youth-care region` }]);
    const ownOnly = actor.principal.role === 'provider_staff';
    await this.access.authorize(actor, { policy: capacityHonestyPolicy, action: 'read', record: { ownOnly }, subjectId: regionCode ?? null, purpose: 'oversight' });
    const rows = (await this.dataSource.query(
      `SELECT provider_id AS "providerId", offering_region_code AS "regionCode",
              count(*) FILTER (WHERE state IN ('accepted','started') OR (state = 'withdrawn' AND planned_start IS NOT NULL))::int AS accepted,
              count(*) FILTER (WHERE state = 'declined' AND decline_reason_code <> $1)::int AS declined,
              count(*) FILTER (WHERE state = 'declined' AND decline_reason_code = $1)::int AS "declinedForCapacity"
         FROM matching.proposal
        WHERE answered_at >= now() - make_interval(days => $2)
          AND ($3::text IS NULL OR offering_region_code = $3) AND ($4::uuid IS NULL OR provider_id = $4)
        GROUP BY provider_id, offering_region_code
        ORDER BY provider_id, offering_region_code`,
      [CAPACITY_DECLINE_REASON, ACCEPTANCE_WINDOW_DAYS, regionCode ?? null, ownOnly ? actor.principal.organisationId : null],
    )) as Omit<CapacityHonestyRow, 'acceptanceRate' | 'capacityDoubtful'>[];
    return rows.map((r) => ({ ...r, acceptanceRate: Math.round(acceptanceRate(r) * 100) / 100, capacityDoubtful: capacityDoubtful(r) }));
  }
}
