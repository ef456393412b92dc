import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { CAPACITY_CHANGE_REASONS, CAPACITY_STATUSES, type CapacityChangeReason, type CapacityStatus } from '../domain/capacity.js';
import type { Freshness } from '../domain/freshness.js';

/** The largest version the database holds (int). */
const MAX_VERSION = 2_147_483_647;

export class CapacityUpdateRequest {
  @ApiProperty({ example: 12, maximum: 10_000 }) @IsInt() totalPlaces!: number;
  @ApiProperty({ example: 2 }) @IsInt() freePlaces!: number;
  @ApiProperty({ example: 6, description: 'expected wait in weeks when full' }) @IsInt() waitWeeks!: number;
  @ApiPropertyOptional({ enum: CAPACITY_STATUSES, description: 'open, waiting_list (with waitWeeks), intake_first or closed; absent: unchanged' })
  @IsOptional()
  @IsIn(CAPACITY_STATUSES as unknown as string[], { message: `status must be one of ${CAPACITY_STATUSES.join(', ')}` })
  status?: CapacityStatus;
  // a version is a PostgreSQL int: a larger one reached the database as a 500 (found by the fuzz)
  @ApiPropertyOptional({ description: 'the version you read; alternative to the If-Match header', minimum: 0, maximum: MAX_VERSION })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_VERSION)
  version?: number;
  @ApiPropertyOptional({ enum: CAPACITY_CHANGE_REASONS, example: 'outflow', description: 'why, as a code: the capacity log takes no free text (it would fill with children\'s names)' })
  @IsOptional()
  @IsIn(CAPACITY_CHANGE_REASONS as unknown as string[], { message: `reason must be one of ${CAPACITY_CHANGE_REASONS.join(', ')}` })
  reason?: CapacityChangeReason;
}

export class BulkCapacityRow extends CapacityUpdateRequest {
  @ApiProperty() @IsUUID('4', { message: 'offeringId must be a UUID' }) offeringId!: string;
}

export class BulkCapacityRequest {
  @ApiProperty({ type: [BulkCapacityRow], maxItems: 500 })
  @ValidateNested({ each: true })
  @Type(() => BulkCapacityRow)
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  rows!: BulkCapacityRow[];
}

export class CapacityResponse {
  @ApiProperty() offeringId!: string;
  @ApiProperty() totalPlaces!: number;
  @ApiProperty() freePlaces!: number;
  @ApiProperty() waitWeeks!: number;
  @ApiProperty({ enum: CAPACITY_STATUSES }) status!: CapacityStatus;
  @ApiProperty({ description: 'send it back as If-Match (or version) with your next change' }) version!: number;
  @ApiProperty() capacityConfirmedAt!: string;
  @ApiProperty({ enum: ['today', 'this_week', 'older', 'stale'] }) freshness!: Freshness;
}

export class BulkCapacityResponse {
  @ApiProperty({ type: [CapacityResponse] }) offerings!: CapacityResponse[];
}
