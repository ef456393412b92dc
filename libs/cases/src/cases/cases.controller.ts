import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, UuidPipe, type Actor } from '@passend/platform';
import { AssignGuardianRequest, CaseloadResponse } from '../guardians/guardian.dto.js';
import { GuardianService } from '../guardians/guardian.service.js';
import { ClientVoiceRequest, HelpExperienceRequest, RecordMilestoneRequest } from '../milestones/milestone.dto.js';
import { MilestoneService } from '../milestones/milestone.service.js';
import { NeedRequest } from '../needs/need.dto.js';
import { NeedService } from '../needs/need.service.js';
import { CaseService } from './case.service.js';
import { CaseListQuery, CasePageResponse, CaseResponse, CorrectChildRequest, ExplanationReasonResponse, OpenCaseRequest, TimelineResponse } from './cases.dto.js';

/**
 * Cases of children under a protection measure. Guardians of the institution that carries out the
 * measure only; every other caller gets 403 (logged). Every read and write is in the access log
 * with purpose 'care'; every write returns the case as it is now.
 */
@ApiTags('cases')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: "not a guardian of the case's institution (logged)" })
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CaseService,
    private readonly guardians: GuardianService,
    private readonly needs: NeedService,
    private readonly milestones: MilestoneService,
  ) {}

  @Get('explanation-reasons')
  @ApiOkResponse({ type: [ExplanationReasonResponse], description: 'comply or explain: the reason codes for a missed norm term' })
  explanationReasons(): ExplanationReasonResponse[] {
    return this.cases.explanationReasons();
  }

  @Post()
  @ApiCreatedResponse({ type: CaseResponse, description: "your institution's record of the child (found again by BSN among your institution's records, or new) and the measure" })
  @ApiBadRequestResponse({ description: 'invalid BSN, a ruling in the future, an end before the start, an unknown municipality: nothing is written' })
  @ApiConflictResponse({ description: 'this ruling is registered already' })
  open(@CurrentActor() actor: Actor, @Body() body: OpenCaseRequest): Promise<CaseResponse> {
    return this.cases.open(actor, body);
  }

  @Get()
  @ApiOkResponse({ type: CasePageResponse, description: "your institution's cases with their norm clocks, newest ruling first" })
  list(@CurrentActor() actor: Actor, @Query() query: CaseListQuery): Promise<CasePageResponse> {
    return this.cases.list(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: CaseResponse })
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<CaseResponse> {
    return this.cases.get(actor, id);
  }

  @Get(':id/timeline')
  @ApiOkResponse({ type: TimelineResponse, description: 'every event of the case, oldest first' })
  timeline(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<TimelineResponse> {
    return this.cases.timeline(actor, id);
  }

  @Put(':id/child')
  @ApiOkResponse({ type: CaseResponse, description: "corrects your institution's record of the child (open measure only); the timeline names the fields, not the values" })
  @ApiBadRequestResponse({ description: 'nothing to correct, a blank name, a date of birth in the future, an unknown municipality: nothing is written' })
  @ApiConflictResponse({ description: 'this case is closed' })
  correctChild(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: CorrectChildRequest): Promise<CaseResponse> {
    return this.cases.correctChild(actor, id, body);
  }

  @Post(':id/guardians')
  @ApiCreatedResponse({ type: CaseResponse, description: 'the first permanent guardian meets the permanent_guardian milestone (late: explanation required)' })
  assignGuardian(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: AssignGuardianRequest): Promise<CaseResponse> {
    return this.guardians.assign(actor, id, body);
  }

  @Post(':id/needs')
  @ApiCreatedResponse({ type: CaseResponse })
  addNeed(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: NeedRequest): Promise<CaseResponse> {
    return this.needs.add(actor, id, body);
  }

  @Post(':id/milestones')
  @ApiCreatedResponse({ type: CaseResponse })
  @ApiBadRequestResponse({ description: 'before the ruling, in the future, late without explanation, a course without the family, help without an offering' })
  @ApiConflictResponse({ description: 'this milestone was recorded already' })
  recordMilestone(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: RecordMilestoneRequest): Promise<CaseResponse> {
    return this.milestones.record(actor, id, body);
  }

  @Post(':id/milestones/fitting_help/experience')
  @ApiCreatedResponse({ type: CaseResponse, description: 'do the child and the parents experience the help as fitting, and why' })
  @ApiConflictResponse({ description: 'fitting help has not started, or this follow-up was recorded already' })
  recordHelpExperience(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: HelpExperienceRequest): Promise<CaseResponse> {
    return this.milestones.recordHelpExperience(actor, id, body);
  }

  @Post(':id/client-voice')
  @ApiCreatedResponse({ type: CaseResponse })
  recordClientVoice(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: ClientVoiceRequest): Promise<CaseResponse> {
    return this.milestones.recordClientVoice(actor, id, body);
  }
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('institutions')
export class InstitutionsController {
  constructor(private readonly guardians: GuardianService) {}

  @Get(':id/caseload')
  @ApiOkResponse({ type: CaseloadResponse, description: 'open cases per guardian of the institution' })
  @ApiForbiddenResponse({ description: 'not a guardian of this institution (logged)' })
  caseload(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<CaseloadResponse> {
    return this.guardians.caseload(actor, id);
  }
}
