import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@passend/platform';
import { CapacityHonestyQuery, CapacityHonestyRow } from './capacity-honesty.dto.js';
import { CapacityHonestyService } from './capacity-honesty.service.js';

@ApiTags('matching: capacity honesty')
@ApiBearerAuth()
@Controller('matching/capacity-honesty')
export class CapacityHonestyController {
  constructor(private readonly honesty: CapacityHonestyService) {}

  @Get()
  @Roles('region_officer', 'admin', 'provider_staff')
  @ApiOkResponse({ type: [CapacityHonestyRow], description: 'per provider and region: answers to proposals, and whether declared capacity holds (providers: their own rows)' })
  report(@CurrentActor() actor: Actor, @Query() query: CapacityHonestyQuery): Promise<CapacityHonestyRow[]> {
    return this.honesty.report(actor, query.region);
  }
}
