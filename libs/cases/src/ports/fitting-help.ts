import { Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode, type FieldProblem } from '@passend/platform';
import type { EntityManager } from 'typeorm';
import { CasePersonalData } from '../children/personal-data.js';
import type { Explanation } from '../domain/explanation-reasons.js';
import { compareDates, isLocalDate, todayInAmsterdam, type LocalDate } from '../domain/local-date.js';
import { milestoneProblems } from '../domain/norm-clock.js';
import type { MeasureStatus } from '../entities.js';
import { refuseSecondMilestone, writeMilestone } from '../milestones/milestone-writer.js';
import { CaseEffects } from '../timeline/case-effects.js';
import { HelpCatalogue } from './help-catalogue.js';

export interface FittingHelpStarted {
  measureId: string;
  /** the need the help answers (a need of this measure) */
  needId?: string;
  offeringId: string;
  startedOn: LocalDate;
  /** who decided (an expert-table member, a guardian): recorded as the milestone's author */
  actorUserId: string;
  /** what recorded it, e.g. 'matching:proposal/<id>': on the timeline */
  source: string;
  /** comply or explain: required when the help started after the norm term */
  explanation?: Explanation;
}

export interface FittingHelpMilestone {
  milestoneId: string;
  measureId: string;
  needId: string | null;
  offeringId: string;
  metOn: LocalDate;
  explanationCode: string | null;
}

/**
 * Cases' command for matching: "fitting help started". Checks as the guardian's own recording
 * does (the offering exists, the date, comply or explain, once per case), writes the milestone and
 * its timeline event and the case's change job, all in the caller's transaction. The measure is
 * locked, so two recordings for one case take turns.
 */
@Injectable()
export class FittingHelpRecorder {
  constructor(
    private readonly personalData: CasePersonalData,
    private readonly effects: CaseEffects,
    private readonly catalogue: HelpCatalogue,
    private readonly clock: Clock,
  ) {}

  async recordFittingHelpStarted(manager: EntityManager, command: FittingHelpStarted, today: LocalDate = todayInAmsterdam(this.clock.now())): Promise<FittingHelpMilestone> {
    const [head] = (await manager.query(
      `SELECT status, ruling_date::text AS "rulingDate", urgent_help_due_on::text AS "urgentHelpDueOn" FROM cases.measure WHERE id = $1 FOR UPDATE`,
      [command.measureId],
    )) as { status: MeasureStatus; rulingDate: string; urgentHelpDueOn: string | null }[];
    if (!head) throw DomainError.notFound('Case');
    if (head.status !== 'open') throw new DomainError(ErrorCode.Conflict, 'This case is closed: it can no longer change');

    const problems: FieldProblem[] = [];
    if (command.needId !== undefined) {
      const [need] = (await manager.query(`SELECT 1 FROM cases.need WHERE id = $1 AND measure_id = $2`, [command.needId, command.measureId])) as unknown[];
      if (!need) problems.push({ field: 'needId', message: 'needId is not a need of this case' });
    }
    if (!(await this.catalogue.offeringExists(command.offeringId, manager))) problems.push({ field: 'offeringId', message: 'no such offering on the social map' });
    if (!command.source.trim()) problems.push({ field: 'source', message: 'say what recorded the help (source)' });
    const norm = milestoneProblems('fitting_help', {
      rulingDate: head.rulingDate,
      metOn: command.startedOn,
      today,
      explanation: command.explanation ?? null,
      urgentHelpDueDate: head.urgentHelpDueOn,
    });
    problems.push(...norm.map((p) => (p.field === 'metOn' ? { ...p, field: 'startedOn' } : p)));
    if (isLocalDate(command.startedOn) && compareDates(command.startedOn, head.rulingDate) < 0 && !problems.some((p) => p.field === 'startedOn')) {
      problems.push({ field: 'startedOn', message: `startedOn cannot be before the ruling (${head.rulingDate})` });
    }
    if (problems.length) throw DomainError.validation(problems);
    await refuseSecondMilestone(manager, command.measureId, 'fitting_help');

    const { milestoneId, event } = await writeMilestone(manager, this.personalData, {
      measureId: command.measureId,
      kind: 'fitting_help',
      metOn: command.startedOn,
      explanation: command.explanation ?? null,
      agreedBy: null,
      offeringId: command.offeringId,
      needId: command.needId ?? null,
      recordedBy: command.actorUserId,
    });
    await this.effects.changedBy(manager, command.actorUserId, command.measureId, {
      ...event,
      summary: `${event.summary} (${command.source.trim().slice(0, 80)})`,
      refs: { ...event.refs, source: command.source.trim().slice(0, 120) },
    });
    return { milestoneId, measureId: command.measureId, needId: command.needId ?? null, offeringId: command.offeringId, metOn: command.startedOn, explanationCode: command.explanation?.reasonCode ?? null };
  }
}
