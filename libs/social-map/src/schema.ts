import type { SchemaContribution } from '@passend/platform';
import { CapacityEventRecord, HoldRecord, LocationRecord, OfferingRecord, ProviderRecord, SearchWordRecord, SpecialismRecord } from './catalog/entities.js';
import { CapacityChanged, HoldResolved, OfferingChanged } from './events.js';
import { ExpireHolds, ReportStaleOfferings } from './jobs.js';
import { SocialMap1795800000400 } from './migrations/1795800000400-SocialMap.js';
import { SearchWords1795800000410 } from './migrations/1795800000410-SearchWords.js';
import { CapacityStatus1795800000620 } from './migrations/1795800000620-CapacityStatus.js';
import { CapacityReasonCode1795800000720 } from './migrations/1795800000720-CapacityReasonCode.js';
import { HoldHolderRefCode1795800000721 } from './migrations/1795800000721-HoldHolderRefCode.js';

export const socialMapSchema: SchemaContribution = {
  entities: [SpecialismRecord, ProviderRecord, LocationRecord, OfferingRecord, HoldRecord, CapacityEventRecord, SearchWordRecord],
  migrations: [SocialMap1795800000400, SearchWords1795800000410, CapacityStatus1795800000620, CapacityReasonCode1795800000720, HoldHolderRefCode1795800000721],
};

export const socialMapJobs = [ExpireHolds, ReportStaleOfferings] as const;

export const socialMapEvents = [CapacityChanged, OfferingChanged, HoldResolved] as const;
