import { ApiProperty } from '@nestjs/swagger';

export class AccountSessionsResponse {
  @ApiProperty() userId!: string;
  @ApiProperty({ description: 'whether the account may still sign in' }) active!: boolean;
  @ApiProperty({ description: 'how many live sessions were ended (their access and refresh tokens no longer work)' }) sessionsRevoked!: number;
}
