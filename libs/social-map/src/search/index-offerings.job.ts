import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobHandler, type JobContext, type PayloadOf } from '@passend/platform';
import { IndexOfferings } from '../jobs.js';
import { validOfferingIds } from './offering-documents.js';
import { OFFERING_SEARCH, type OfferingSearchEngine } from './offering-search.js';

/**
 * Brings the search documents of changed offerings up to date (the catalog, capacity and hold
 * writes put an IndexOfferings job in the outbox). Idempotent: the engine loads the current state
 * from PostgreSQL, so a repeated or late delivery writes the same, current documents.
 */
@Injectable()
export class IndexOfferingsJob {
  private readonly logger = new Logger('social-map');

  constructor(@Inject(OFFERING_SEARCH) private readonly engine: OfferingSearchEngine) {}

  @JobHandler(IndexOfferings)
  async handle(payload: PayloadOf<typeof IndexOfferings>, context: JobContext): Promise<{ offerings: number }> {
    const ids = validOfferingIds(payload.offeringIds ?? []);
    if (ids.length < (payload.offeringIds?.length ?? 0)) {
      this.logger.warn({ msg: 'index-offerings job carried malformed or repeated ids; indexing the rest', jobId: context.jobId });
    }
    await this.engine.sync(ids);
    return { offerings: ids.length };
  }
}
