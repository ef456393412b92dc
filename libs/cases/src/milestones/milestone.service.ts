import { Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode, type Actor, type FieldProblem } from '@passend/platform';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CaseAccess } from '../access/case-access.js';
import { CaseRecords } from '../cases/case-records.js';
import type { CaseResponse } from '../cases/cases.dto.js';
import { CasePersonalData } from '../children/personal-data.js';
import { compareDates, isLocalDate, todayInAmsterdam } from '../domain/local-date.js';
import { milestoneProblems, type Milestone } from '../domain/norm-clock.js';
import type { Speaker } from '../entities.js';
import { HelpCatalogue } from '../ports/help-catalogue.js';
import { refuseSecondMilestone, writeMilestone } from './milestone-writer.js';
import { CaseEffects, type CaseEvent } from '../timeline/case-effects.js';
import type { ClientVoiceEntry, ClientVoiceRequest, HelpExperienceRequest, RecordMilestoneRequest } from './milestone.dto.js';

/**
 * The norm milestones as guardians record them (comply or explain: a late one needs its
 * explanation), what the family says with them, and after help started, whether the child and
 * the parents experience it as fitting.
 */
@Injectable()
export class MilestoneService {
  constructor(
    private readonly cases: CaseAccess,
    private readonly records: CaseRecords,
    private readonly personalData: CasePersonalData,
    private readonly effects: CaseEffects,
    private readonly catalogue: HelpCatalogue,
    private readonly clock: Clock,
  ) {}

  async record(actor: Actor, measureId: string, request: RecordMilestoneRequest): Promise<CaseResponse> {
    const today = todayInAmsterdam(this.clock.now());
    return this.cases.change(actor, measureId, 'record_milestone', async (manager, head) => {
      const problems: FieldProblem[] = [];
      if (request.kind === 'permanent_guardian') {
        problems.push({ field: 'kind', message: 'the permanent guardian milestone is met by assigning the first permanent guardian (POST /api/cases/:id/guardians)' });
      }
      problems.push(
        ...milestoneProblems(request.kind, { rulingDate: head.rulingDate, metOn: request.metOn, today, explanation: request.explanation ?? null, urgentHelpDueDate: head.urgentHelpDueOn }),
      );
      if (request.kind === 'agreed_course') {
        if (!request.agreedBy?.length) problems.push({ field: 'agreedBy', message: 'say who agreed the course: the child, the parents, their network, the professionals' });
        else if (!request.agreedBy.some((p) => p === 'child' || p === 'parents')) {
          problems.push({ field: 'agreedBy', message: 'without the family (the child or the parents) the course is not agreed' });
        }
      } else if (request.agreedBy !== undefined) {
        problems.push({ field: 'agreedBy', message: 'agreedBy belongs to the agreed course only' });
      }
      if (request.kind === 'fitting_help') {
        if (!request.offeringId) problems.push({ field: 'offeringId', message: 'say at which offering the help started' });
        else if (!(await this.catalogue.offeringExists(request.offeringId, manager))) {
          problems.push({ field: 'offeringId', message: 'no such offering on the social map' });
        }
      } else if (request.offeringId !== undefined) {
        problems.push({ field: 'offeringId', message: 'offeringId belongs to fitting help only' });
      }
      (request.clientVoice ?? []).forEach((voice, i) => {
        if (!voice.statement.trim()) problems.push({ field: `clientVoice[${i}].statement`, message: 'statement must not be blank' });
      });
      if (problems.length) throw DomainError.validation(problems);

      await refuseSecondMilestone(manager, measureId, request.kind);
      const { event } = await writeMilestone(manager, this.personalData, {
        measureId,
        kind: request.kind,
        metOn: request.metOn,
        explanation: request.explanation ?? null,
        agreedBy: request.kind === 'agreed_course' ? [...new Set(request.agreedBy)] : null,
        offeringId: request.kind === 'fitting_help' ? request.offeringId! : null,
        needId: null,
        recordedBy: actor.principal.userId,
      });
      const events: CaseEvent[] = [event];
      for (const voice of request.clientVoice ?? []) events.push(await this.saveVoice(manager, actor, measureId, voice, request.kind));
      await this.effects.changed(manager, actor, measureId, ...events);
      return this.records.load(manager, measureId, today);
    });
  }

