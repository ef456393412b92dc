import { ApiProperty } from '@nestjs/swagger';
import { REGION_NORMS, type RegionNorm, type RegionStatus } from '@passend/cases';
import { NORM_WINDOWS, type NormWindow } from './domain/periods.js';

// Aggregates only: no response here holds a child's or a case's id, name or any other detail.
// Every count is null under 5 children, every share null over fewer than 5 (suppressed).

const COLOURS = ['green', 'amber', 'red'];

export class NormWindowResponse {
  @ApiProperty({ nullable: true, type: Number, example: 0.84, description: 'share (0-1) of the measures due in the period whose milestone was met on or before its due date' })
  share!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 50, description: 'measures whose due date fell in the period (before today)' })
  measuresDue!: number | null;
}

export class NormResponse {
  @ApiProperty({ type: NormWindowResponse }) last3Months!: NormWindowResponse;
  @ApiProperty({ type: NormWindowResponse }) last6Months!: NormWindowResponse;
  @ApiProperty({ type: NormWindowResponse }) last12Months!: NormWindowResponse;
}

export class NormsResponse {
  @ApiProperty({ type: NormResponse, description: 'permanent guardian within the configured working days (default 5)' }) permanentGuardian!: NormResponse;
  @ApiProperty({ type: NormResponse, description: 'agreed course within 6 weeks' }) courseWithin6Weeks!: NormResponse;
  @ApiProperty({ type: NormResponse, description: 'fitting help within 3 calendar months' }) helpWithin3Months!: NormResponse;
}

export class WaitingResponse {
  @ApiProperty({ nullable: true, type: Number, description: 'children with an open measure and no permanent guardian yet' }) permanentGuardian!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'children with an open measure and no agreed course yet' }) agreedCourse!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'children with an open measure and no fitting help yet' }) fittingHelp!: number | null;
}

export class TimeToHelpResponse {
  @ApiProperty({ nullable: true, type: Number, example: 74, description: 'median days from the court ruling to the start of fitting help, help started in the last 12 months' })
  medianDays!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 131.5 }) p90Days!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'children behind these figures' }) children!: number | null;
}

export class NormVerdictResponse {
  @ApiProperty({ enum: REGION_NORMS }) norm!: RegionNorm;
  @ApiProperty({ nullable: true, type: Number }) share!: number | null;
  @ApiProperty({ enum: COLOURS, nullable: true }) colour!: RegionStatus | null;
}

export class StatusResponse {
  @ApiProperty({ enum: COLOURS, nullable: true, description: 'the worst norm decides; null when no norm counts 5 or more children' }) colour!: RegionStatus | null;
  @ApiProperty({ example: 'rood: minder dan 80% kreeg binnen 3 maanden passende hulp (72%)' }) rule!: string;
  @ApiProperty({ enum: NORM_WINDOWS, description: 'the period whose shares are judged' }) window!: NormWindow;
  @ApiProperty({ example: 0.9, description: 'green from this share (STATUS_GREEN_SHARE)' }) greenShare!: number;
  @ApiProperty({ example: 0.8, description: 'amber from this share, red below (STATUS_AMBER_SHARE)' }) amberShare!: number;
  @ApiProperty({ type: [NormVerdictResponse] }) verdicts!: NormVerdictResponse[];
}

export class DashboardFiguresResponse {
  @ApiProperty({ nullable: true, type: Number, description: 'children with an open protection measure' }) childrenWithOpenMeasure!: number | null;
  @ApiProperty({ type: WaitingResponse }) waiting!: WaitingResponse;
  @ApiProperty({ type: NormsResponse }) norms!: NormsResponse;
  @ApiProperty({ type: TimeToHelpResponse }) timeToHelp!: TimeToHelpResponse;
  @ApiProperty({ type: StatusResponse }) status!: StatusResponse;
}

export class RegionDashboardResponse extends DashboardFiguresResponse {
  @ApiProperty({ example: 'JZ22' }) code!: string;
  @ApiProperty({ example: 'Utrecht Stad' }) name!: string;
  @ApiProperty({ example: 'Utrecht & Flevoland' }) inspectionArea!: string;
}

export class RegionsDashboardResponse {
  @ApiProperty({ example: '2026-03-14', description: 'the day (Europe/Amsterdam) the figures were counted' }) asOf!: string;
  @ApiProperty({ type: [RegionDashboardResponse], description: 'the 42 youth-care regions, in code order' }) regions!: RegionDashboardResponse[];
}

export class DashboardScopeResponse {
  @ApiProperty({ enum: ['region', 'inspection_area', 'institution'] }) kind!: 'region' | 'inspection_area' | 'institution';
  @ApiProperty({ example: 'JZ22', description: 'the region code, the inspection area name or the institution id' }) key!: string;
  @ApiProperty({ example: 'Utrecht Stad' }) name!: string;
  @ApiProperty({ nullable: true, type: String, example: 'Utrecht & Flevoland' }) inspectionArea!: string | null;
  @ApiProperty({ type: [String], example: ['JZ22'], description: 'the youth-care regions counted (empty for an institution)' }) regionCodes!: string[];
}

export class CategoryWaitingResponse {
  @ApiProperty({ example: '45', description: 'iJw JZ020 product category' }) categoryCode!: string;
  @ApiProperty({ nullable: true, type: String, example: 'Jeugdhulp ambulant' }) name!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'children waiting for fitting help who need this category' }) children!: number | null;
}

export class MonthResponse {
  @ApiProperty({ example: '2026-01' }) month!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'measures with a court ruling in the month' }) newMeasures!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'measures whose fitting help started in the month' }) helpStarted!: number | null;
  @ApiProperty({ type: NormWindowResponse, description: 'of the measures whose 3-month help term ended in the month (before today), the share helped in time' })
  helpWithin3Months!: NormWindowResponse;
}

export class DashboardDetailResponse extends DashboardFiguresResponse {
  @ApiProperty({ example: '2026-03-14' }) asOf!: string;
  @ApiProperty({ type: DashboardScopeResponse }) scope!: DashboardScopeResponse;
  @ApiProperty({ type: [CategoryWaitingResponse], description: 'every current JZ020 category' }) waitingPerCategory!: CategoryWaitingResponse[];
  @ApiProperty({ type: [MonthResponse], description: 'the last 12 calendar months, the current (partial) month last' }) monthly!: MonthResponse[];
}
