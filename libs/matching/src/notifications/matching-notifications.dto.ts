import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export class MatchingNotificationQuery {
  @ApiPropertyOptional({ default: false, description: 'only the unread ones' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;
}

export class MatchingNotificationResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['proposal_new', 'proposal_offered', 'proposal_accepted', 'proposal_declined', 'proposal_withdrawn', 'hold_expiring', 'referral_new', 'referral_decided'] }) kind!: string;
  @ApiProperty({ nullable: true, type: String }) proposalId!: string | null;
  @ApiProperty({ nullable: true, type: String }) referralId!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) readAt!: string | null;
}
