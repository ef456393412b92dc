import { Module } from '@nestjs/common';
import { IdentityModule } from '@passend/identity';
import { PASSEND_CONFIG, type PassendConfig } from '@passend/platform';
import { ReferenceModule } from '@passend/reference';
import { DataSource } from 'typeorm';
import { CapacityController } from './capacity/capacity.controller.js';
import { CapacityService } from './capacity/capacity.service.js';
import { StaleReportJob } from './capacity/stale-report.job.js';
import { LocationsController, OfferingsController, ProvidersController, TaxonomyController } from './catalog/catalog.controller.js';
import { CatalogService } from './catalog/catalog.service.js';
import { OfferingEffects } from './catalog/offering-effects.js';
import { HoldController } from './holds/hold.controller.js';
import { HsdsController } from './hsds/hsds.controller.js';
import { HsdsService } from './hsds/hsds.service.js';
import { HoldService } from './holds/hold.service.js';
import { CapacityFeed } from './live/capacity-feed.js';
import { StreamController } from './live/stream.controller.js';
import { StreamRegistry } from './live/stream-registry.js';
import { createOfferingSearch } from './search/create-offering-search.js';
import { indexOfferingsProvider } from './search/index-offerings.job.js';
import { OFFERING_SEARCH } from './search/offering-search.js';
import { OfferingReader } from './reader/offering-reader.js';
import { SearchController } from './search/search.controller.js';
import { OfferingSearchService } from './search/search.service.js';

/**
 * The live social map: providers keep their offerings and capacity, guardians search it, holds
 * claim free places, the live feed streams changes, HSDS publishes the directory.
 */
@Module({
  imports: [ReferenceModule, IdentityModule],
  controllers: [ProvidersController, LocationsController, OfferingsController, CapacityController, HoldController, TaxonomyController, SearchController, StreamController, HsdsController],
  providers: [
    CatalogService,
    CapacityService,
    HoldService,
    OfferingEffects,
    OfferingSearchService,
    CapacityFeed,
    StreamRegistry,
    StaleReportJob,
    HsdsService,
    { provide: OFFERING_SEARCH, inject: [PASSEND_CONFIG, DataSource], useFactory: (config: PassendConfig, dataSource: DataSource) => createOfferingSearch(dataSource, config) },
    // the search-index subscriber, only when MEILI_URL is set (see indexOfferingsProvider)
    indexOfferingsProvider,
    OfferingReader,
  ],
  exports: [CatalogService, CapacityService, HoldService, OFFERING_SEARCH, OfferingReader],
})
export class SocialMapModule {}
