import { ApiProperty } from '@nestjs/swagger';
import { FUNNEL_STAGES, type FunnelStage } from './domain/matching-figures.js';

// Aggregates only: counts and durations, never a child's, a measure's or a proposal's id.
// Every count is null when suppressed: under 5 children, or hidden with it so that it cannot be
// recovered by subtraction from a total in the same response (complementary suppression).

const SUPPRESSED = 'null when suppressed (fewer than 5 children, or hidden so that another suppressed cell cannot be recomputed)';

export class DurationResponse {
  @ApiProperty({ nullable: true, type: Number, example: 61, description: 'median, in days' }) medianDays!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 104.5, description: '90th percentile, in days' }) p90Days!: number | null;
}

export class PlacementDurationsResponse {
  @ApiProperty({ nullable: true, type: Number, description: `placements (help started through a proposal) in the period; ${SUPPRESSED}` }) placements!: number | null;
  @ApiProperty({ type: DurationResponse, description: 'court ruling → help started' }) fromRuling!: DurationResponse;
  @ApiProperty({ type: DurationResponse, description: 'need recorded → help started' }) fromNeed!: DurationResponse;
  @ApiProperty({ type: DurationResponse, description: 'proposal created → help started' }) fromProposal!: DurationResponse;
}

export class RegionPlacementResponse extends PlacementDurationsResponse {
  @ApiProperty({ example: 'JZ22' }) regionCode!: string;
  @ApiProperty({ example: 'Utrecht Stad' }) name!: string;
}

export class CategoryPlacementResponse extends PlacementDurationsResponse {
  @ApiProperty({ example: '43', description: 'iJw JZ020 product category' }) categoryCode!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
}

export class TimeToPlacementResponse extends PlacementDurationsResponse {
  @ApiProperty({ type: [RegionPlacementResponse], description: "per youth-care region in scope (the child's home region)" }) perRegion!: RegionPlacementResponse[];
  @ApiProperty({ type: [CategoryPlacementResponse], description: 'every current JZ020 category' }) perCategory!: CategoryPlacementResponse[];
}

export class BestOptionRankResponse {
  @ApiProperty({ nullable: true, type: Number }) placements!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'placements at the best option' }) rank1!: number | null;
  @ApiProperty({ nullable: true, type: Number }) rank2!: number | null;
  @ApiProperty({ nullable: true, type: Number }) rank3!: number | null;
  @ApiProperty({ nullable: true, type: Number }) rank4!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'placements without a rank (chosen outside the solver)' }) unranked!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 0.62, description: 'rank1 / placements, when both are shown' }) rank1Share!: number | null;
}

export class OutsideOwnRegionResponse {
  @ApiProperty({ nullable: true, type: Number }) placements!: number | null;
  @ApiProperty({ nullable: true, type: Number }) inOwnRegion!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: "offering in another youth-care region than the child's home region" }) outsideOwnRegion!: number | null;
  @ApiProperty({ nullable: true, type: Number }) outsideShare!: number | null;
}

export class FallOutResponse {
  @ApiProperty({ example: 'declined', description: "declined, hold_expired, or the withdraw reason (superseded_by_run, guardian_chose_other, expert_table_chose_other, no_fitting_help, capacity_dropped, hold_released, other)" })
  reason!: string;
  @ApiProperty({ nullable: true, type: Number }) proposals!: number | null;
}

export class FunnelStageResponse {
  @ApiProperty({ enum: FUNNEL_STAGES }) stage!: FunnelStage;
  @ApiProperty({ nullable: true, type: Number, description: 'proposals created in the period that reached this stage' }) entered!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: "share of the previous stage's proposals that reached this one" }) conversion!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'still at this stage today (null for started)' }) stillOpen!: number | null;
  @ApiProperty({ type: [FallOutResponse], description: 'fell out at this stage, per reason' }) fellOut!: FallOutResponse[];
}

export class DeclineReasonResponse {
  @ApiProperty({ example: '7', description: 'iJw WJ759 (1-9) or Passend (P1-P4)' }) reasonCode!: string;
  @ApiProperty({ nullable: true, type: String }) label!: string | null;
  @ApiProperty({ nullable: true, type: Number }) proposals!: number | null;
}

