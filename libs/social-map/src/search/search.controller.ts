import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OfferingSearchRequest, OfferingSearchResponse } from './search.dto.js';
import { OfferingSearchService } from './search.service.js';

@ApiTags('social map: search')
@ApiBearerAuth()
@Controller('social-map/offerings')
export class SearchController {
  constructor(private readonly searchService: OfferingSearchService) {}

  @Get()
  @ApiOkResponse({ type: OfferingSearchResponse, description: 'offerings with provider, location, distance, free places, wait and freshness; facet counts' })
  @ApiBadRequestResponse({ description: 'an invalid filter, named in error.details.fields' })
  search(@Query() query: OfferingSearchRequest): Promise<OfferingSearchResponse> {
    return this.searchService.search(query);
  }
}
