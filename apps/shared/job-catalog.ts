import { auditJobs } from '@passend/audit';
import { casesJobs } from '@passend/cases';
import { platformJobs, type JobDefinition } from '@passend/platform';
import { socialMapJobs } from '@passend/social-map';

/** Every job of Passend. The worker fails to start unless each has exactly one handler. */
export const PASSEND_JOBS: readonly JobDefinition[] = [...platformJobs, ...auditJobs, ...socialMapJobs, ...casesJobs];