export class DeclinesResponse {
  @ApiProperty({ nullable: true, type: Number, description: 'declines of proposals created in the period (the funnel\'s "declined" at offered)' }) total!: number | null;
  @ApiProperty({ type: [DeclineReasonResponse] }) byReason!: DeclineReasonResponse[];
}

export class ExpertTablesResponse {
  @ApiProperty({ nullable: true, type: Number, description: 'referrals to an expert table in the period' }) referrals!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'of those, decided' }) decided!: number | null;
  @ApiProperty({ nullable: true, type: Number }) decidedOnTime!: number | null;
  @ApiProperty({ nullable: true, type: Number }) decidedLate!: number | null;
  @ApiProperty({ nullable: true, type: Number }) onTimeShare!: number | null;
  @ApiProperty({ type: DurationResponse, description: 'referral → first decision' }) daysToDecision!: DurationResponse;
}

export class ShortageCategoryResponse {
  @ApiProperty({ example: '43' }) categoryCode!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'shortage signals ("no fitting help exists") over the scope' }) signals!: number | null;
}

export class ShortageCellResponse {
  @ApiProperty({ example: 'JZ22' }) regionCode!: string;
  @ApiProperty({ example: '43' }) categoryCode!: string;
  @ApiProperty({ example: 6 }) signals!: number;
}

export class ShortagesResponse {
  @ApiProperty({ type: [ShortageCategoryResponse], description: 'every current JZ020 category' }) perCategory!: ShortageCategoryResponse[];
  @ApiProperty({ type: [ShortageCellResponse], description: 'category × region cells that are shown; a cell not listed is suppressed or empty' }) cells!: ShortageCellResponse[];
}

export class MatchingWindowResponse {
  @ApiProperty({ example: '2025-12-14', description: 'first day of the period (it runs to today)' }) from!: string;
  @ApiProperty({ type: TimeToPlacementResponse }) timeToPlacement!: TimeToPlacementResponse;
  @ApiProperty({ type: BestOptionRankResponse }) bestOptionRank!: BestOptionRankResponse;
  @ApiProperty({ type: OutsideOwnRegionResponse }) outsideOwnRegion!: OutsideOwnRegionResponse;
  @ApiProperty({ type: [FunnelStageResponse], description: 'proposed → offered → accepted → started, of the proposals created in the period' }) funnel!: FunnelStageResponse[];
  @ApiProperty({ type: DeclinesResponse }) declines!: DeclinesResponse;
  @ApiProperty({ type: ExpertTablesResponse }) expertTables!: ExpertTablesResponse;
  @ApiProperty({ type: ShortagesResponse }) shortages!: ShortagesResponse;
}

export class MatchingWindowsResponse {
  @ApiProperty({ type: MatchingWindowResponse }) last3Months!: MatchingWindowResponse;
  @ApiProperty({ type: MatchingWindowResponse }) last6Months!: MatchingWindowResponse;
  @ApiProperty({ type: MatchingWindowResponse }) last12Months!: MatchingWindowResponse;
}

export class ExpertTablesNowResponse {
  @ApiProperty({ nullable: true, type: Number, description: 'referrals open today' }) openReferrals!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'of those, past their decision date' }) overdueReferrals!: number | null;
}

export class MatchingScopeResponse {
  @ApiProperty({ enum: ['national', 'region', 'inspection_area'] }) kind!: 'national' | 'region' | 'inspection_area';
  @ApiProperty({ example: 'JZ22', nullable: true, type: String }) key!: string | null;
  @ApiProperty({ example: 'Utrecht Stad' }) name!: string;
  @ApiProperty({ nullable: true, type: String }) inspectionArea!: string | null;
  @ApiProperty({ type: [String], description: 'the youth-care regions counted' }) regionCodes!: string[];
}

export class MatchingDashboardResponse {
  @ApiProperty({ example: '2026-03-14' }) asOf!: string;
  @ApiProperty({ type: MatchingScopeResponse }) scope!: MatchingScopeResponse;
  @ApiProperty({ type: MatchingWindowsResponse }) windows!: MatchingWindowsResponse;
  @ApiProperty({ type: ExpertTablesNowResponse }) expertTablesNow!: ExpertTablesNowResponse;
}
