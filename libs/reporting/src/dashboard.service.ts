import { Injectable } from '@nestjs/common';
import { normSettingsOf, todayInAmsterdam, type NormSettings } from '@passend/cases';
import { AccessControl, isAllowed } from '@passend/identity';
import { Clock, DomainError, InjectConfig, type Actor, type PassendConfig } from '@passend/platform';
import { ReferenceCatalog } from '@passend/reference';
import { DataSource } from 'typeorm';
import { dashboardPolicy, type DashboardSubject } from './dashboard-policy.js';
import type { DashboardDetailResponse, DashboardScopeResponse, RegionsDashboardResponse } from './dashboard.dto.js';
import {
  categoryFigures,
  dashboardFigures,
  DEFAULT_STATUS_SHARES,
  emptyGroupCounts,
  EMPTY_MONTH_COUNTS,
  monthFigure,
  type StatusShares,
} from './domain/figures.js';
import { reportingPeriods, type ReportingPeriods } from './domain/periods.js';
import { countCells, hierarchyPattern } from './domain/region-suppression.js';
import { resolveScope, type RegionRef } from './domain/scope.js';
import { DashboardReadModel, SINGLE_GROUP, type ReadModelResult, type ReadScope } from './read-model/dashboard-read-model.js';

/** The iJw code list of product categories that needs are recorded in. */
const CATEGORY_LIST = 'JZ020';

/**
 * The norm dashboards: who may read which, the audit entry of every read (purpose oversight),
 * and the figures from the read model. Reading a dashboard reads no child's record, but it is
 * logged all the same: who looked at which region's or institution's figures, and when.
 */
@Injectable()
export class DashboardService {
  private readonly shares: StatusShares;

