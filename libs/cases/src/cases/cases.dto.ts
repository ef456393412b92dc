import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import type { ClockState, Milestone } from '../domain/norm-clock.js';
import { MEASURE_KINDS, type AssignmentKind, type MeasureKind, type MeasureStatus, type NeedUrgency, type Speaker } from '../entities.js';

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const dateMessage = (field: string) => ({ message: `${field} must be a date written YYYY-MM-DD` });
const MILESTONE_NAMES: Milestone[] = ['permanent_guardian', 'agreed_course', 'fitting_help'];
const CLOCK_STATES: ClockState[] = ['on_time', 'due_soon', 'overdue', 'met_on_time', 'met_late'];

// ---- requests ---------------------------------------------------------------------------

export class ChildRequest {
  @ApiProperty({ example: 'Noa Emma' }) @IsString() @MinLength(1) @MaxLength(200) givenNames!: string;
  @ApiProperty({ example: 'de Vries' }) @IsString() @MinLength(1) @MaxLength(200) familyName!: string;
  @ApiProperty({ example: '111222333', description: 'burgerservicenummer; spaces and dots allowed, checked with the eleven-test' })
  @IsString()
  @MaxLength(20)
  bsn!: string;
  @ApiProperty({ example: '2014-03-09' }) @Matches(DATE_PATTERN, dateMessage('dateOfBirth')) dateOfBirth!: string;
  @ApiProperty({ example: 'GM0344', description: 'CBS code of the municipality where the child lives' })
  @Matches(/^GM\d{4}$/, { message: 'homeMunicipalityCode must be a CBS code such as GM0344' })
  homeMunicipalityCode!: string;
  @ApiPropertyOptional({ example: 'GM0307', description: "where the child's network or school is (for distance)" })
  @IsOptional()
  @Matches(/^GM\d{4}$/, { message: 'networkMunicipalityCode must be a CBS code such as GM0307' })
  networkMunicipalityCode?: string;
}

