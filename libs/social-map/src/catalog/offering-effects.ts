import { Injectable } from '@nestjs/common';
import { OutboxWriter } from '@passend/platform';
import type { EntityManager } from 'typeorm';
import { CapacityChanged, HoldResolved, OfferingChanged } from '../events.js';
import { announceCapacity } from '../live/capacity-notifications.js';
import { refreshSearchText } from '../search/search-text.js';

/**
 * What follows a change to offerings, inside the same transaction: the search text (details
 * only), the domain event through the outbox (always, whatever the search engine: who reacts is
 * the subscribers' business), and the live capacity announcement.
 */
@Injectable()
export class OfferingEffects {
  constructor(private readonly outbox: OutboxWriter) {}

  async capacityChanged(manager: EntityManager, offeringIds: string[]): Promise<void> {
    await this.publishCapacityChanged(manager, offeringIds);
    await announceCapacity(manager, offeringIds);
  }

  async detailsChanged(manager: EntityManager, offeringIds: string[]): Promise<void> {
    await refreshSearchText(manager, offeringIds);
    await this.outbox.publish(manager, OfferingChanged, { offeringIds });
    await announceCapacity(manager, offeringIds);
  }

  /** A hold left `held`; its capacity event is published by capacityChanged. */
  async holdResolved(manager: EntityManager, holds: { holdId: string; offeringId: string; state: 'released' | 'expired' | 'confirmed' }[]): Promise<void> {
    await this.outbox.publishMany(manager, HoldResolved, holds);
  }

  /**
   * The CapacityChanged event without the live announcement: for a change announced by its own
   * statement (a hold placed) or one that moved no number on the map (a hold confirmed).
   */
  async publishCapacityChanged(manager: EntityManager, offeringIds: string[]): Promise<void> {
    await this.outbox.publish(manager, CapacityChanged, { offeringIds });
  }
}
