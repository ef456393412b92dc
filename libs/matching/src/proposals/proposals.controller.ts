import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, UuidPipe, type Actor } from '@passend/platform';
import {
  AcceptRequest,
  CaseMatchingResponse,
  ChildForPlacementResponse,
  ChooseOfferingRequest,
  DeclineReasonView,
  DeclineRequest,
  InboxQuery,
  OfferRequest,
  ProposalResponse,
  ProviderProposalResponse,
  StartRequest,
  WithdrawRequest,
} from './proposal.dto.js';
import { ProposalService } from './proposal.service.js';

@ApiTags('matching: proposals')
@ApiBearerAuth()
@Controller()
export class ProposalsController {
  constructor(private readonly proposals: ProposalService) {}

  @Get('cases/:id/matching')
  @Roles('guardian')
  @ApiOkResponse({ type: CaseMatchingResponse, description: "the case's proposals and, live, the best options for each waiting need, explained factor by factor" })
  forCase(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<CaseMatchingResponse> {
    return this.proposals.forCase(actor, id);
  }

  @Post('cases/:id/proposals')
  @Roles('guardian')
  @ApiCreatedResponse({ type: ProposalResponse, description: 'an alternative or any offering of the map, chosen by the guardian (rank and reasons recorded)' })
  @ApiConflictResponse({ description: 'the need has a proposal that is offered, accepted or under review' })
  choose(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: ChooseOfferingRequest): Promise<ProposalResponse> {
    return this.proposals.choose(actor, id, body);
  }

  @Post('proposals/:id/offer')
  @Roles('guardian')
  @HttpCode(200)
  @ApiOkResponse({ type: ProposalResponse, description: 'offered to the provider, one free place held for it' })
  @ApiConflictResponse({ description: 'no free place left, the proposal moved on, or the hold cap is reached' })
  offer(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: OfferRequest): Promise<ProposalResponse> {
    return this.proposals.offer(actor, id, body.ttlHours);
  }

  @Post('proposals/:id/withdraw')
  @Roles('guardian')
  @HttpCode(200)
  @ApiOkResponse({ type: ProposalResponse })
  withdraw(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: WithdrawRequest): Promise<ProposalResponse> {
    return this.proposals.withdraw(actor, id, body.reason);
  }

  @Post('proposals/:id/start')
  @Roles('guardian')
  @HttpCode(200)
  @ApiOkResponse({ type: ProposalResponse, description: "help started: the case's fitting-help milestone is met with this offering" })
  start(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: StartRequest): Promise<ProposalResponse> {
    return this.proposals.start(actor, id, body.startedOn, { code: body.explanationCode, text: body.explanationText });
  }

  @Get('provider/proposals')
  @Roles('provider_staff')
  @ApiOkResponse({ type: [ProviderProposalResponse], description: 'proposals offered to your offerings, pseudonymised' })
  inbox(@CurrentActor() actor: Actor, @Query() query: InboxQuery): Promise<ProviderProposalResponse[]> {
    return this.proposals.inbox(actor, query.state ?? ['offered', 'accepted']);
  }

  @Post('proposals/:id/accept')
  @Roles('provider_staff')
  @HttpCode(200)
  @ApiOkResponse({ type: ProviderProposalResponse })
  @ApiConflictResponse({ description: 'the hold expired, or the proposal was answered already' })
  @ApiForbiddenResponse({ description: 'not a proposal to your offerings (audited)' })
  accept(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: AcceptRequest): Promise<ProviderProposalResponse> {
    return this.proposals.accept(actor, id, body.plannedStart);
  }

  @Post('proposals/:id/decline')
  @Roles('provider_staff')
  @HttpCode(200)
  @ApiOkResponse({ type: ProviderProposalResponse, description: 'declined with a WJ759 (or Passend) reason; the place goes back and the child back into matching' })
  @ApiForbiddenResponse({ description: 'not a proposal to your offerings (audited)' })
  decline(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: DeclineRequest): Promise<ProviderProposalResponse> {
    return this.proposals.decline(actor, id, body);
  }

  @Get('proposals/decline-reasons')
  @ApiOkResponse({ type: [DeclineReasonView] })
  async declineReasons(): Promise<DeclineReasonView[]> {
    return [...(await this.proposals.declineReasons()).entries()].map(([code, label]) => ({ code, label }));
  }

  @Get('proposals/:id/child')
  @Roles('provider_staff')
  @ApiOkResponse({ type: ChildForPlacementResponse, description: 'after acceptance only: what the placement needs of the child (audited)' })
  child(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<ChildForPlacementResponse> {
    return this.proposals.childForPlacement(actor, id);
  }
}
