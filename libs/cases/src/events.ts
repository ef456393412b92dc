import { defineEvent } from '@passend/platform';

/**
 * The cases context's domain events, published through the outbox in the transaction of the
 * change; ids only, never personal data. Any lib may subscribe (@EventSubscriber).
 */

/**
 * A case changed (any write: opened, guardian, need, milestone, experience, client voice). The
 * read models rebuild what they hold of the measure from the tables.
 */
export const MeasureChanged = defineEvent<{ measureId: string }>('cases.measure-changed');

/** A need was recorded for the child of a measure (matching reacts: the child may fit somewhere). */
export const NeedRecorded = defineEvent<{ measureId: string; needId: string }>('cases.need-recorded');

/**
 * The retention term of a measure's child has passed and the institution's record of the child
 * was anonymised: contexts that keep free text about the case remove it (matching: proposal notes,
 * expert-table rationales and the family's view).
 */
export const MeasureAnonymised = defineEvent<{ measureId: string }>('cases.measure-anonymised');
