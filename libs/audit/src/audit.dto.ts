import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import type { AccessLogEntry } from './access-log-entry.entity.js';

export class AuditQuery {
  @ApiProperty({ example: 'case', description: 'kind of record, e.g. case, offering, user' })
  @IsString()
  @Matches(/^[a-z_]{1,60}$/, { message: 'subjectType must be a lower-case record kind such as case or offering' })
  subjectType!: string;

  @ApiPropertyOptional({ description: 'the record id; omit for every record of the kind' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'subjectId must be a record id' })
  subjectId?: string;

  @ApiPropertyOptional({ description: 'page backwards: entries with a seq below this one' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'before must be a sequence number' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;
}

export class AuditEntryResponse {
  @ApiProperty() seq!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ nullable: true, type: String }) userId!: string | null;
  @ApiProperty({ nullable: true, type: String }) onBehalfOf!: string | null;
  @ApiProperty({ nullable: true, type: String }) organisationId!: string | null;
  @ApiProperty({ nullable: true, type: String }) role!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty() subjectType!: string;
  @ApiProperty({ nullable: true, type: String }) subjectId!: string | null;
  @ApiProperty() purpose!: string;
  @ApiProperty({ enum: ['success', 'denied', 'failure'] }) outcome!: string;
  @ApiProperty({ nullable: true, type: String }) clientAddress!: string | null;
  @ApiProperty({ nullable: true, type: String }) correlationId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the entry\'s hash in the chain; null for the moment (normally under a second) until it is sealed' }) hash!: string | null;

  static from(e: AccessLogEntry): AuditEntryResponse {
    return Object.assign(new AuditEntryResponse(), {
      seq: e.seq, occurredAt: e.occurredAt.toISOString(), userId: e.userId, onBehalfOf: e.onBehalfOf,
      organisationId: e.organisationId, role: e.role, action: e.action, subjectType: e.subjectType,
      subjectId: e.subjectId, purpose: e.purpose, outcome: e.outcome, clientAddress: e.clientAddress,
      correlationId: e.correlationId, hash: e.hash,
    });
  }
}

export class AuditPageResponse {
  @ApiProperty({ type: [AuditEntryResponse] }) entries!: AuditEntryResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `before` for the next page' }) nextBefore!: string | null;
}
