import { defineJob } from '@passend/platform';

/**
 * A case changed (any write: opened, guardian, need, milestone, experience, client voice). Ids
 * only; the reporting read models rebuild what they hold of the measure from the tables.
 */
export const MeasureChanged = defineJob<{ measureId: string }>('cases.measure-changed', { queue: 'cases', attempts: 10 });
