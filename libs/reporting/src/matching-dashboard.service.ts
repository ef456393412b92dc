import { Injectable } from '@nestjs/common';
import { todayInAmsterdam } from '@passend/cases';
import { AccessControl, isAllowed } from '@passend/identity';
import { Clock, DomainError, type Actor } from '@passend/platform';
import { ReferenceCatalog } from '@passend/reference';
import { dashboardPolicy } from './dashboard-policy.js';
import type { MatchingDashboardResponse, MatchingScopeResponse } from './matching-dashboard.dto.js';
import { declineReasonLabels, matchingNowFigures, matchingWindowsFigures } from './domain/matching-figures.js';
import { reportingPeriods } from './domain/periods.js';
import { resolveScope } from './domain/scope.js';
import { MatchingReadModel } from './read-model/matching-read-model.js';

const CATEGORY_LIST = 'JZ020';
const DECLINE_LIST = 'WJ759';

/**
 * The matching dashboard, national or for one region or inspection area: who may read it is the
 * region dashboards' rule (`dashboardPolicy`, subject 'regions'), every read is audited (purpose
 * oversight, subject `matching:*` or `matching:<key>`), and the figures are aggregates only.
 */
@Injectable()
export class MatchingDashboardService {
  constructor(
    private readonly access: AccessControl,
    private readonly catalog: ReferenceCatalog,
    private readonly readModel: MatchingReadModel,
    private readonly clock: Clock,
  ) {}

  async national(actor: Actor): Promise<MatchingDashboardResponse> {
    await this.authorize(actor, 'matching:*');
    const regions = await this.catalog.regions();
    return this.figures({ kind: 'national', key: null, name: 'Nederland', inspectionArea: null, regionCodes: regions.map((r) => r.code) }, 'national');
  }

  async scoped(actor: Actor, key: string): Promise<MatchingDashboardResponse> {
    const scope = resolveScope(key, await this.catalog.regions());
    await this.authorize(actor, `matching:${key.slice(0, 90)}`, scope !== undefined);
    const { kind, name, inspectionArea, regionCodes } = scope!;
    return this.figures({ kind, key, name, inspectionArea, regionCodes }, regionCodes);
  }

  /** As the region dashboards: denied is 403 (audited); allowed but unknown is 404 (nothing read, nothing logged). */
  private async authorize(actor: Actor, subjectId: string, exists = true): Promise<void> {
    if (!exists && isAllowed(dashboardPolicy, actor.principal, 'read', { kind: 'regions' })) throw DomainError.notFound(`Dashboard ${subjectId}`);
    await this.access.authorize(actor, { policy: dashboardPolicy, action: 'read', record: { kind: 'regions' }, subjectId, purpose: 'oversight' });
  }

  private async figures(scope: MatchingScopeResponse, readScope: string[] | 'national'): Promise<MatchingDashboardResponse> {
    const periods = reportingPeriods(todayInAmsterdam(this.clock.now()));
    const [result, regions, categories, declines] = await Promise.all([
      this.readModel.read(readScope, periods),
      this.catalog.regions(),
      this.catalog.codeList(CATEGORY_LIST),
      this.catalog.codeList(DECLINE_LIST),
    ]);
    const inScope = new Set(scope.regionCodes);
    const catalog = {
      regions: regions.filter((r) => inScope.has(r.code)).map((r) => ({ code: r.code, name: r.name })),
      categories: categories.entries.filter((e) => !e.historic).map((e) => ({ code: e.code, name: e.value })),
      declineReasons: declineReasonLabels(declines.entries.filter((e) => !e.historic)),
    };
    return {
      asOf: periods.today,
      scope,
      windows: matchingWindowsFigures(periods.windowStart, result.windows, catalog),
      expertTablesNow: matchingNowFigures(result.now),
    };
  }
}
