import { ApiProperty } from '@nestjs/swagger';
import type { HoldState } from '../catalog/entities.js';

export class HoldResponse {
  @ApiProperty() holdId!: string;
  @ApiProperty() offeringId!: string;
  @ApiProperty({ description: 'proposal:<id>, or case:<id> to the organisation that placed the hold (others see only case)' }) holderRef!: string;
  @ApiProperty({ enum: ['held', 'confirmed', 'released', 'expired'] }) state!: HoldState;
  @ApiProperty() expiresAt!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) resolvedAt!: string | null;
  @ApiProperty({ description: 'free places of the offering after this step' }) freePlaces!: number;
}
