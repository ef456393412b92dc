import { Injectable } from '@nestjs/common';
import { InjectConfig, OutboxWriter, type PassendConfig } from '@passend/platform';
import type { EntityManager } from 'typeorm';
import { IndexOfferings } from '../jobs.js';
import { announceCapacity } from '../live/capacity-notifications.js';
import { refreshSearchText } from '../search/search-text.js';

/**
 * What follows a change to offerings, inside the same transaction: the search text (details
 * only), an indexing job through the outbox when search runs on Meilisearch (the PostgreSQL
 * engine reads the tables themselves), and the live capacity announcement.
 */
@Injectable()
export class OfferingEffects {
  /** whether changes must reach a search index of their own (MEILI_URL is set) */
  readonly indexJobs: boolean;

  constructor(
    private readonly outbox: OutboxWriter,
    @InjectConfig() config: Pick<PassendConfig, 'meili'>,
  ) {
    this.indexJobs = config.meili !== undefined;
  }

  async capacityChanged(manager: EntityManager, offeringIds: string[]): Promise<void> {
    if (this.indexJobs) await this.outbox.enqueue(manager, IndexOfferings, { offeringIds });
    await announceCapacity(manager, offeringIds);
  }

  async detailsChanged(manager: EntityManager, offeringIds: string[]): Promise<void> {
    await refreshSearchText(manager, offeringIds);
    await this.capacityChanged(manager, offeringIds);
  }
}
