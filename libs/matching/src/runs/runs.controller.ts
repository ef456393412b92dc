import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, UuidPipe, type Actor } from '@passend/platform';
import { PlaceQueueItem } from '../read-model/place-queue.dto.js';
import { PlaceQueueService } from '../read-model/place-queue.service.js';
import { RunReportResponse, RunRequest } from './runs.dto.js';
import { MatchingRunControl } from './run-control.js';

@ApiTags('matching: runs')
@ApiBearerAuth()
@Controller()
export class RunsController {
  constructor(
    private readonly control: MatchingRunControl,
    private readonly placeQueue: PlaceQueueService,
  ) {}

  @Post('matching/runs')
  @Roles('admin')
  @ApiCreatedResponse({ type: RunReportResponse, description: 'a matching run now (region, inspection area, or national); the report holds counts only' })
  run(@CurrentActor() actor: Actor, @Body() body: RunRequest): Promise<RunReportResponse> {
    return this.control.runNow(actor, body);
  }

  @Get('offerings/:id/waiting-children')
  @Roles('provider_staff', 'expert_member')
  @ApiOkResponse({ type: [PlaceQueueItem], description: 'for one offering, the eligible waiting children ranked by priority and fit (pseudonymised)' })
  waitingChildren(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<PlaceQueueItem[]> {
    return this.placeQueue.forOffering(actor, id);
  }
}
