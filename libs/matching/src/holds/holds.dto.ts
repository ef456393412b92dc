import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class PlaceHoldRequest {
  @ApiPropertyOptional({ description: 'the proposal the place is held for (this offers it to the provider)' }) @IsOptional() @IsUUID('all', { message: 'proposalId must be a UUID' }) proposalId?: string;
  @ApiPropertyOptional({ description: 'or: an open case of your institution' }) @IsOptional() @IsUUID('all', { message: 'measureId must be a UUID' }) measureId?: string;
  @ApiPropertyOptional({ example: 72, minimum: 1, maximum: 168, description: 'hours (default HOLD_DEFAULT_HOURS, at most HOLD_MAX_HOURS)' })
  @IsOptional()
  @IsInt({ message: 'ttlHours must be a whole number of hours' })
  @Min(1, { message: 'ttlHours must be at least 1' })
  @Max(168, { message: 'ttlHours must be at most 168 (7 days)' })
  ttlHours?: number;
}

export class HoldForView {
  @ApiProperty({ nullable: true, type: String }) proposalId!: string | null;
  @ApiProperty({ nullable: true, type: String }) measureId!: string | null;
}

export class HoldPlacedResponse {
  @ApiProperty({ type: HoldForView }) holdFor!: HoldForView;
  @ApiProperty() offeringId!: string;
  @ApiPropertyOptional() holdId?: string;
  @ApiProperty() expiresAt!: string;
}
