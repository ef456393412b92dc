import type { FieldProblem } from '@passend/platform/domain';
import { explanationProblems, type Explanation } from './explanation-reasons.js';
import { addCalendarMonths, addWeeks, addWorkingDays, compareDates, daysBetween, isLocalDate, type LocalDate } from './local-date.js';

/**
 * The norm clocks of a protection measure (inspection norms, Oct 2020; DOMAIN.md). Each clock
 * starts on the date of the court ruling and runs to a due date:
 * - permanent guardian: "at once", counted as N working days after the ruling (default 5);
 * - agreed course (gedragen koers): 6 weeks after the ruling;
 * - fitting help (passende hulp): 3 calendar months after the ruling, clamped at month end, or
 *   sooner where safety demands it (an urgent due date, the earlier of the two wins).
 * A missed term is allowed only with a recorded explanation (comply or explain).
 * The due date itself still counts as on time.
 */
export type Milestone = 'permanent_guardian' | 'agreed_course' | 'fitting_help';

export const MILESTONES: readonly Milestone[] = ['permanent_guardian', 'agreed_course', 'fitting_help'];

/** Dutch names, for the UI. */
export const MILESTONE_LABELS: Record<Milestone, string> = {
  permanent_guardian: 'Vaste jeugdbeschermer',
  agreed_course: 'Gedragen koers',
  fitting_help: 'Passende hulp',
};

export interface NormSettings {
  /** working days after the ruling to assign a permanent guardian */
  guardianWorkingDays: number;
  /** weeks after the ruling to set the agreed course */
  courseWeeks: number;
  /** calendar months after the ruling to start fitting help */
  helpMonths: number;
  /** an open clock with this many days or fewer left is "due soon" */
  dueSoonDays: number;
}

export const DEFAULT_NORM_SETTINGS: Readonly<NormSettings> = Object.freeze({
  guardianWorkingDays: 5,
  courseWeeks: 6,
  helpMonths: 3,
  dueSoonDays: 7,
});

/** Limits for settings a region or institution may choose (the norms are maxima: shorter is allowed). */
export function normSettingsProblems(settings: NormSettings): FieldProblem[] {
  const limits: Record<keyof NormSettings, [min: number, max: number]> = {
    guardianWorkingDays: [0, DEFAULT_NORM_SETTINGS.guardianWorkingDays],
    courseWeeks: [1, DEFAULT_NORM_SETTINGS.courseWeeks],
    helpMonths: [1, DEFAULT_NORM_SETTINGS.helpMonths],
    dueSoonDays: [0, 31],
  };
  const problems: FieldProblem[] = [];
  for (const [field, [min, max]] of Object.entries(limits) as [keyof NormSettings, [number, number]][]) {
    const v = settings[field];
    if (!Number.isInteger(v) || v < min || v > max) problems.push({ field, message: `${field} must be a whole number from ${min} to ${max}` });
  }
  return problems;
}

export type ClockState = 'on_time' | 'due_soon' | 'overdue' | 'met_on_time' | 'met_late';

export interface DueDateOptions {
  /**
   * Sooner where safety demands it: a due date for fitting help set for this child. The earlier
   * of this date and the 3-month term applies. Ignored for the other milestones.
   */
  urgentHelpDueDate?: LocalDate | null;
}

/** The last day on which the milestone is on time. */
export function dueDate(milestone: Milestone, rulingDate: LocalDate, settings: NormSettings = DEFAULT_NORM_SETTINGS, options: DueDateOptions = {}): LocalDate {
  switch (milestone) {
    case 'permanent_guardian':
      return addWorkingDays(rulingDate, settings.guardianWorkingDays);
    case 'agreed_course':
      return addWeeks(rulingDate, settings.courseWeeks);
    case 'fitting_help': {
      const term = addCalendarMonths(rulingDate, settings.helpMonths);
      const urgent = options.urgentHelpDueDate;
      return urgent != null && compareDates(urgent, term) < 0 ? urgent : term;
    }
  }
}

/**
 * One clock as the UI shows it. `daysLeft` is set only while the clock runs and is not overdue
 * (on_time, due_soon; 0 on the due date); `daysLate` only when overdue or met late (1 or more).
 */
export interface NormClock {
  milestone: Milestone;
  dueOn: LocalDate;
  state: ClockState;
  metOn: LocalDate | null;
  daysLeft: number | null;
  daysLate: number | null;
}

export interface NormClockInput extends DueDateOptions {
  rulingDate: LocalDate;
  /** the day the milestone was met, or null/absent while open */
  metOn?: LocalDate | null;
  /** today in Amsterdam (`todayInAmsterdam(now)`) */
  today: LocalDate;
  settings?: NormSettings;
}

