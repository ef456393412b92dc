import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public, UuidPipe } from '@passend/platform';
import {
  HsdsOrganizationDetailResponse,
  HsdsOrganizationPageResponse,
  HsdsPageQuery,
  HsdsServicePageResponse,
  HsdsServiceResponse,
} from './hsds.dto.js';
import { HsdsService } from './hsds.service.js';

/** The social map as Open Referral HSDS 3.1 open data: directory data only, no token needed. */
@ApiTags('open data: HSDS 3.1')
@Public()
@Controller('hsds')
export class HsdsController {
  constructor(private readonly hsds: HsdsService) {}

  @Get('services')
  @ApiOkResponse({ type: HsdsServicePageResponse, description: 'active offerings as HSDS services with capacity, taxonomy terms, service areas and locations; ordered by id' })
  @ApiBadRequestResponse({ description: 'a bad page or per_page (1-100), or an unknown parameter, named in error.details.fields' })
  services(@Query() query: HsdsPageQuery): Promise<HsdsServicePageResponse> {
    return this.hsds.services(query);
  }

  @Get('services/:id')
  @ApiOkResponse({ type: HsdsServiceResponse })
  @ApiNotFoundResponse({ description: 'no active offering with this id' })
  service(@Param('id', UuidPipe) id: string): Promise<HsdsServiceResponse> {
    return this.hsds.service(id);
  }

  @Get('organizations')
  @ApiOkResponse({ type: HsdsOrganizationPageResponse, description: 'providers as HSDS organizations; ordered by name, then id' })
  @ApiBadRequestResponse({ description: 'a bad page or per_page (1-100), or an unknown parameter, named in error.details.fields' })
  organizations(@Query() query: HsdsPageQuery): Promise<HsdsOrganizationPageResponse> {
    return this.hsds.organizations(query);
  }

  @Get('organizations/:id')
  @ApiOkResponse({ type: HsdsOrganizationDetailResponse, description: 'one provider with the ids and names of its active services' })
  @ApiNotFoundResponse({ description: 'no provider with this id' })
  organization(@Param('id', UuidPipe) id: string): Promise<HsdsOrganizationDetailResponse> {
    return this.hsds.organization(id);
  }
}
