import { Inject, Injectable, Logger, type Provider } from '@nestjs/common';
import { EventSubscriber, PASSEND_CONFIG, type JobContext, type PassendConfig } from '@passend/platform';
import { CapacityChanged, OfferingChanged } from '../events.js';
import { validOfferingIds } from './offering-documents.js';
import { OFFERING_SEARCH, type OfferingSearchEngine } from './offering-search.js';

/**
 * Brings the search documents of changed offerings up to date: a subscriber (`search-index`) of
 * the social map's CapacityChanged and OfferingChanged events. Idempotent: the engine loads the
 * current state from PostgreSQL, so a repeated or late delivery writes the same, current documents.
 */
@Injectable()
export class IndexOfferingsJob {
  private readonly logger = new Logger('social-map');

  constructor(@Inject(OFFERING_SEARCH) private readonly engine: OfferingSearchEngine) {}

  @EventSubscriber(CapacityChanged, 'search-index', { queue: 'social-map', attempts: 10 })
  @EventSubscriber(OfferingChanged, 'search-index', { queue: 'social-map', attempts: 10 })
  async handle(payload: { offeringIds: string[] }, context: JobContext): Promise<{ offerings: number }> {
    const ids = validOfferingIds(payload.offeringIds ?? []);
    if (ids.length < (payload.offeringIds?.length ?? 0)) {
      this.logger.warn({ msg: 'search-index job carried malformed or repeated ids; indexing the rest', jobId: context.jobId });
    }
    await this.engine.sync(ids);
    return { offerings: ids.length };
  }
}

/**
 * The subscriber is registered only when search has an index of its own (MEILI_URL set). On
 * PostgreSQL search reads the live tables, so there is nothing to sync: without the subscriber
 * the events still reach the outbox (and every other subscriber), and an event nobody else
 * subscribes to is only marked dispatched, with no job at all. The factory's null leaves the
 * provider without an instance, which the worker's discovery skips.
 */
export const indexOfferingsProvider: Provider = {
  provide: IndexOfferingsJob,
  inject: [PASSEND_CONFIG, OFFERING_SEARCH],
  useFactory: (config: Pick<PassendConfig, 'meili'>, engine: OfferingSearchEngine) => (config.meili ? new IndexOfferingsJob(engine) : null),
};
