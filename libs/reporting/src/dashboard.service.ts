import { Injectable } from '@nestjs/common';
import { normSettingsOf, todayInAmsterdam, type NormSettings } from '@passend/cases';
import { AccessControl, isAllowed } from '@passend/identity';
import { DomainError, InjectConfig, type Actor, type PassendConfig } from '@passend/platform';
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
import { reportingPeriods } from './domain/periods.js';
import { resolveScope } from './domain/scope.js';
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
  ) {
    this.shares = config.regionStatus ?? DEFAULT_STATUS_SHARES;
    this.norms = normSettingsOf(config);
  }

  /** Every youth-care region, in code order. */
  async regions(actor: Actor): Promise<RegionsDashboardResponse> {
    await this.authorize(actor, { kind: 'regions' }, 'region:*');
    const periods = reportingPeriods(todayInAmsterdam(new Date()));
    const [result, regions] = await Promise.all([this.readModel.read({ groupBy: 'region' }, periods, { detail: false, settings: this.norms }), this.catalog.regions()]);
    return {
      asOf: periods.today,
      regions: regions.map((r) => ({
        code: r.code,
        name: r.name,
        inspectionArea: r.inspectionArea,
        ...dashboardFigures(result.groups.get(r.code) ?? emptyGroupCounts(), this.shares),
      })),
    };
  }

  /** One youth-care region (JZ22) or one inspection area ('Utrecht & Flevoland'); anything else is a 404. */
  async region(actor: Actor, key: string): Promise<DashboardDetailResponse> {
    const scope = resolveScope(key, await this.catalog.regions());
    // the key is the caller's input: the audit log keeps at most 100 characters of it
    await this.authorize(actor, { kind: 'regions' }, key.slice(0, 100), scope !== undefined);
    const { kind, name, inspectionArea, regionCodes } = scope!;
    return this.detail({ kind, key, name, inspectionArea, regionCodes }, { regionCodes });
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
    const periods = reportingPeriods(todayInAmsterdam(new Date()));
    const [result, categories] = await Promise.all([this.readModel.read(readScope, periods, { detail: true, settings: this.norms }), this.categories()]);
    const months = result.months.get(SINGLE_GROUP);
    return {
      asOf: periods.today,
      scope,
      ...dashboardFigures(group(result), this.shares),
      waitingPerCategory: categoryFigures(result.categories.get(SINGLE_GROUP) ?? new Map(), categories),
      monthly: periods.months.map((m) => monthFigure(m.month, months?.get(m.month) ?? EMPTY_MONTH_COUNTS)),
    };
  }

  private async categories(): Promise<{ code: string; name: string }[]> {
    const { entries } = await this.catalog.codeList(CATEGORY_LIST);
    return entries.filter((e) => !e.historic).map((e) => ({ code: e.code, name: e.value }));
  }
}

function group(result: ReadModelResult) {
  return result.groups.get(SINGLE_GROUP) ?? emptyGroupCounts();
}
