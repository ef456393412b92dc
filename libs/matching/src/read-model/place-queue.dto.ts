import { ApiProperty } from '@nestjs/swagger';

export class QueueProfileView {
  @ApiProperty({ example: '12-15' }) ageBand!: string;
  @ApiProperty() categoryCode!: string;
  @ApiProperty({ type: [String] }) specialismCodes!: string[];
  @ApiProperty({ type: [String] }) settingConstraints!: string[];
  @ApiProperty() regionCode!: string;
  @ApiProperty({ enum: ['regular', 'urgent', 'acute'] }) urgency!: string;
  @ApiProperty() siblingsTogether!: number;
}

export class PlaceQueueItem {
  @ApiProperty({ example: 1, description: 'by urgency, then days on the norm clock, then fit' }) rank!: number;
  @ApiProperty({ type: QueueProfileView, description: 'coarse and pseudonymised: no dates, distances, circumstances or ids' }) profile!: QueueProfileView;
  @ApiProperty({ enum: ['on_time', 'due_soon', 'overdue'], description: 'the fitting-help norm clock' }) fittingHelpClock!: 'on_time' | 'due_soon' | 'overdue';
  @ApiProperty() fitScore!: number;
  @ApiProperty({ nullable: true, type: String, description: 'expert-table members: the referral to their table' }) referralId!: string | null;
}
