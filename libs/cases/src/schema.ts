import type { SchemaContribution } from '@passend/platform';
import { CASES_ENTITIES } from './entities.js';
import { MeasureAnonymised, MeasureChanged, NeedRecorded } from './events.js';
import { Cases1795800000500 } from './migrations/1795800000500-Cases.js';
import { Notifications1795800000510 } from './migrations/1795800000510-Notifications.js';
import { CaseBoundaries1795800000610 } from './migrations/1795800000610-CaseBoundaries.js';
import { ChildPerInstitution1795800000630 } from './migrations/1795800000630-ChildPerInstitution.js';
import { Retention1795800000735 } from './migrations/1795800000735-Retention.js';
import { NOTIFICATION_ENTITIES } from './notifications/entities.js';
import { CheckNorms } from './notifications/jobs.js';
import { ApplyRetention } from './retention/record-retention.js';

export const casesSchema: SchemaContribution = {
  entities: [...CASES_ENTITIES, ...NOTIFICATION_ENTITIES],
  migrations: [Cases1795800000500, Notifications1795800000510, CaseBoundaries1795800000610, ChildPerInstitution1795800000630, Retention1795800000735],
};

export const casesJobs = [CheckNorms, ApplyRetention] as const;

export const casesEvents = [MeasureChanged, NeedRecorded, MeasureAnonymised] as const;
