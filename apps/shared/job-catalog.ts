import { auditJobs } from '@passend/audit';
import { casesEvents, casesJobs } from '@passend/cases';
import { platformEvents, platformJobs, type EventDefinition, type JobDefinition } from '@passend/platform';
import { matchingJobs } from '@passend/matching';
import { socialMapEvents, socialMapJobs } from '@passend/social-map';

/** Every job (command) of Passend. The worker fails to start unless each has exactly one handler. */
export const PASSEND_JOBS: readonly JobDefinition[] = [...platformJobs, ...auditJobs, ...socialMapJobs, ...casesJobs, ...matchingJobs];

/**
 * Every domain event of Passend. Any number of subscribers (@EventSubscriber, in any lib) each get
 * a job per published event; the worker fails to start if one subscribes to an event not listed here.
 */
export const PASSEND_EVENTS: readonly EventDefinition[] = [...platformEvents, ...socialMapEvents, ...casesEvents];
