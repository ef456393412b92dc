import { Injectable } from '@nestjs/common';
import { CaseDirectory } from '@passend/cases';
import { AccessControl } from '@passend/identity';
import { isAllowed } from '@passend/identity/domain';
import { DomainError, ErrorCode, type Actor } from '@passend/platform';
import { HoldService } from '@passend/social-map';
import { DataSource } from 'typeorm';
import { caseMatchingPolicy } from '../domain/index.js';
import { ProposalService } from '../proposals/proposal.service.js';
import type { HoldPlacedResponse, PlaceHoldRequest } from './holds.dto.js';

/**
 * A hold is part of a placement, never a free-standing action: it names a proposal (then it is
 * the proposal's offer) or an open case of the holder's own institution (a guardian keeping a
 * place while arranging things with the family). The server checks which, and the hold commits
 * in the same transaction as the access entry that records it.
 */
@Injectable()
export class HoldRequestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly cases: CaseDirectory,
    private readonly holds: HoldService,
    private readonly proposals: ProposalService,
  ) {}

  async place(actor: Actor, offeringId: string, request: PlaceHoldRequest): Promise<HoldPlacedResponse> {
    if ((request.proposalId === undefined) === (request.measureId === undefined)) {
      throw DomainError.validation([{ field: request.proposalId === undefined ? 'proposalId' : 'measureId', message: 'name either the proposal or the open case the place is held for (one of proposalId, measureId)' }]);
    }
    if (request.proposalId) {
      // authorised (and audited) before anything about the proposal is revealed
      const offered = await this.proposals.offer(actor, request.proposalId, request.ttlHours, offeringId);
      return { holdFor: { proposalId: offered.proposalId, measureId: null }, offeringId, expiresAt: offered.holdExpiresAt! };
    }
    const measureId = request.measureId!;
    const head = await this.cases.head(measureId);
    const access = { policy: caseMatchingPolicy, action: 'propose' as const, record: head, subjectId: measureId, purpose: 'matching' as const };
    // a refusal is logged and answered at once; the allowed access is logged with the hold, after the claim
    if (!isAllowed(caseMatchingPolicy, actor.principal, 'propose', head)) await this.access.authorize(actor, access);
    if (head.status !== 'open') throw new DomainError(ErrorCode.Conflict, 'This case is closed: no place can be held for it');
    return this.dataSource.transaction(async (manager) => {
      const hold = await this.holds.place(actor, offeringId, { holderRef: `case:${measureId}`, exclusive: true, ttlMinutes: request.ttlHours === undefined ? undefined : request.ttlHours * 60 }, manager);
      await this.access.authorize(actor, { ...access, manager });
      return { holdFor: { proposalId: null, measureId }, offeringId, holdId: hold.holdId, expiresAt: hold.expiresAt };
    });
  }
}
