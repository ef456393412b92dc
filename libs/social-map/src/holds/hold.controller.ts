import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, UuidPipe, type Actor } from '@passend/platform';
import { HoldResponse } from './hold.dto.js';
import { HoldService } from './hold.service.js';

@ApiTags('social map: holds')
@ApiBearerAuth()
/**
 * Reading and ending holds. Placing one is part of a placement and lives in matching
 * (`POST /api/offerings/:id/holds` names a proposal or an open case, checked there).
 */
@Controller()
export class HoldController {
  constructor(private readonly holds: HoldService) {}

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
