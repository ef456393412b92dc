import { Injectable } from '@nestjs/common';
import { AuditLog } from '@passend/audit';
import { DomainError, type Actor } from '@passend/platform';
import { ReferenceCatalog } from '@passend/reference';
import type { MatchingScope } from '../read-model/matching-input.js';
import { MatchingRunService, type RunReport } from './matching-run.service.js';
import type { RunRequest } from './runs.dto.js';

/** An operator's run on demand: the scope checked against the reference data, the action audited. */
@Injectable()
export class MatchingRunControl {
  constructor(
    private readonly runs: MatchingRunService,
    private readonly reference: ReferenceCatalog,
    private readonly audit: AuditLog,
  ) {}

  async runNow(actor: Actor, request: RunRequest): Promise<RunReport> {
    const scope = await this.scopeOf(request);
    await this.audit.record(actor, { action: 'run', subjectType: 'matching_run', subjectId: null, purpose: 'administration', outcome: 'success' });
    return this.runs.run(scope, 'manual');
  }

  private async scopeOf(request: RunRequest): Promise<MatchingScope> {
    if (request.scope === 'national') {
      if (request.code) throw DomainError.validation([{ field: 'code', message: 'a national run takes no code' }]);
      return { kind: 'national' };
    }
    if (!request.code) throw DomainError.validation([{ field: 'code', message: `a ${request.scope} run needs a code` }]);
    if (request.scope === 'region') {
      if (!(await this.reference.region(request.code))) throw DomainError.validation([{ field: 'code', message: `${request.code} is not a youth-care region` }]);
      return { kind: 'region', code: request.code };
    }
    const areas = new Set((await this.reference.regions()).map((r) => r.inspectionArea));
    if (!areas.has(request.code)) throw DomainError.validation([{ field: 'code', message: `${request.code} is not an inspection area (${[...areas].sort().join(', ')})` }]);
    return { kind: 'area', code: request.code };
  }
}