  private readonly norms: NormSettings;
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly catalog: ReferenceCatalog,
    private readonly readModel: DashboardReadModel,
    @InjectConfig() config: PassendConfig,
    private readonly clock: Clock,
  ) {
    this.shares = config.regionStatus ?? DEFAULT_STATUS_SHARES;
    this.norms = normSettingsOf(config);
  }

  /** Every youth-care region, in code order. */
  async regions(actor: Actor): Promise<RegionsDashboardResponse> {
    await this.authorize(actor, { kind: 'regions' }, 'region:*');
    const periods = reportingPeriods(todayInAmsterdam(this.clock.now()));
    const regions = await this.catalog.regions();
    const { byRegion, pattern } = await this.hierarchy(regions, periods, false);
    return {
      asOf: periods.today,
      regions: regions.map((r) => ({
        code: r.code,
        name: r.name,
        inspectionArea: r.inspectionArea,
        ...dashboardFigures(byRegion.groups.get(r.code) ?? emptyGroupCounts(), this.shares, pattern.regions.get(r.code)),
      })),
    };
  }

  /** One youth-care region (JZ22) or one inspection area ('Utrecht & Flevoland'); anything else is a 404. */
  async region(actor: Actor, key: string): Promise<DashboardDetailResponse> {
    const regions = await this.catalog.regions();
    const scope = resolveScope(key, regions);
    // the key is the caller's input: the audit log keeps at most 100 characters of it
    await this.authorize(actor, { kind: 'regions' }, key.slice(0, 100), scope !== undefined);
    const { kind, name, inspectionArea, regionCodes } = scope!;
    // the whole area is read, so that its suppression pattern is the one every other view uses
    const periods = reportingPeriods(todayInAmsterdam(this.clock.now()));
    const inArea = regions.filter((r) => r.inspectionArea === inspectionArea);
    const [{ byRegion, byArea, pattern }, categories] = await Promise.all([this.hierarchy(inArea, periods, true), this.categories()]);
    const [result, grp, hidden] = kind === 'region' ? [byRegion, key, pattern.regions.get(key)] : [byArea, inspectionArea, pattern.areas.get(inspectionArea)];
    return this.figures(periods, { kind, key, name, inspectionArea, regionCodes }, result, grp, categories, hidden);
  }

  /**
   * The counts of `regions` per region and per inspection area, from one snapshot, and what to hide
   * in them (`hierarchyPattern`: complementary suppression over area = Σ regions).
   */
  private async hierarchy(regions: readonly RegionRef[], periods: ReportingPeriods, detail: boolean) {
    const regionCodes = regions.map((r) => r.code).sort();
    const options = { detail, settings: this.norms };
    const [byRegion, byArea] = await this.dataSource.transaction('REPEATABLE READ', async (manager) => [
      await this.readModel.read({ groupBy: 'region', regionCodes }, periods, { ...options, manager }),
      await this.readModel.read({ groupBy: 'inspectionArea', regionCodes }, periods, { ...options, manager }),
    ]);
    const areas = new Map<string, string[]>();
    for (const r of regions) areas.set(r.inspectionArea, [...(areas.get(r.inspectionArea) ?? []), r.code]);
    const cellsOf = (result: ReadModelResult, keys: Iterable<string>) =>
      new Map([...keys].map((k) => [k, countCells(result.groups.get(k) ?? emptyGroupCounts(), result.categories.get(k), result.months.get(k))]));
    const pattern = hierarchyPattern(areas, cellsOf(byRegion, regionCodes), cellsOf(byArea, areas.keys()));
    return { byRegion, byArea, pattern };
  }

  /** One certified institution: for its own guardians and for administrators. */
  async institution(actor: Actor, institutionId: string): Promise<DashboardDetailResponse> {
    const subject: DashboardSubject = { kind: 'institution', institutionId };
    let institution: { name: string } | undefined;
    if (isAllowed(dashboardPolicy, actor.principal, 'read', subject)) {
      [institution] = (await this.dataSource.query(`SELECT name FROM identity.organisation WHERE id = $1 AND kind = 'certified_institution'`, [institutionId])) as {
        name: string;
      }[];
    }
    await this.authorize(actor, subject, institutionId, institution !== undefined);
    return this.detail({ kind: 'institution', key: institutionId, name: institution!.name, inspectionArea: null, regionCodes: [] }, { institutionId });
  }

  /**
   * Denied: 403, and the attempt is logged. Allowed but the subject does not exist: 404 (nothing
   * was read, nothing is logged; a caller who may not read dashboards learns nothing from it).
   * Allowed: the read is logged, then the figures are counted.
   */
  private async authorize(actor: Actor, subject: DashboardSubject, subjectId: string, exists = true): Promise<void> {
    if (!exists && isAllowed(dashboardPolicy, actor.principal, 'read', subject)) throw DomainError.notFound(`Dashboard ${subjectId}`);
    await this.access.authorize(actor, { policy: dashboardPolicy, action: 'read', record: subject, subjectId, purpose: 'oversight' });
  }

  private async detail(scope: DashboardScopeResponse, readScope: ReadScope): Promise<DashboardDetailResponse> {
    const periods = reportingPeriods(todayInAmsterdam(this.clock.now()));
    const [result, categories] = await Promise.all([this.readModel.read(readScope, periods, { detail: true, settings: this.norms }), this.categories()]);
    return this.figures(periods, scope, result, SINGLE_GROUP, categories);
  }

  private figures(
    periods: ReportingPeriods,
    scope: DashboardScopeResponse,
    result: ReadModelResult,
    grp: string,
    categories: { code: string; name: string }[],
    hidden?: ReadonlySet<string>,
  ): DashboardDetailResponse {
    const months = result.months.get(grp);
    return {
      asOf: periods.today,
      scope,
      ...dashboardFigures(result.groups.get(grp) ?? emptyGroupCounts(), this.shares, hidden),
      waitingPerCategory: categoryFigures(result.categories.get(grp) ?? new Map(), categories, hidden),
      monthly: periods.months.map((m) => monthFigure(m.month, months?.get(m.month) ?? EMPTY_MONTH_COUNTS, hidden)),
    };
  }

  private async categories(): Promise<{ code: string; name: string }[]> {
    const { entries } = await this.catalog.codeList(CATEGORY_LIST);
    return entries.filter((e) => !e.historic).map((e) => ({ code: e.code, name: e.value }));
  }
}
