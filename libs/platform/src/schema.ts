import type { EventDefinition } from './queue/job-definition.js';
import type { SchemaContribution } from './database/data-source-options.js';
import { PlatformOutbox1795800000001 } from './migrations/1795800000001-PlatformOutbox.js';
import { OutboxKind1795800000600 } from './migrations/1795800000600-OutboxKind.js';
import { OutboxMessage } from './outbox/outbox-message.entity.js';
import { PruneOutbox } from './outbox/outbox-pruner.js';

export const platformSchema: SchemaContribution = {
  entities: [OutboxMessage],
  migrations: [PlatformOutbox1795800000001, OutboxKind1795800000600],
};

export const platformJobs = [PruneOutbox] as const;

/** Platform events (none yet); every lib lists its own, apps/shared/job-catalog.ts collects them. */
export const platformEvents: readonly EventDefinition[] = [];
