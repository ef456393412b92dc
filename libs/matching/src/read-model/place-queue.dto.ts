import { ApiProperty, PickType } from '@nestjs/swagger';
import { ProfileView } from '../proposals/proposal.dto.js';

/** The proposal's pseudonymised profile, coarser still: a queue shows no dates or circumstances. */
export class QueueProfileView extends PickType(ProfileView, ['ageBand', 'categoryCode', 'specialismCodes', 'settingConstraints', 'regionCode', 'urgency', 'siblingsTogether'] as const) {}

export class PlaceQueueItem {
  @ApiProperty({ example: 1, description: 'by urgency, then days on the norm clock, then fit' }) rank!: number;
  @ApiProperty({ type: QueueProfileView, description: 'coarse and pseudonymised: no dates, distances, circumstances or ids' }) profile!: QueueProfileView;
  @ApiProperty({ enum: ['on_time', 'due_soon', 'overdue'], description: 'the fitting-help norm clock' }) fittingHelpClock!: 'on_time' | 'due_soon' | 'overdue';
  @ApiProperty() fitScore!: number;
  @ApiProperty({ nullable: true, type: String, description: 'expert-table members: the referral to their table' }) referralId!: string | null;
}
