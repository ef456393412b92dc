import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXCLUSION_CODES, SETTINGS, type ExclusionCode, type Setting } from '@passend/reference/domain';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { DATE_PATTERN, dateMessage } from '../cases/cases.dto.js';
import { NEED_URGENCIES, type NeedUrgency } from '../entities.js';

export class NeedRequest {
  @ApiProperty({ example: '43', description: 'iJw JZ020 product category (current codes 40-55)' })
  @Matches(/^\d{2}$/, { message: 'categoryCode must be a JZ020 code such as 43' })
  categoryCode!: string;
  @ApiPropertyOptional({ type: [String], example: ['trauma_treatment'], description: 'specialisms of the social map taxonomy' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  specialismCodes?: string[];
  @ApiPropertyOptional({ enum: SETTINGS, isArray: true, description: 'settings that fit this child (empty: any)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SETTINGS.length)
  @IsIn(SETTINGS as unknown as string[], { each: true, message: `each settingConstraints entry must be one of ${SETTINGS.join(', ')}` })
  settingConstraints?: Setting[];
  @ApiPropertyOptional({ example: '2025-02-01', description: 'secure care: first day of the court authorisation' })
  @IsOptional()
  @Matches(DATE_PATTERN, dateMessage('secureAuthorisationFrom'))
  secureAuthorisationFrom?: string;
  @ApiPropertyOptional({ example: '2025-08-01', description: 'secure care: last day of the court authorisation' })
  @IsOptional()
  @Matches(DATE_PATTERN, dateMessage('secureAuthorisationTo'))
  secureAuthorisationTo?: string;
  @ApiProperty({ enum: NEED_URGENCIES, description: 'how much safety presses: regular, urgent, acute' })
  @IsIn(NEED_URGENCIES as unknown as string[], { message: `urgency must be one of ${NEED_URGENCIES.join(', ')}` })
  urgency!: NeedUrgency;
  @ApiPropertyOptional({ default: false, description: 'keep brothers and sisters together' }) @IsOptional() @IsBoolean() keepWithSiblings?: boolean;
  @ApiPropertyOptional({ description: 'the same id on the needs of brothers and sisters who should stay together' })
  @IsOptional()
  @IsUUID('all', { message: 'siblingGroup must be a UUID' })
  siblingGroup?: string;
  @ApiPropertyOptional({ enum: EXCLUSION_CODES, isArray: true, description: "the child's circumstances that offerings may exclude (exclusion-criteria vocabulary)" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EXCLUSION_CODES.length)
  @IsIn(EXCLUSION_CODES as unknown as string[], { each: true, message: `each circumstanceCodes entry must be one of ${EXCLUSION_CODES.join(', ')}` })
  circumstanceCodes?: ExclusionCode[];
  @ApiPropertyOptional({ example: 30, description: "the farthest the help may be from home or the child's network" })
  @IsOptional()
  @IsInt({ message: 'maxDistanceKm must be a whole number' })
  @Min(1)
  @Max(400)
  maxDistanceKm?: number;
  @ApiPropertyOptional({ description: 'free text; encrypted at rest' }) @IsOptional() @IsString() @MaxLength(4000) notes?: string;
}
