import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { DATE_PATTERN, dateMessage, ExplanationRequest } from '../cases/cases.dto.js';
import { ASSIGNMENT_KINDS, type AssignmentKind } from '../entities.js';

export class AssignGuardianRequest {
  @ApiProperty({ description: 'a guardian of the case\'s institution' }) @IsUUID('all', { message: 'guardianUserId must be a UUID' }) guardianUserId!: string;
  @ApiProperty({ enum: ASSIGNMENT_KINDS, description: 'permanent (vaste jeugdbeschermer) or temporary (duty guardian)' })
  @IsIn(ASSIGNMENT_KINDS as unknown as string[], { message: 'kind must be permanent or temporary' })
  kind!: AssignmentKind;
  @ApiProperty({ example: '2025-01-13', description: 'the first day of the assignment; for the first permanent guardian the day the milestone is met' })
  @Matches(DATE_PATTERN, dateMessage('fromDate'))
  fromDate!: string;
  @ApiPropertyOptional({ type: ExplanationRequest, description: 'required when the first permanent guardian comes after the norm term' })
  @IsOptional()
  @IsObject({ message: 'explanation must be an object' })
  @ValidateNested()
  @Type(() => ExplanationRequest)
  explanation?: ExplanationRequest;
}

export class CaseloadGuardianResponse {
  @ApiProperty() userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ description: 'open cases where this guardian is the permanent guardian' }) permanentCases!: number;
  @ApiProperty({ description: 'open cases where this guardian stands in (temporary)' }) temporaryCases!: number;
}

export class CaseloadResponse {
  @ApiProperty() institutionId!: string;
  @ApiProperty() openCases!: number;
  @ApiProperty({ description: 'open cases waiting for a permanent guardian' }) withoutPermanentGuardian!: number;
  @ApiProperty({ type: [CaseloadGuardianResponse], description: 'every active guardian of the institution, also those without cases' }) guardians!: CaseloadGuardianResponse[];
}
