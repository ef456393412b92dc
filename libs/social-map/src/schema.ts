import type { SchemaContribution } from '@passend/platform';
import { CapacityEventRecord, HoldRecord, LocationRecord, OfferingRecord, ProviderRecord, SpecialismRecord } from './catalog/entities.js';
import { ExpireHolds, IndexOfferings, ReportStaleOfferings } from './jobs.js';
import { SocialMap1795800000400 } from './migrations/1795800000400-SocialMap.js';

export const socialMapSchema: SchemaContribution = {
  entities: [SpecialismRecord, ProviderRecord, LocationRecord, OfferingRecord, HoldRecord, CapacityEventRecord],
  migrations: [SocialMap1795800000400],
};

export const socialMapJobs = [IndexOfferings, ExpireHolds, ReportStaleOfferings] as const;
