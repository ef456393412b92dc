import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ProposalResponse } from '../proposals/proposal.dto.js';

export const DECISION_KINDS = ['approve', 'choose_other', 'ask_information', 'escalate', 'no_fitting_help'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export class ExpertTableRequest {
  @ApiProperty({ example: 'Experttafel Utrecht Stad' }) @IsString() @MinLength(3) @MaxLength(200) name!: string;
  @ApiPropertyOptional({ example: 'JZ22', description: 'the youth-care region; leave out for a supra-regional table' })
  @IsOptional()
  @Matches(/^JZ\d{2}$/, { message: 'regionCode must be a youth-care region code such as JZ22' })
  regionCode?: string;
  @ApiPropertyOptional({ description: 'the table cases are escalated to' }) @IsOptional() @IsUUID('all', { message: 'escalatesTo must be a UUID' }) escalatesTo?: string;
  @ApiPropertyOptional({ description: 'the organisation (kind expert_table) its members belong to' }) @IsOptional() @IsUUID('all', { message: 'organisationId must be a UUID' }) organisationId?: string;
}

export class MemberRequest {
  @ApiProperty() @IsUUID('all', { message: 'userId must be a UUID' }) userId!: string;
}

export class DecisionRequest {
  @ApiProperty({ enum: DECISION_KINDS }) @IsIn(DECISION_KINDS as unknown as string[], { message: `kind must be one of ${DECISION_KINDS.join(', ')}` }) kind!: DecisionKind;
  @ApiPropertyOptional({ description: 'approve: the proposal under review' }) @IsOptional() @IsUUID('all', { message: 'proposalId must be a UUID' }) proposalId?: string;
  @ApiPropertyOptional({ description: 'choose_other: the offering the table chooses' }) @IsOptional() @IsUUID('all', { message: 'offeringId must be a UUID' }) offeringId?: string;
  @ApiPropertyOptional({ description: 'escalate: the table to escalate to (default: the table this one escalates to, else a supra-regional one)' })
  @IsOptional()
  @IsUUID('all', { message: 'escalateTo must be a UUID' })
  escalateTo?: string;
  @ApiProperty({ description: 'why the table decides so (10-4000 characters; encrypted at rest)' }) @IsString() @MinLength(10, { message: 'rationale must be at least 10 characters: say why' }) @MaxLength(4000) rationale!: string;
  @ApiProperty({ description: "what the child and the parents think of it, in their words (encrypted at rest)" })
  @IsString()
  @MinLength(3, { message: "familyView must say what the family thinks (or that they could not be asked, and why)" })
  @MaxLength(4000)
  familyView!: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 168 }) @IsOptional() @IsInt() @Min(1) @Max(168) ttlHours?: number;
}

export class ExpertTableResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) regionCode!: string | null;
  @ApiProperty() supraRegional!: boolean;
  @ApiProperty({ nullable: true, type: String }) escalatesTo!: string | null;
  @ApiProperty({ type: [String] }) memberIds!: string[];
}

export class QueueItem {
  @ApiProperty() referralId!: string;
  @ApiProperty({ enum: ['open', 'waiting_for_information'] }) state!: string;
  @ApiProperty() categoryCode!: string;
  @ApiProperty({ enum: ['regular', 'urgent', 'acute'] }) urgency!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ type: [String] }) reasons!: string[];
  @ApiProperty() referredAt!: string;
  @ApiProperty() fittingHelpDueOn!: string;
  @ApiProperty({ description: 'negative: overdue' }) fittingHelpDaysLeft!: number;
  @ApiProperty() decisionDueOn!: string;
  @ApiProperty({ description: "the table's own term; negative: overdue" }) decisionDaysLeft!: number;
}

export class DecisionView {
  @ApiProperty() decisionId!: string;
  @ApiProperty({ enum: DECISION_KINDS }) kind!: string;
  @ApiProperty({ nullable: true, type: String }) proposalId!: string | null;
  @ApiProperty() rationale!: string;
  @ApiProperty() familyView!: string;
  @ApiProperty() decidedAt!: string;
  @ApiProperty() onTime!: boolean;
}

export class ReferralCaseView {
  @ApiProperty() referralId!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ type: [String] }) reasons!: string[];
  @ApiProperty() decisionDueOn!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the need, the clocks and the family\u2019s voice; no BSN, no name' }) case!: unknown;
  @ApiProperty({ type: [ProposalResponse] }) proposals!: ProposalResponse[];
  @ApiProperty({ type: [DecisionView] }) decisions!: DecisionView[];
}

export class DecisionResponse {
  @ApiProperty() decisionId!: string;
  @ApiProperty() referralId!: string;
  @ApiProperty({ enum: DECISION_KINDS }) kind!: string;
  @ApiProperty() referralState!: string;
  @ApiProperty({ nullable: true, type: String }) proposalId!: string | null;
  @ApiProperty({ nullable: true, type: String }) escalatedToReferralId!: string | null;
  @ApiProperty() onTime!: boolean;
}
