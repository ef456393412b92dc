import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { OVERRULE_REASONS, PASSED_OVER_REASONS, PROPOSAL_STATES, type OverruleReason, type PassedOverReason, type ProposalState } from '../domain/index.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

// ---- requests ---------------------------------------------------------------------------

export class OfferRequest {
  @ApiPropertyOptional({ example: 72, minimum: 1, maximum: 168, description: 'hours the place is held for the provider to answer (default HOLD_DEFAULT_HOURS, at most HOLD_MAX_HOURS)' })
  @IsOptional()
  @IsInt({ message: 'ttlHours must be a whole number of hours' })
  @Min(1, { message: 'ttlHours must be at least 1' })
  @Max(168, { message: 'ttlHours must be at most 168 (7 days)' })
  ttlHours?: number;
}

export class ChooseOfferingRequest {
  @ApiProperty({ description: 'the need of the case this offering is for' }) @IsUUID('all', { message: 'needId must be a UUID' }) needId!: string;
  @ApiProperty({ description: 'an alternative of the proposal, or any offering of the social map' }) @IsUUID('all', { message: 'offeringId must be a UUID' }) offeringId!: string;
  @ApiPropertyOptional({ enum: PASSED_OVER_REASONS, description: 'required when better-fitting options exist: why they are not used' })
  @IsOptional()
  @IsIn(PASSED_OVER_REASONS as unknown as string[], { message: `passedOverReason must be one of ${PASSED_OVER_REASONS.join(', ')}` })
  passedOverReason?: PassedOverReason;
  @ApiPropertyOptional({ enum: OVERRULE_REASONS, description: 'required for an offering that breaks a hard rule: why it is proposed anyway' })
  @IsOptional()
  @IsIn(OVERRULE_REASONS as unknown as string[], { message: `overruleReason must be one of ${OVERRULE_REASONS.join(', ')}` })
  overruleReason?: OverruleReason;
  @ApiPropertyOptional({ description: 'free text (encrypted at rest), e.g. what the family said' }) @IsOptional() @IsString() @MaxLength(4000) note?: string;
  @ApiPropertyOptional({ default: false, description: 'offer it to the provider at once (holds a place)' }) @IsOptional() @IsBoolean() offerNow?: boolean;
}

export class WithdrawRequest {
  @ApiProperty({ example: 'family_declined', description: 'why, as a code (letters, digits, underscores)' })
  @Matches(/^[a-z][a-z0-9_]{2,40}$/, { message: 'reason must be a code of 3-41 lowercase letters, digits or underscores' })
  reason!: string;
}

export class StartRequest {
  @ApiProperty({ example: '2026-12-07', description: 'the day help started' }) @Matches(DATE, { message: 'startedOn must be a date written YYYY-MM-DD' }) startedOn!: string;
  @ApiPropertyOptional({ description: 'when fitting help started after its due date: a code of GET /api/cases/explanation-reasons' }) @IsOptional() @IsString() @MaxLength(60) explanationCode?: string;
  @ApiPropertyOptional({ description: 'and what happened (10-4000 characters; encrypted at rest)' }) @IsOptional() @IsString() @MaxLength(4000) explanationText?: string;
}

export class AcceptRequest {
  @ApiProperty({ example: '2026-12-14', description: 'the planned first day of help' }) @Matches(DATE, { message: 'plannedStart must be a date written YYYY-MM-DD' }) plannedStart!: string;
}

export class DeclineRequest {
  @ApiProperty({ example: '7', description: 'iJw WJ759 code (1-9) or a Passend code (P1 no place after all, P2 group, P3 intake, P4 waiting list)' })
  @IsString()
  @MinLength(1)
  @MaxLength(4)
  reasonCode!: string;
  @ApiPropertyOptional({ description: 'free text (encrypted at rest)' }) @IsOptional() @IsString() @MaxLength(4000) note?: string;
}

