import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { DATE_PATTERN, dateMessage, ExplanationRequest } from '../cases/cases.dto.js';
import { MILESTONES, type Milestone } from '../domain/norm-clock.js';
import { AGREEING_PARTIES, SPEAKERS, type AgreeingParty, type Speaker } from '../entities.js';

export class ClientVoiceEntry {
  @ApiProperty({ enum: SPEAKERS }) @IsIn(SPEAKERS as unknown as string[], { message: `speaker must be one of ${SPEAKERS.join(', ')}` }) speaker!: Speaker;
  @ApiProperty({ example: 'Ik wil bij mijn broertje blijven.', description: 'in their words; encrypted at rest' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  statement!: string;
}

export class ClientVoiceRequest extends ClientVoiceEntry {
  @ApiPropertyOptional({ enum: MILESTONES, description: 'the milestone this was said about, if any' })
  @IsOptional()
  @IsIn(MILESTONES as unknown as string[], { message: `milestone must be one of ${MILESTONES.join(', ')}` })
  milestone?: Milestone;
}

export class RecordMilestoneRequest {
  @ApiProperty({ enum: ['agreed_course', 'fitting_help'], description: 'permanent_guardian is met by assigning one (POST /api/cases/:id/guardians)' })
  @IsIn(MILESTONES as unknown as string[], { message: `kind must be one of ${MILESTONES.join(', ')}` })
  kind!: Milestone;
  @ApiProperty({ example: '2025-02-14' }) @Matches(DATE_PATTERN, dateMessage('metOn')) metOn!: string;
  @ApiPropertyOptional({ type: ExplanationRequest, description: 'required when met after the norm term (comply or explain)' })
  @IsOptional()
  @IsObject({ message: 'explanation must be an object' })
  @ValidateNested()
  @Type(() => ExplanationRequest)
  explanation?: ExplanationRequest;
  @ApiPropertyOptional({ enum: AGREEING_PARTIES, isArray: true, description: 'agreed course: who agreed; without the child or the parents it is not agreed' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(AGREEING_PARTIES.length)
  @IsIn(AGREEING_PARTIES as unknown as string[], { each: true, message: `each agreedBy entry must be one of ${AGREEING_PARTIES.join(', ')}` })
  agreedBy?: AgreeingParty[];
  @ApiPropertyOptional({ description: 'fitting help: the offering of the social map where the help started' })
  @IsOptional()
  @IsUUID('all', { message: 'offeringId must be a UUID' })
  offeringId?: string;
  @ApiPropertyOptional({ type: [ClientVoiceEntry], description: 'what the child, parents or network said about it' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ClientVoiceEntry)
  clientVoice?: ClientVoiceEntry[];
}

export class HelpExperienceRequest {
  @ApiProperty({ example: '2025-06-01', description: 'the day of the follow-up conversation' }) @Matches(DATE_PATTERN, dateMessage('followUpOn')) followUpOn!: string;
  @ApiPropertyOptional({ nullable: true, type: Boolean, description: 'the child experiences the help as fitting (null: not asked / cannot say)' })
  @IsOptional()
  @IsBoolean()
  childExperiencesFitting?: boolean | null;
  @ApiPropertyOptional({ nullable: true, type: Boolean, description: 'the parents experience the help as fitting' })
  @IsOptional()
  @IsBoolean()
  parentsExperienceFitting?: boolean | null;
  @ApiProperty({ description: 'why the help does (or does not) remove the unsafety or development threat; encrypted at rest' })
  @IsString()
  @MinLength(10, { message: 'professionalExplanation must explain in at least 10 characters' })
  @MaxLength(4000)
  professionalExplanation!: string;
}

