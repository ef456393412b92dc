import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class RunRequest {
  @ApiProperty({ enum: ['region', 'area', 'national'] }) @IsIn(['region', 'area', 'national'], { message: 'scope must be region, area or national' }) scope!: 'region' | 'area' | 'national';
  @ApiPropertyOptional({ example: 'JZ22', description: 'region code (JZ..) or inspection area name; not for national' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9 &/-]{2,60}$/, { message: 'code must be a region code such as JZ22 or an inspection area name' })
  code?: string;
}

export class RunReportResponse {
  @ApiProperty({ nullable: true, type: String }) runId!: string | null;
  @ApiProperty() scope!: string;
  @ApiProperty() inputHash!: string;
  @ApiProperty({ description: 'the input equals the last run of this scope: nothing changed' }) skipped!: boolean;
  @ApiProperty() durationMs!: number;
  @ApiProperty() children!: number;
  @ApiProperty() offerings!: number;
  @ApiProperty() edges!: number;
  @ApiProperty() placed!: number;
  @ApiProperty() totalFit!: number;
  @ApiProperty({ description: 'the dual bound equals the objective' }) optimal!: boolean;
  @ApiProperty() proposalsCreated!: number;
  @ApiProperty() proposalsWithdrawn!: number;
  @ApiProperty() referralsCreated!: number;
}