export class InboxQuery {
  @ApiPropertyOptional({ enum: PROPOSAL_STATES, isArray: true, description: 'default: offered and accepted' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray({ message: 'state must be one or more states' })
  @IsIn(['offered', 'accepted', 'declined', 'expired', 'started', 'withdrawn'], { each: true, message: 'state must be offered, accepted, declined, expired, started or withdrawn' })
  state?: ProposalState[];
}

// ---- responses --------------------------------------------------------------------------

export class FactorView {
  @ApiProperty({ example: 'distance' }) factor!: string;
  @ApiProperty({ example: 0.8, description: '0..1' }) value!: number;
  @ApiProperty({ example: 250 }) weight!: number;
  @ApiProperty({ example: 200 }) points!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail!: Record<string, string | number | boolean>;
}

export class OptionView {
  @ApiProperty() offeringId!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty({ example: 812, description: 'fit score 1..1000' }) fitScore!: number;
  @ApiProperty({ example: 1, description: 'rank among the eligible options (1 = best fit)' }) fitRank!: number;
  @ApiProperty() distanceKm!: number;
  @ApiProperty() outsideOwnRegion!: boolean;
  @ApiProperty({ type: [String], example: ['extra_procurement'] }) flags!: string[];
  @ApiProperty({ type: [FactorView] }) factors!: FactorView[];
}

export class ProposalResponse {
  @ApiProperty() proposalId!: string;
  @ApiProperty() measureId!: string;
  @ApiProperty() needId!: string;
  @ApiProperty() offeringId!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty({ enum: PROPOSAL_STATES }) state!: ProposalState;
  @ApiProperty({ enum: ['solver', 'guardian', 'expert_table'] }) source!: string;
  @ApiProperty({ nullable: true, type: Number }) fitScore!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'best-option rank: 1, 2, 3 or 4 (4 or worse)' }) bestOptionRank!: number | null;
  @ApiProperty({ type: OptionView }) explanation!: OptionView;
  @ApiProperty({ type: [OptionView] }) alternatives!: OptionView[];
  @ApiProperty({ type: [String], description: 'hard rules an overruled offering breaks' }) ineligibleReasons!: string[];
  @ApiProperty({ nullable: true, type: String }) overruleReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) passedOverReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) referralId!: string | null;
  @ApiProperty() expectedStart!: string;
  @ApiProperty({ nullable: true, type: String }) holdExpiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) plannedStart!: string | null;
  @ApiProperty({ nullable: true, type: String }) startedOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) declineReasonCode!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() version!: number;
}

export class ProfileView {
  @ApiProperty({ example: '12-15' }) ageBand!: string;
  @ApiProperty() categoryCode!: string;
  @ApiProperty({ type: [String] }) specialismCodes!: string[];
  @ApiProperty({ type: [String] }) settingConstraints!: string[];
  @ApiProperty() regionCode!: string;
  @ApiProperty({ enum: ['regular', 'urgent', 'acute'] }) urgency!: string;
  @ApiProperty() expectedStart!: string;
  @ApiProperty() siblingsTogether!: number;
  @ApiProperty({ type: [String] }) circumstanceCodes!: string[];
}

/** What a provider sees: the pseudonymised profile, never the child's identity. */
export class ProviderProposalResponse {
  @ApiProperty() proposalId!: string;
  @ApiProperty() offeringId!: string;
  @ApiProperty({ enum: PROPOSAL_STATES }) state!: ProposalState;
  @ApiProperty({ type: ProfileView }) profile!: ProfileView;
  @ApiProperty({ nullable: true, type: Number }) fitScore!: number | null;
  @ApiProperty({ nullable: true, type: String }) offeredAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the place is held until then' }) holdExpiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) plannedStart!: string | null;
  @ApiProperty({ nullable: true, type: String }) declineReasonCode!: string | null;
}

export class NeedOptionsView {
  @ApiProperty() needId!: string;
  @ApiProperty() eligibleOfferings!: number;
  @ApiProperty({ nullable: true, enum: ['no_eligible_offering', 'no_free_place', 'outranked'] }) unplacedReason!: string | null;
  @ApiProperty({ type: OptionView, nullable: true }) best!: OptionView | null;
  @ApiProperty({ type: [OptionView] }) alternatives!: OptionView[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'hard rule → offerings of the category it excluded' }) rejected!: Record<string, number>;
}

export class CaseMatchingResponse {
  @ApiProperty() measureId!: string;
  @ApiProperty({ type: [ProposalResponse] }) proposals!: ProposalResponse[];
  @ApiProperty({ type: [NeedOptionsView], description: 'live: the needs still waiting, with their best options now' }) waitingNeeds!: NeedOptionsView[];
}

export class ChildForPlacementResponse {
  @ApiProperty() proposalId!: string;
  @ApiProperty() givenNames!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty() dateOfBirth!: string;
}

export class DeclineReasonView {
  @ApiProperty({ example: '7' }) code!: string;
  @ApiProperty({ example: 'Zorginhoudelijke afkeur' }) label!: string;
}
