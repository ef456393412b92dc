import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@passend/platform';
import { AuditTrail } from './audit-trail.js';
import { AuditPageResponse, AuditQuery } from './audit.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly trail: AuditTrail) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: AuditPageResponse, description: 'who accessed a record: the NEN 7513 access log, newest first' })
  list(@CurrentActor() actor: Actor, @Query() query: AuditQuery): Promise<AuditPageResponse> {
    return this.trail.forSubject(actor, query);
  }
}