export function normClock(milestone: Milestone, input: NormClockInput): NormClock {
  const settings = input.settings ?? DEFAULT_NORM_SETTINGS;
  const dueOn = dueDate(milestone, input.rulingDate, settings, { urgentHelpDueDate: input.urgentHelpDueDate });
  const metOn = input.metOn ?? null;
  if (metOn !== null) {
    const late = daysBetween(dueOn, metOn);
    return late > 0
      ? { milestone, dueOn, state: 'met_late', metOn, daysLeft: null, daysLate: late }
      : { milestone, dueOn, state: 'met_on_time', metOn, daysLeft: null, daysLate: null };
  }
  const left = daysBetween(input.today, dueOn);
  if (left < 0) return { milestone, dueOn, state: 'overdue', metOn, daysLeft: null, daysLate: -left };
  return { milestone, dueOn, state: left <= settings.dueSoonDays ? 'due_soon' : 'on_time', metOn, daysLeft: left, daysLate: null };
}

/** Comply or explain: a clock met late or overdue needs a recorded explanation. */
export function needsExplanation(clock: NormClock): boolean {
  return clock.state === 'met_late' || clock.state === 'overdue';
}

/** All three clocks of a measure, in the order of `MILESTONES`. */
export function normClocks(
  rulingDate: LocalDate,
  metOn: Partial<Record<Milestone, LocalDate | null>>,
  today: LocalDate,
  settings: NormSettings = DEFAULT_NORM_SETTINGS,
  options: DueDateOptions = {},
): NormClock[] {
  return MILESTONES.map((m) => normClock(m, { rulingDate, metOn: metOn[m] ?? null, today, settings, urgentHelpDueDate: options.urgentHelpDueDate }));
}

export interface MilestoneRecord extends DueDateOptions {
  rulingDate: LocalDate;
  metOn?: LocalDate | null;
  today: LocalDate;
  explanation?: Explanation | null;
  settings?: NormSettings;
}

/**
 * Checks a milestone as a guardian records it: dates are real dates, the milestone is not met
 * before the ruling or in the future, an urgent help due date is not before the ruling, and a
 * milestone met late carries a valid explanation (comply or explain). An explanation given when
 * none is needed is still checked. An open clock that is overdue is not a problem of the record
 * (there is nothing to refuse); `needsExplanation` flags it on the dashboards.
 */
export function milestoneProblems(milestone: Milestone, record: MilestoneRecord): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { rulingDate, today, explanation } = record;
  const metOn = record.metOn ?? null;
  const urgent = record.urgentHelpDueDate ?? null;
  if (!isLocalDate(rulingDate)) problems.push({ field: 'rulingDate', message: 'rulingDate must be a date (YYYY-MM-DD)' });
  if (!isLocalDate(today)) problems.push({ field: 'today', message: 'today must be a date (YYYY-MM-DD)' });
  if (metOn !== null && !isLocalDate(metOn)) problems.push({ field: 'metOn', message: 'metOn must be a date (YYYY-MM-DD)' });
  if (urgent !== null && !isLocalDate(urgent)) problems.push({ field: 'urgentHelpDueDate', message: 'urgentHelpDueDate must be a date (YYYY-MM-DD)' });
  if (explanation != null) problems.push(...explanationProblems(explanation));
  if (problems.length > 0) return problems;

  if (urgent !== null && milestone === 'fitting_help' && compareDates(urgent, rulingDate) < 0) {
    problems.push({ field: 'urgentHelpDueDate', message: `urgentHelpDueDate (${urgent}) cannot be before the court ruling (${rulingDate})` });
  }
  if (metOn === null) return problems;
  if (compareDates(metOn, rulingDate) < 0) {
    problems.push({ field: 'metOn', message: `metOn (${metOn}) cannot be before the court ruling (${rulingDate})` });
  } else if (compareDates(metOn, today) > 0) {
    problems.push({ field: 'metOn', message: `metOn (${metOn}) cannot be in the future (today is ${today})` });
  }
  if (problems.length > 0) return problems;

  const clock = normClock(milestone, { rulingDate, metOn, today, settings: record.settings, urgentHelpDueDate: urgent });
  if (clock.state === 'met_late' && explanation == null) {
    problems.push({
      field: 'explanation',
      message: `${milestone} was met ${clock.daysLate} day(s) after the due date (${clock.dueOn}): an explanation is required (comply or explain)`,
    });
  }
  return problems;
}
