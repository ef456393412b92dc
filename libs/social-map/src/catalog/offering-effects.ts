import { Injectable } from '@nestjs/common';
import { OutboxWriter } from '@passend/platform';
import type { EntityManager } from 'typeorm';
import { IndexOfferings } from '../jobs.js';
import { announceCapacity } from '../live/capacity-notifications.js';
import { refreshSearchText } from '../search/search-text.js';

/**
 * What follows a change to offerings, inside the same transaction: the search text (details
 * only), an indexing job through the outbox, and the live capacity announcement.
 */
@Injectable()
export class OfferingEffects {
  constructor(private readonly outbox: OutboxWriter) {}

  async capacityChanged(manager: EntityManager, offeringIds: string[]): Promise<void> {
    await this.outbox.enqueue(manager, IndexOfferings, { offeringIds });
    await announceCapacity(manager, offeringIds);
  }

  async detailsChanged(manager: EntityManager, offeringIds: string[]): Promise<void> {
    await refreshSearchText(manager, offeringIds);
    await this.capacityChanged(manager, offeringIds);
  }
}