/** A correction of the institution's own record of the child: only the fields given change. The BSN is not corrected here. */
export class CorrectChildRequest {
  @ApiPropertyOptional({ example: 'Noa Emma' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) givenNames?: string;
  @ApiPropertyOptional({ example: 'de Vries' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) familyName?: string;
  @ApiPropertyOptional({ example: '2014-03-09' }) @IsOptional() @Matches(DATE_PATTERN, dateMessage('dateOfBirth')) dateOfBirth?: string;
  @ApiPropertyOptional({ example: 'GM0344' })
  @IsOptional()
  @Matches(/^GM\d{4}$/, { message: 'homeMunicipalityCode must be a CBS code such as GM0344' })
  homeMunicipalityCode?: string;
  @ApiPropertyOptional({ example: 'GM0307', nullable: true, type: String, description: 'null removes it' })
  @IsOptional()
  @Matches(/^GM\d{4}$/, { message: 'networkMunicipalityCode must be a CBS code such as GM0307' })
  networkMunicipalityCode?: string | null;
}

export class MeasureRequest {
  @ApiProperty({ enum: MEASURE_KINDS }) @IsIn(MEASURE_KINDS as unknown as string[], { message: `kind must be one of ${MEASURE_KINDS.join(', ')}` }) kind!: MeasureKind;
  @ApiProperty({ example: '2025-01-10', description: 'date of the court ruling: the norm clocks start here' }) @Matches(DATE_PATTERN, dateMessage('rulingDate')) rulingDate!: string;
  @ApiPropertyOptional({ example: '2026-01-10' }) @IsOptional() @Matches(DATE_PATTERN, dateMessage('endDate')) endDate?: string;
  @ApiPropertyOptional({ default: false, description: 'safety demands help sooner than the 3-month norm' }) @IsOptional() @IsBoolean() urgent?: boolean;
  @ApiPropertyOptional({ example: '2025-01-24', description: 'with urgent: the day fitting help must have started' })
  @IsOptional()
  @Matches(DATE_PATTERN, dateMessage('urgentHelpDueOn'))
  urgentHelpDueOn?: string;
  @ApiPropertyOptional({ description: 'the certified institution that carries out the measure: your own (the default)' })
  @IsOptional()
  @IsUUID('all', { message: 'institutionId must be a UUID' })
  institutionId?: string;
}

export class OpenCaseRequest {
  @ApiProperty({ type: ChildRequest }) @IsDefined({ message: 'child is required' }) @IsObject({ message: 'child must be an object' }) @ValidateNested() @Type(() => ChildRequest) child!: ChildRequest;
  @ApiProperty({ type: MeasureRequest }) @IsDefined({ message: 'measure is required' }) @IsObject({ message: 'measure must be an object' }) @ValidateNested() @Type(() => MeasureRequest) measure!: MeasureRequest;
}

export class CaseListQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'], default: 'open' }) @IsOptional() @IsIn(['open', 'closed'], { message: 'status must be open or closed' }) status: MeasureStatus = 'open';
  @ApiPropertyOptional({ default: 1, minimum: 1 }) @IsOptional() @Type(() => Number) @IsInt({ message: 'page must be a whole number' }) @Min(1) @Max(10_000) page: number = 1;
  @ApiPropertyOptional({ default: 25, minimum: 1, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt({ message: 'perPage must be a whole number' }) @Min(1) @Max(100) perPage: number = 25;
}

/** Comply or explain: why a norm term was missed (reason from the code list, and what happened). */
export class ExplanationRequest {
  @ApiProperty({ example: 'waiting_list', description: 'a code of GET /api/cases/explanation-reasons' }) @IsString() @MaxLength(60) reasonCode!: string;
  @ApiProperty({ example: 'De aanbieder had pas na vier maanden plek.', description: '10-4000 characters' }) @IsString() @MaxLength(4000) text!: string;
}

// ---- responses --------------------------------------------------------------------------

export class ChildResponse {
  @ApiProperty() id!: string;
  @ApiProperty() givenNames!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty() bsn!: string;
  @ApiProperty() dateOfBirth!: string;
  @ApiProperty() homeMunicipalityCode!: string;
  @ApiProperty() homeRegionCode!: string;
  @ApiProperty({ nullable: true, type: String }) networkMunicipalityCode!: string | null;
}

export class GuardianAssignmentResponse {
  @ApiProperty() id!: string;
  @ApiProperty() guardianUserId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['permanent', 'temporary'] }) kind!: AssignmentKind;
  @ApiProperty() fromDate!: string;
  @ApiProperty({ nullable: true, type: String }) toDate!: string | null;
}

export class NormClockResponse {
  @ApiProperty({ enum: MILESTONE_NAMES }) milestone!: Milestone;
  @ApiProperty({ description: 'the last day that is on time' }) dueOn!: string;
  @ApiProperty({ enum: CLOCK_STATES }) state!: ClockState;
  @ApiProperty({ nullable: true, type: String }) metOn!: string | null;
  @ApiProperty({ nullable: true, type: Number }) daysLeft!: number | null;
  @ApiProperty({ nullable: true, type: Number }) daysLate!: number | null;
  @ApiProperty({ description: 'met late or overdue: comply or explain' }) explanationNeeded!: boolean;
  @ApiProperty() explanationRecorded!: boolean;
}

export class ExplanationResponse {
  @ApiProperty() reasonCode!: string;
  @ApiProperty() text!: string;
}

export class HelpExperienceResponse {
  @ApiProperty() id!: string;
  @ApiProperty() followUpOn!: string;
  @ApiProperty({ nullable: true, type: Boolean }) childExperiencesFitting!: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean }) parentsExperienceFitting!: boolean | null;
  @ApiProperty() professionalExplanation!: string;
  @ApiProperty() recordedAt!: string;
}

export class MilestoneResponse {
  @ApiProperty({ enum: MILESTONE_NAMES }) kind!: Milestone;
  @ApiProperty() metOn!: string;
  @ApiProperty({ nullable: true, type: ExplanationResponse }) explanation!: ExplanationResponse | null;
  @ApiProperty({ nullable: true, type: [String], description: 'agreed course: who agreed' }) agreedBy!: string[] | null;
  @ApiProperty({ nullable: true, type: String, description: 'fitting help: the offering where help started' }) offeringId!: string | null;
  @ApiProperty() recordedBy!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ type: [HelpExperienceResponse], description: 'fitting help: follow-ups of how the family experiences it' }) experiences!: HelpExperienceResponse[];
}

