import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class CapacityHonestyQuery {
  @ApiPropertyOptional({ example: 'JZ22' }) @IsOptional() @Matches(/^JZ\d{2}$/, { message: 'region must be a youth-care region code such as JZ22' }) region?: string;
}

export class CapacityHonestyRow {
  @ApiProperty() providerId!: string;
  @ApiProperty({ description: 'region of the offerings the proposals were for' }) regionCode!: string;
  @ApiProperty() accepted!: number;
  @ApiProperty() declined!: number;
  @ApiProperty({ description: 'declined "no place after all" (P1) while free places were declared' }) declinedForCapacity!: number;
  @ApiProperty({ description: 'with a prior of one acceptance and one decline' }) acceptanceRate!: number;
  @ApiProperty({ description: 'at least two capacity declines, and at least a fifth of the answers' }) capacityDoubtful!: boolean;
}
