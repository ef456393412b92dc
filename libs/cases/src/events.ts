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
