import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, UuidPipe, type Actor } from '@passend/platform';
import { IsUUID } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { DecisionRequest, DecisionResponse, ExpertTableRequest, ExpertTableResponse, MemberRequest, QueueItem, ReferralCaseView } from './expert-table.dto.js';
import { ExpertTableService } from './expert-table.service.js';

export class ReferRequest {
  @ApiProperty({ description: 'the need of the case the guardian asks a table to look at' }) @IsUUID('all', { message: 'needId must be a UUID' }) needId!: string;
}

export class ReferralCreated {
  @ApiProperty() referralId!: string;
}

@ApiTags('matching: expert tables')
@ApiBearerAuth()
@Controller()
export class ExpertTablesController {
  constructor(private readonly tables: ExpertTableService) {}

  @Get('expert-tables')
  @Roles('admin', 'expert_member')
  @ApiOkResponse({ type: [ExpertTableResponse], description: 'admins: every table; members: their own' })
  list(@CurrentActor() actor: Actor): Promise<ExpertTableResponse[]> {
    return this.tables.list(actor);
  }

  @Post('expert-tables')
  @Roles('admin')
  @ApiCreatedResponse({ type: ExpertTableResponse })
  create(@CurrentActor() actor: Actor, @Body() body: ExpertTableRequest): Promise<ExpertTableResponse> {
    return this.tables.create(actor, body);
  }

  @Post('expert-tables/:id/members')
  @Roles('admin')
  @ApiCreatedResponse({ type: ExpertTableResponse })
  addMember(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: MemberRequest): Promise<ExpertTableResponse> {
    return this.tables.addMember(actor, id, body.userId);
  }

  @Delete('expert-tables/:id/members/:userId')
  @Roles('admin')
  @ApiOkResponse({ type: ExpertTableResponse })
  removeMember(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('userId', UuidPipe) userId: string): Promise<ExpertTableResponse> {
    return this.tables.removeMember(actor, id, userId);
  }

  @Get('expert-tables/:id/queue')
  @Roles('expert_member')
  @ApiOkResponse({ type: [QueueItem], description: 'open referrals by urgency, then by the fitting-help clock' })
  @ApiForbiddenResponse({ description: 'not a member of this table (audited)' })
  queue(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<QueueItem[]> {
    return this.tables.queue(actor, id);
  }

  @Get('expert-tables/:id/referrals/:referralId')
  @Roles('expert_member')
  @ApiOkResponse({ type: ReferralCaseView, description: 'the referred case, for members of the table it is referred to; no BSN, no name' })
  @ApiForbiddenResponse({ description: 'not referred to a table of yours (audited)' })
  caseView(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('referralId', UuidPipe) referralId: string): Promise<ReferralCaseView> {
    return this.tables.caseView(actor, id, referralId);
  }

  @Post('expert-tables/:id/referrals/:referralId/decisions')
  @Roles('expert_member')
  @ApiCreatedResponse({ type: DecisionResponse })
  @ApiForbiddenResponse({ description: 'not referred to a table of yours (audited)' })
  decide(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('referralId', UuidPipe) referralId: string, @Body() body: DecisionRequest): Promise<DecisionResponse> {
    return this.tables.decide(actor, id, referralId, body);
  }

  @Post('cases/:id/referrals')
  @Roles('guardian')
  @ApiCreatedResponse({ type: ReferralCreated, description: 'the guardian asks an expert table to look at a need' })
  refer(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: ReferRequest): Promise<ReferralCreated> {
    return this.tables.referByGuardian(actor, id, body.needId);
  }
}