  /** A follow-up after fitting help started: the family's experience and the professional's explanation. */
  async recordHelpExperience(actor: Actor, measureId: string, request: HelpExperienceRequest): Promise<CaseResponse> {
    const today = todayInAmsterdam(this.clock.now());
    return this.cases.change(actor, measureId, 'record_help_experience', async (manager) => {
      const [help] = (await manager.query(`SELECT id, met_on::text FROM cases.milestone WHERE measure_id = $1 AND kind = 'fitting_help'`, [measureId])) as { id: string; met_on: string }[];
      if (!help) throw new DomainError(ErrorCode.Conflict, 'Fitting help has not started: record the fitting_help milestone first', { reason: 'help_not_started' });
      const problems: FieldProblem[] = [];
      if (!isLocalDate(request.followUpOn)) problems.push({ field: 'followUpOn', message: 'followUpOn is not a calendar date' });
      else if (compareDates(request.followUpOn, help.met_on) < 0) problems.push({ field: 'followUpOn', message: `followUpOn cannot be before the help started (${help.met_on})` });
      else if (compareDates(request.followUpOn, today) > 0) problems.push({ field: 'followUpOn', message: `followUpOn cannot be in the future (today is ${today})` });
      if (problems.length) throw DomainError.validation(problems);
      const [same] = (await manager.query(`SELECT 1 FROM cases.help_experience WHERE milestone_id = $1 AND follow_up_on = $2`, [help.id, request.followUpOn])) as unknown[];
      if (same) throw new DomainError(ErrorCode.Conflict, `A follow-up on ${request.followUpOn} was recorded already`, { reason: 'follow_up_recorded' });

      const experienceId = randomUUID();
      await manager.query(
        `INSERT INTO cases.help_experience (id, milestone_id, follow_up_on, child_experiences_fitting, parents_experience_fitting, professional_explanation_enc, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          experienceId, help.id, request.followUpOn, request.childExperiencesFitting ?? null, request.parentsExperienceFitting ?? null,
          this.personalData.seal('help_experience', experienceId, 'professional_explanation_enc', request.professionalExplanation.trim()), actor.principal.userId,
        ],
      );
      await this.effects.changed(manager, actor, measureId, {
        kind: 'help_experience_recorded',
        summary: `follow-up of fitting help on ${request.followUpOn} recorded`,
        refs: { experienceId, milestoneId: help.id, followUpOn: request.followUpOn },
      });
      return this.records.load(manager, measureId, today);
    });
  }

  async recordClientVoice(actor: Actor, measureId: string, request: ClientVoiceRequest): Promise<CaseResponse> {
    const today = todayInAmsterdam(this.clock.now());
    return this.cases.change(actor, measureId, 'record_client_voice', async (manager) => {
      if (!request.statement.trim()) throw DomainError.validation([{ field: 'statement', message: 'statement must not be blank' }]);
      const event = await this.saveVoice(manager, actor, measureId, request, request.milestone ?? null);
      await this.effects.changed(manager, actor, measureId, event);
      return this.records.load(manager, measureId, today);
    });
  }

  private async saveVoice(manager: EntityManager, actor: Actor, measureId: string, voice: ClientVoiceEntry, milestone: Milestone | null): Promise<CaseEvent> {
    const id = randomUUID();
    const speaker: Speaker = voice.speaker;
    await manager.query(
      `INSERT INTO cases.client_voice (id, measure_id, milestone_kind, speaker, statement_enc, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, measureId, milestone, speaker, this.personalData.seal('client_voice', id, 'statement_enc', voice.statement.trim()), actor.principal.userId],
    );
    return { kind: 'client_voice_recorded', summary: `client voice recorded: ${speaker}${milestone ? ` on ${milestone}` : ''}`, refs: { clientVoiceId: id, speaker, milestone } };
  }
}