export class NeedResponse {
  @ApiProperty() id!: string;
  @ApiProperty() categoryCode!: string;
  @ApiProperty({ type: [String] }) specialismCodes!: string[];
  @ApiProperty({ type: [String] }) settingConstraints!: string[];
  @ApiProperty({ nullable: true, type: String }) secureAuthorisationFrom!: string | null;
  @ApiProperty({ nullable: true, type: String }) secureAuthorisationTo!: string | null;
  @ApiProperty({ enum: ['regular', 'urgent', 'acute'] }) urgency!: NeedUrgency;
  @ApiProperty() keepWithSiblings!: boolean;
  @ApiProperty({ nullable: true, type: Number }) maxDistanceKm!: number | null;
  @ApiProperty({ nullable: true, type: String }) siblingGroup!: string | null;
  @ApiProperty({ type: [String], description: "the child's circumstances (exclusion-criteria codes)" }) circumstanceCodes!: string[];
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty() recordedAt!: string;
}

export class ClientVoiceResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, enum: MILESTONE_NAMES }) milestone!: Milestone | null;
  @ApiProperty({ enum: ['child', 'parents', 'network'] }) speaker!: Speaker;
  @ApiProperty() statement!: string;
  @ApiProperty() recordedAt!: string;
}

/** A whole case, decrypted: only for guardians of the institution; every read is logged. */
export class CaseResponse {
  @ApiProperty() id!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: MeasureStatus;
  @ApiProperty({ enum: MEASURE_KINDS }) kind!: MeasureKind;
  @ApiProperty() rulingDate!: string;
  @ApiProperty({ nullable: true, type: String }) endDate!: string | null;
  @ApiProperty() urgent!: boolean;
  @ApiProperty({ nullable: true, type: String }) urgentHelpDueOn!: string | null;
  @ApiProperty() institutionId!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: ChildResponse }) child!: ChildResponse;
  @ApiProperty({ nullable: true, type: GuardianAssignmentResponse }) permanentGuardian!: GuardianAssignmentResponse | null;
  @ApiProperty({ nullable: true, type: GuardianAssignmentResponse }) temporaryGuardian!: GuardianAssignmentResponse | null;
  @ApiProperty({ type: [GuardianAssignmentResponse], description: 'every assignment, newest first' }) guardianHistory!: GuardianAssignmentResponse[];
  @ApiProperty({ type: [NormClockResponse], description: 'permanent guardian, agreed course, fitting help' }) clocks!: NormClockResponse[];
  @ApiProperty({ type: [MilestoneResponse] }) milestones!: MilestoneResponse[];
  @ApiProperty({ type: [NeedResponse] }) needs!: NeedResponse[];
  @ApiProperty({ type: [ClientVoiceResponse] }) clientVoice!: ClientVoiceResponse[];
}

export class GuardianNameResponse {
  @ApiProperty() userId!: string;
  @ApiProperty() displayName!: string;
}

export class CaseSummaryResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: MeasureStatus;
  @ApiProperty({ enum: MEASURE_KINDS }) kind!: MeasureKind;
  @ApiProperty() rulingDate!: string;
  @ApiProperty() urgent!: boolean;
  @ApiProperty() childGivenNames!: string;
  @ApiProperty() childFamilyName!: string;
  @ApiProperty({ nullable: true, type: GuardianNameResponse }) permanentGuardian!: GuardianNameResponse | null;
  @ApiProperty({ type: [NormClockResponse] }) clocks!: NormClockResponse[];
}

export class CasePageResponse {
  @ApiProperty({ type: [CaseSummaryResponse] }) items!: CaseSummaryResponse[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() perPage!: number;
}

export class CaseEventResponse {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: String }) actorUserId!: string | null;
  @ApiProperty({ example: 'milestone_recorded' }) kind!: string;
  @ApiProperty({ description: 'codes and dates, never personal data' }) summary!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'ids of what the event is about' }) refs!: Record<string, unknown>;
}

export class TimelineResponse {
  @ApiProperty() caseId!: string;
  @ApiProperty({ type: [CaseEventResponse], description: 'oldest first' }) events!: CaseEventResponse[];
}

export class ExplanationReasonResponse {
  @ApiProperty({ example: 'waiting_list' }) code!: string;
  @ApiProperty({ example: 'Wachtlijst bij aanbieder' }) label!: string;
}
