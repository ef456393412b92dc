import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, UuidPipe, type Actor } from '@passend/platform';
import { NormCheck } from './norm-check.js';
import { NormCheckAcceptedResponse, NotificationListQuery, NotificationPageResponse, NotificationResponse, ReadAllResponse } from './notifications.dto.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('cases: notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly normCheck: NormCheck,
  ) {}

  @Get()
  @ApiOkResponse({ type: NotificationPageResponse, description: 'your own notifications, newest first' })
  list(@CurrentActor() actor: Actor, @Query() query: NotificationListQuery): Promise<NotificationPageResponse> {
    return this.notifications.list(actor, query);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOkResponse({ type: ReadAllResponse, description: 'marks all your unread notifications read' })
  readAll(@CurrentActor() actor: Actor): Promise<ReadAllResponse> {
    return this.notifications.markAllRead(actor);
  }

  @Post('check')
  @Roles('admin')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: NormCheckAcceptedResponse, description: 'the norm check is queued; the worker runs it (idempotent)' })
  @ApiForbiddenResponse({ description: 'administrators only' })
  async check(): Promise<NormCheckAcceptedResponse> {
    return { jobId: await this.normCheck.enqueue() };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationResponse })
  @ApiNotFoundResponse({ description: 'no such notification of yours (someone else\'s is not found either)' })
  read(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<NotificationResponse> {
    return this.notifications.markRead(actor, id);
  }
}
