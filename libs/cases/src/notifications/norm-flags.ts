import type { LocalDate } from '../domain/local-date.js';
import { DEFAULT_NORM_SETTINGS, normClocks, type Milestone, type NormSettings } from '../domain/norm-clock.js';
import type { NotificationKind } from './entities.js';

/** What the norm check knows of an open measure: no personal data, only dates. */
export interface MeasureClockFacts {
  rulingDate: LocalDate;
  urgentHelpDueOn: LocalDate | null;
  /** the day each milestone was met; absent while open */
  metOn: Partial<Record<Milestone, LocalDate>>;
}

/** A clock that someone must act on: still open and due within `dueSoonDays`, or past its due date. */
export interface NormFlag {
  milestone: Milestone;
  kind: NotificationKind;
  dueOn: LocalDate;
}

/**
 * The clocks of one measure that deserve a notification today, in the order of MILESTONES. Only
 * open clocks count: a milestone met (on time or late, which the API only accepts with an
 * explanation) is done, whatever its date.
 */
export function normFlags(measure: MeasureClockFacts, today: LocalDate, settings: NormSettings = DEFAULT_NORM_SETTINGS): NormFlag[] {
  const flags: NormFlag[] = [];
  for (const clock of normClocks(measure.rulingDate, measure.metOn, today, settings, { urgentHelpDueDate: measure.urgentHelpDueOn })) {
    if (clock.state === 'due_soon' || clock.state === 'overdue') flags.push({ milestone: clock.milestone, kind: clock.state, dueOn: clock.dueOn });
  }
  return flags;
}
