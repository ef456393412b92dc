import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, UuidPipe, type Actor } from '@passend/platform';
import { MatchingNotificationQuery, MatchingNotificationResponse } from './matching-notifications.dto.js';
import { MatchingNotificationsService } from './matching-notifications.service.js';

@ApiTags('matching: notifications')
@ApiBearerAuth()
@Controller('matching/notifications')
export class MatchingNotificationsController {
  constructor(private readonly notifications: MatchingNotificationsService) {}

  @Get()
  @ApiOkResponse({ type: [MatchingNotificationResponse], description: 'your own notifications about proposals and referrals, newest first' })
  list(@CurrentActor() actor: Actor, @Query() query: MatchingNotificationQuery): Promise<MatchingNotificationResponse[]> {
    return this.notifications.list(actor, query.unread ?? false);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: MatchingNotificationResponse })
  @ApiNotFoundResponse({ description: "no such notification of yours (someone else's is not found either)" })
  read(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<MatchingNotificationResponse> {
    return this.notifications.markRead(actor, id);
  }
}
