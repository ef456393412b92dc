import { ApiProperty } from '@nestjs/swagger';
import { FactorView, ProfileView } from '../proposals/proposal.dto.js';

export class PlaceQueueItem {
  @ApiProperty({ example: 1, description: 'by urgency, then days on the norm clock, then fit' }) rank!: number;
  @ApiProperty({ type: ProfileView, description: 'pseudonymised' }) profile!: ProfileView;
  @ApiProperty() daysOnClock!: number;
  @ApiProperty() fittingHelpDueOn!: string;
  @ApiProperty() fitScore!: number;
  @ApiProperty({ type: [FactorView] }) factors!: FactorView[];
  @ApiProperty() distanceKm!: number;
  @ApiProperty({ type: [String] }) flags!: string[];
}
