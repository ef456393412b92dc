import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, UuidPipe, type Actor } from '@passend/platform';
import { PLACE_HOLD_ROLES } from '../domain/offering-policy.js';
import { HoldResponse, PlaceHoldRequest } from './hold.dto.js';
import { HoldService } from './hold.service.js';

@ApiTags('social map: holds')
@ApiBearerAuth()
@Controller()
export class HoldController {
  constructor(private readonly holds: HoldService) {}

  @Post('offerings/:id/holds')
  @Roles(...PLACE_HOLD_ROLES)
  @ApiCreatedResponse({ type: HoldResponse, description: 'one free place is held until expiresAt' })
  @ApiConflictResponse({ description: 'no free place left' })
  place(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: PlaceHoldRequest): Promise<HoldResponse> {
    return this.holds.place(actor, id, body.holderRef, body.ttlMinutes);
  }

  @Get('holds/:id')
  @ApiOkResponse({ type: HoldResponse })
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<HoldResponse> {
    return this.holds.get(actor, id);
  }

  @Post('holds/:id/release')
  @HttpCode(200)
  @ApiOkResponse({ type: HoldResponse, description: 'the place goes back (exactly once)' })
  @ApiConflictResponse({ description: 'the hold is no longer held' })
  release(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<HoldResponse> {
    return this.holds.release(actor, id);
  }

  @Post('holds/:id/confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: HoldResponse, description: 'the hold becomes a placement' })
  @ApiConflictResponse({ description: 'the hold is no longer held' })
  confirm(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<HoldResponse> {
    return this.holds.confirm(actor, id);
  }
}
