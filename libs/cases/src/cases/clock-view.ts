import { DEFAULT_NORM_SETTINGS, MILESTONES, needsExplanation, normClocks, type Milestone, type NormSettings } from '../domain/norm-clock.js';
import type { LocalDate } from '../domain/local-date.js';
import type { NormClockResponse } from './cases.dto.js';

export interface MilestoneFacts {
  metOn: LocalDate;
  explained: boolean;
}

/**
 * The three clocks of a measure as the API shows them: the domain's clock plus whether comply or
 * explain applies and whether an explanation is on record. Settings are the defaults until they
 * come from config.
 */
export function clockView(
  measure: { rulingDate: LocalDate; urgentHelpDueOn: LocalDate | null },
  milestones: Partial<Record<Milestone, MilestoneFacts>>,
  today: LocalDate,
  settings: NormSettings = DEFAULT_NORM_SETTINGS,
): NormClockResponse[] {
  const metOn = Object.fromEntries(MILESTONES.map((m) => [m, milestones[m]?.metOn ?? null])) as Record<Milestone, LocalDate | null>;
  return normClocks(measure.rulingDate, metOn, today, settings, { urgentHelpDueDate: measure.urgentHelpDueOn }).map((clock) => ({
    ...clock,
    explanationNeeded: needsExplanation(clock),
    explanationRecorded: milestones[clock.milestone]?.explained ?? false,
  }));
}
