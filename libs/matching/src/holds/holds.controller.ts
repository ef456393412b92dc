import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, UuidPipe, type Actor } from '@passend/platform';
import { HoldRequestService } from './hold-request.service.js';
import { HoldPlacedResponse, PlaceHoldRequest } from './holds.dto.js';

@ApiTags('matching: holds')
@ApiBearerAuth()
@Controller()
export class HoldsController {
  constructor(private readonly holds: HoldRequestService) {}

  @Post('offerings/:id/holds')
  @Roles('guardian', 'expert_member')
  @ApiCreatedResponse({ type: HoldPlacedResponse, description: 'one free place held for a proposal or an open case of your institution' })
  @ApiConflictResponse({ description: 'no free place left, or your (or your organisation\u2019s) hold cap is reached' })
  place(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: PlaceHoldRequest): Promise<HoldPlacedResponse> {
    return this.holds.place(actor, id, body);
  }
}
