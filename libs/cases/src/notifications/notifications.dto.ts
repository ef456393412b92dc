import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { toBoolean } from '@passend/platform';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MILESTONES, type Milestone } from '../domain/norm-clock.js';
import { NOTIFICATION_KINDS, type NotificationKind } from './entities.js';

export class NotificationListQuery {
  @ApiPropertyOptional({ description: 'true: only unread; false: only read; left out: all' })
  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'unread must be true or false' }) unread?: boolean;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'page must be a whole number' }) @Min(1) @Max(10_000) page: number = 1;

  @ApiPropertyOptional({ default: 25, minimum: 1, maximum: 100 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'perPage must be a whole number' }) @Min(1) @Max(100) perPage: number = 25;
}

/** A norm notification: ids, codes and dates only; the web app shows the case to whoever may see it. */
export class NotificationResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'the case (protection measure) the notification is about' }) measureId!: string;
  @ApiProperty({ enum: MILESTONES }) milestone!: Milestone;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: NotificationKind;
  @ApiProperty({ example: '2026-02-16', description: 'the last day on which the milestone is on time' }) dueOn!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) readAt!: string | null;
}

export class NotificationPageResponse {
  @ApiProperty({ type: [NotificationResponse], description: 'newest first' }) items!: NotificationResponse[];
  @ApiProperty({ description: 'notifications matching the filter' }) total!: number;
  @ApiProperty({ description: 'all your unread notifications, whatever the filter' }) unread!: number;
  @ApiProperty() page!: number;
  @ApiProperty() perPage!: number;
}

export class ReadAllResponse {
  @ApiProperty({ description: 'notifications marked read by this request' }) marked!: number;
}

export class NormCheckAcceptedResponse {
  @ApiProperty({ description: 'the queued job; the worker runs the check' }) jobId!: string;
}
