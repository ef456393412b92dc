import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { HoldState } from '../catalog/entities.js';

export class PlaceHoldRequest {
  @ApiProperty({ example: 'proposal:6f1c…', description: 'what the place is held for: an id of yours, never a name (letters, digits, : _ -)' })
  @Matches(/^[A-Za-z0-9:_-]{1,100}$/, { message: 'holderRef must be an id of 1-100 letters, digits, colons, underscores or hyphens' })
  holderRef!: string;

  @ApiPropertyOptional({ example: 2880, minimum: 5, maximum: 20160, default: 2880, description: 'minutes until the hold expires and the place goes back' })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(20_160)
  ttlMinutes: number = 2880;
}

export class HoldResponse {
  @ApiProperty() holdId!: string;
  @ApiProperty() offeringId!: string;
  @ApiProperty() holderRef!: string;
  @ApiProperty({ enum: ['held', 'confirmed', 'released', 'expired'] }) state!: HoldState;
  @ApiProperty() expiresAt!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) resolvedAt!: string | null;
  @ApiProperty({ description: 'free places of the offering after this step' }) freePlaces!: number;
}
