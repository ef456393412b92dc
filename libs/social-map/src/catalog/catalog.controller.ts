import { Body, Controller, Delete, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, UuidPipe, type Actor } from '@passend/platform';
import {
  LocationRequest,
  LocationResponse,
  LocationUpdateRequest,
  OfferingRequest,
  OfferingResponse,
  OfferingUpdateRequest,
  ProviderProfileRequest,
  ProviderResponse,
  SpecialismRequest,
  SpecialismResponse,
  StaleOfferingsResponse,
} from './catalog.dto.js';
import { CatalogService } from './catalog.service.js';

@ApiTags('social map: providers')
@ApiBearerAuth()
@Controller('providers')
export class ProvidersController {
  constructor(private readonly catalog: CatalogService) {}

  @Put('me')
  @Roles('provider_staff')
  @ApiOkResponse({ type: ProviderResponse, description: 'your organisation\'s entry on the social map' })
  saveOwn(@CurrentActor() actor: Actor, @Body() body: ProviderProfileRequest): Promise<ProviderResponse> {
    return this.catalog.saveOwnProvider(actor, body);
  }

  @Get('me/offerings')
  @Roles('provider_staff')
  @ApiOkResponse({ type: [OfferingResponse], description: 'your offerings with their capacity and freshness' })
  ownOfferings(@CurrentActor() actor: Actor): Promise<OfferingResponse[]> {
    return this.catalog.ownOfferings(actor);
  }

  @Get('me/stale-offerings')
  @Roles('provider_staff')
  @ApiOkResponse({ type: StaleOfferingsResponse, description: 'offerings nobody confirmed for 14 days' })
  staleOfferings(@CurrentActor() actor: Actor): Promise<StaleOfferingsResponse> {
    return this.catalog.staleOfferings(actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: ProviderResponse })
  provider(@Param('id', UuidPipe) id: string): Promise<ProviderResponse> {
    return this.catalog.provider(id);
  }
}

@ApiTags('social map: providers')
@ApiBearerAuth()
@Controller('locations')
export class LocationsController {
  constructor(private readonly catalog: CatalogService) {}

  @Post()
  @Roles('provider_staff')
  @ApiCreatedResponse({ type: LocationResponse })
  create(@CurrentActor() actor: Actor, @Body() body: LocationRequest): Promise<LocationResponse> {
    return this.catalog.createLocation(actor, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: LocationResponse })
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<LocationResponse> {
    return this.catalog.locationFor(actor, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: LocationResponse })
  @ApiForbiddenResponse({ description: 'another provider\'s location (audited)' })
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: LocationUpdateRequest): Promise<LocationResponse> {
    return this.catalog.updateLocation(actor, id, body);
  }
}

@ApiTags('social map: offerings')
@ApiBearerAuth()
@Controller('offerings')
export class OfferingsController {
  constructor(private readonly catalog: CatalogService) {}

  @Post()
  @Roles('provider_staff')
  @ApiCreatedResponse({ type: OfferingResponse })
  create(@CurrentActor() actor: Actor, @Body() body: OfferingRequest): Promise<OfferingResponse> {
    return this.catalog.createOffering(actor, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: OfferingResponse })
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<OfferingResponse> {
    return this.catalog.offeringFor(actor, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: OfferingResponse })
  @ApiForbiddenResponse({ description: 'another provider\'s offering (audited)' })
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: OfferingUpdateRequest): Promise<OfferingResponse> {
    return this.catalog.updateOffering(actor, id, body);
  }

  @Delete(':id')
  @ApiOkResponse({ type: OfferingResponse, description: 'the offering leaves the map (kept for its history)' })
  @ApiConflictResponse()
  deactivate(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<OfferingResponse> {
    return this.catalog.deactivateOffering(actor, id);
  }
}

@ApiTags('social map: taxonomy')
@ApiBearerAuth()
@Controller('social-map/specialisms')
export class TaxonomyController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiOkResponse({ type: [SpecialismResponse], description: 'specialisms / target problems' })
  list(): Promise<SpecialismResponse[]> {
    return this.catalog.specialisms();
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: SpecialismResponse, description: 'extends the taxonomy' })
  add(@Body() body: SpecialismRequest): Promise<SpecialismResponse> {
    return this.catalog.addSpecialism(body);
  }
}
