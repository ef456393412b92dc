import type { SchemaContribution } from '@passend/platform';
import { CodeListEntryRecord, MunicipalityRecord, RegionRecord } from './entities.js';
import { Reference1795800000300 } from './migrations/1795800000300-Reference.js';

export const referenceSchema: SchemaContribution = {
  entities: [RegionRecord, MunicipalityRecord, CodeListEntryRecord],
  migrations: [Reference1795800000300],
};
