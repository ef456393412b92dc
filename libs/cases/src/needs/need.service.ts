import { Injectable } from '@nestjs/common';
import { Clock, DomainError, type Actor, type FieldProblem } from '@passend/platform';
import { ReferenceCatalog } from '@passend/reference';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CaseAccess } from '../access/case-access.js';
import { CaseRecords } from '../cases/case-records.js';
import type { CaseResponse } from '../cases/cases.dto.js';
import { CasePersonalData } from '../children/personal-data.js';
import { compareDates, isLocalDate, todayInAmsterdam } from '../domain/local-date.js';
import { HelpCatalogue } from '../ports/help-catalogue.js';
import { CaseEffects } from '../timeline/case-effects.js';
import type { NeedRequest } from './need.dto.js';

/** A child's needs, in the social map's vocabulary (JZ020 category, taxonomy, settings), for matching. */
@Injectable()
export class NeedService {
  constructor(
    private readonly cases: CaseAccess,
    private readonly records: CaseRecords,
    private readonly personalData: CasePersonalData,
    private readonly reference: ReferenceCatalog,
    private readonly effects: CaseEffects,
    private readonly catalogue: HelpCatalogue,
    private readonly clock: Clock,
  ) {}

  async add(actor: Actor, measureId: string, request: NeedRequest): Promise<CaseResponse> {
    const today = todayInAmsterdam(this.clock.now());
    return this.cases.change(actor, measureId, 'add_need', async (manager) => {
      const problems = await this.needProblems(manager, request);
      if (problems.length) throw DomainError.validation(problems);
      const needId = randomUUID();
      const specialisms = [...new Set(request.specialismCodes ?? [])];
      const settings = [...new Set(request.settingConstraints ?? [])];
      const circumstances = [...new Set(request.circumstanceCodes ?? [])];
      await manager.query(
        `INSERT INTO cases.need (id, measure_id, category_code, specialism_codes, setting_constraints, secure_authorisation_from, secure_authorisation_to,
           urgency, keep_with_siblings, max_distance_km, notes_enc, recorded_by, circumstance_codes, sibling_group)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          needId, measureId, request.categoryCode, specialisms, settings, request.secureAuthorisationFrom ?? null, request.secureAuthorisationTo ?? null,
          request.urgency, request.keepWithSiblings ?? false, request.maxDistanceKm ?? null,
          request.notes?.trim() ? this.personalData.seal('need', needId, 'notes_enc', request.notes.trim()) : null, actor.principal.userId,
          circumstances, request.siblingGroup ?? null,
        ],
      );
      await this.effects.changed(manager, actor, measureId, {
        kind: 'need_added',
        summary: `need added: category ${request.categoryCode}, urgency ${request.urgency}${settings.length ? `, settings ${settings.join('/')}` : ''}`,
        refs: { needId, categoryCode: request.categoryCode, urgency: request.urgency },
      });
      await this.effects.needRecorded(manager, measureId, needId);
      return this.records.load(manager, measureId, today);
    });
  }

  private async needProblems(manager: EntityManager, request: NeedRequest): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    const category = (await this.reference.codeList('JZ020')).entries.find((e) => e.code === request.categoryCode);
    if (!category) problems.push({ field: 'categoryCode', message: `${request.categoryCode} is not a JZ020 product category` });
    else if (category.historic) problems.push({ field: 'categoryCode', message: `${request.categoryCode} is a 2015 category no longer used; pick one of 40-55` });
    const codes = request.specialismCodes ?? [];
    const unknown = new Set(await this.catalogue.unknownSpecialisms(codes, manager));
    codes.forEach((code, i) => {
      if (unknown.has(code)) problems.push({ field: `specialismCodes[${i}]`, message: `${code} is not in the taxonomy` });
    });
    const from = request.secureAuthorisationFrom;
    const to = request.secureAuthorisationTo;
    if (from !== undefined && !isLocalDate(from)) problems.push({ field: 'secureAuthorisationFrom', message: 'secureAuthorisationFrom is not a calendar date' });
    if (to !== undefined && !isLocalDate(to)) problems.push({ field: 'secureAuthorisationTo', message: 'secureAuthorisationTo is not a calendar date' });
    if ((from === undefined) !== (to === undefined)) {
      problems.push({ field: from === undefined ? 'secureAuthorisationFrom' : 'secureAuthorisationTo', message: 'give the court authorisation\'s first and last day together' });
    } else if (from && to && isLocalDate(from) && isLocalDate(to) && compareDates(to, from) < 0) {
      problems.push({ field: 'secureAuthorisationTo', message: 'secureAuthorisationTo cannot be before secureAuthorisationFrom' });
    }
    if (request.settingConstraints?.includes('secure_residential') && from === undefined) {
      problems.push({ field: 'secureAuthorisationFrom', message: 'secure residential care needs a court authorisation for secure care: give its dates' });
    }
    return problems;
  }
}
