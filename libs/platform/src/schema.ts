import type { SchemaContribution } from './database/data-source-options.js';
import { PlatformOutbox1795800000001 } from './migrations/1795800000001-PlatformOutbox.js';
import { OutboxMessage } from './outbox/outbox-message.entity.js';
import { PruneOutbox } from './outbox/outbox-pruner.js';

export const platformSchema: SchemaContribution = {
  entities: [OutboxMessage],
  migrations: [PlatformOutbox1795800000001],
};

export const platformJobs = [PruneOutbox] as const;
