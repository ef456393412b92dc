import { Injectable } from '@nestjs/common';
import { CaseDirectory, FittingHelpRecorder, WaitingChildren } from '@passend/cases';
import { addDays, compareDates, isLocalDate, todayInAmsterdam } from '@passend/cases/domain';
import { AccessControl } from '@passend/identity';
import { DomainError, ErrorCode, OutboxWriter, PersonalDataCipher, type Actor, type FieldProblem } from '@passend/platform';
import { ReferenceCatalog } from '@passend/reference';
import { HoldService } from '@passend/social-map';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  bestOptionRank,
  CAPACITY_DECLINE_REASON,
  checkEligibility,
  fitOf,
  PASSEND_DECLINE_REASONS,
  planMatching,
  proposalPolicy,
  caseMatchingPolicy,
  pseudonymisedProfile,
  storedOption,
  type ProposalState,
} from '../domain/index.js';
import { MatchingSettings } from '../matching-settings.js';
import { RematchRegion } from '../jobs.js';
import { MatchingInputReader } from '../read-model/matching-input.js';
import { ProposalLog } from './proposal-log.js';
import type { CaseMatchingResponse, ChooseOfferingRequest, DeclineRequest, ProposalResponse, ProviderProposalResponse } from './proposal.dto.js';
import { PROPOSAL_COLUMNS, toProposalResponse, toProviderProposalResponse, type StoredProposal } from './proposal-views.js';


/**
 * The closed loop, as the people in it act: the guardian sees a case's proposals and
 * alternatives, chooses one (or proposes an offering by hand), offers it to the provider with a
 * hold on one free place, and records that help started; the provider answers. Every step checks
 * who acts (institution walls, own offerings), is audited, and commits with its hold, its funnel
 * event and its effects in one transaction.
 */
@Injectable()
export class ProposalService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly cases: CaseDirectory,
    private readonly holds: HoldService,
    private readonly input: MatchingInputReader,
    private readonly settings: MatchingSettings,
    private readonly log: ProposalLog,
    private readonly outbox: OutboxWriter,
    private readonly cipher: PersonalDataCipher,
    private readonly reference: ReferenceCatalog,
    private readonly fittingHelp: FittingHelpRecorder,
    private readonly waiting: WaitingChildren,
  ) {}

  /** The case's proposals (all states, newest first) and, live, its options now. */
  async forCase(actor: Actor, measureId: string, now = new Date()): Promise<CaseMatchingResponse> {
    const head = await this.cases.head(measureId);
    await this.access.authorize(actor, { policy: caseMatchingPolicy, action: 'read', record: head, subjectId: measureId, purpose: 'matching' });
    const proposals = (await this.dataSource.query(`SELECT ${PROPOSAL_COLUMNS} FROM matching.proposal WHERE measure_id = $1 ORDER BY created_at DESC, id`, [measureId])) as StoredProposal[];
    const options = await this.liveOptions(measureId, now);
    return { measureId, proposals: proposals.map(toProposalResponse), waitingNeeds: options };
  }

  /** Offers a proposal to its provider: one free place held for it, in the same transaction. */
  async offer(actor: Actor, proposalId: string, ttlHours?: number, expectedOfferingId?: string): Promise<ProposalResponse> {
    return this.dataSource.transaction(async (manager) => {
      const p = await this.lockedFor(manager, actor, proposalId, 'offer');
      if (expectedOfferingId !== undefined && p.offering_id !== expectedOfferingId) throw DomainError.validation([{ field: 'proposalId', message: 'this proposal is for another offering' }]);
      if (p.state === 'in_review') throw new DomainError(ErrorCode.Conflict, 'This proposal is with an expert table: the table decides whether it is offered');
      return this.offerLocked(manager, actor, p, ttlHours);
    });
  }

  /** Shared with the expert tables' "approve": hold a place, then move the proposal to offered. */
  async offerLocked(manager: EntityManager, actor: Actor, p: StoredProposal, ttlHours?: number): Promise<ProposalResponse> {
    // a proposal made earlier may have been overtaken: help started elsewhere, or the case closed
    const waiting = await this.waiting.list({ measureIds: [p.measure_id] }, todayInAmsterdam(new Date()), manager);
    if (!waiting.some((w) => w.needId === p.need_id)) {
      throw new DomainError(ErrorCode.Conflict, 'This need no longer waits for help (help started, or the case closed): the proposal cannot be offered', { reason: 'need_not_waiting' });
    }
    const hold = await this.holds.place(actor, p.offering_id, { holderRef: `proposal:${p.id}`, ttlMinutes: ttlHours === undefined ? undefined : ttlHours * 60 }, manager);
    await this.log.transition(manager, p.id, 'offer', actor.principal.userId, null, { hold_id: hold.holdId, hold_expires_at: new Date(hold.expiresAt) });
    return toProposalResponse(await this.load(manager, p.id));
  }

  /**
   * The guardian chooses an offering: one of the alternatives or any offering of the map. The
   * rank of the choice among the child's eligible options is recorded, with why the better ones
   * were not used; an ineligible offering needs a recorded reason that overrules the rule.
   */
  async choose(actor: Actor, measureId: string, request: ChooseOfferingRequest, now = new Date()): Promise<ProposalResponse> {
    const head = await this.cases.head(measureId);
    const access = { policy: caseMatchingPolicy, action: 'propose' as const, record: head, subjectId: measureId, purpose: 'matching' as const };
    await this.access.check(actor, access);
    const today = todayInAmsterdam(now);
    const input = await this.input.read({ kind: 'region', code: head.homeRegionCode }, today);
    const child = input.children.find((c) => c.key === request.needId && c.measureId === measureId);
    if (!child) throw DomainError.validation([{ field: 'needId', message: 'this need of the case is not waiting for help (unknown, or help already started)' }]);
    const offering = await this.input.offering(request.offeringId);
    if (!offering) throw DomainError.validation([{ field: 'offeringId', message: 'no such active offering' }]);
    const eligibility = checkEligibility(child, offering);
    const problems: FieldProblem[] = [];
    if (!eligibility.eligible && !request.overruleReason) {
      problems.push({ field: 'overruleReason', message: `this offering breaks a hard rule (${eligibility.reasons.map((r) => r.code).join(', ')}): give the reason to propose it anyway` });
    }
    // the rank among the child's eligible options right now (the same ranking the solver explains)
    const plan = planMatching({ children: [child], offerings: input.offerings, now, today, weights: this.settings.fitWeights, alternatives: 1_000 });
    const options = [...(plan.children[0]?.proposal ? [plan.children[0].proposal] : []), ...(plan.children[0]?.alternatives ?? [])].sort((a, b) => a.fitRank - b.fitRank);
    const fit = fitOf(child, offering, eligibility, now, this.settings.fitWeights);
    const rank = eligibility.eligible ? options.filter((o) => o.fit.score > fit.score).length + 1 : options.length + 1;
    if (rank > 1 && !request.passedOverReason) problems.push({ field: 'passedOverReason', message: `${rank - 1} option(s) fit better: say why they are not used` });
    if (problems.length) throw DomainError.validation(problems);

    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`need:${child.key}`]);
      const [active] = (await manager.query(`SELECT id, state FROM matching.proposal WHERE need_id = $1 AND state IN ('proposed','in_review','offered','accepted')`, [child.key])) as { id: string; state: ProposalState }[];
      if (active && active.state !== 'proposed') throw new DomainError(ErrorCode.Conflict, `This need already has a proposal that is ${active.state}: withdraw it first`, { proposalId: active.id, state: active.state });
      if (active) await this.log.transition(manager, active.id, 'withdraw', actor.principal.userId, 'guardian_chose_other');
      const option = {
        offeringKey: offering.key, providerId: offering.providerId, regionCode: offering.regionCode, fit, flags: eligibility.flags,
        distanceKm: eligibility.distanceKm, outsideOwnRegion: eligibility.outsideOwnRegion, fitRank: rank,
      };
      const id = randomUUID();
      await manager.query(
        `INSERT INTO matching.proposal (id, measure_id, need_id, institution_id, home_region_code, category_code, urgency, offering_id, provider_id, offering_region_code,
                                        source, state, fit_score, fit_rank, best_option_rank, explanation, alternatives, profile, ineligible_reasons, overrule_reason,
                                        passed_over_reason, note_enc, expected_start, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'guardian', 'proposed', $11, $12, $13, $14::jsonb, $15::jsonb, $16::jsonb, $17, $18, $19, $20, $21, $22)`,
        [
          id, measureId, child.key, child.institutionId, child.homeRegionCode, child.categoryCode, child.urgency, offering.key, offering.providerId, offering.regionCode,
          fit.score, rank, bestOptionRank(rank),
          JSON.stringify({ ...storedOption(option), ineligible: eligibility.reasons }),
          JSON.stringify(options.filter((o) => o.offeringKey !== offering.key).slice(0, 5).map(storedOption)),
          JSON.stringify(pseudonymisedProfile(child)),
          eligibility.reasons.map((r) => r.code), eligibility.eligible ? null : request.overruleReason!, rank > 1 ? request.passedOverReason! : null,
          request.note?.trim() ? this.cipher.encrypt(request.note.trim(), `matching.proposal/${id}/note_enc`) : null,
          child.expectedStart, actor.principal.userId,
        ],
      );
      await this.log.created(manager, id, 'proposed', actor.principal.userId, eligibility.eligible ? 'guardian_chose' : 'guardian_overruled');
      const p = await this.load(manager, id);
      const chosen = request.offerNow ? await this.offerLocked(manager, actor, p) : toProposalResponse(p);
      // logged last, with the change: a refused change leaves no "success" entry, and the audit chain's lock is held only until commit
      await this.access.authorize(actor, { ...access, manager });
      return chosen;
    });
  }

  async withdraw(actor: Actor, proposalId: string, reason: string): Promise<ProposalResponse> {
    return this.dataSource.transaction(async (manager) => {
      const p = await this.lockedFor(manager, actor, proposalId, 'withdraw');
      await this.log.transition(manager, p.id, 'withdraw', actor.principal.userId, reason);
      if (p.hold_id) await this.holds.releaseIfHeld(manager, p.hold_id, actor.principal.userId);
      return toProposalResponse(await this.load(manager, p.id));
    });
  }

  /** Help started: the hold becomes the placement, the case's fitting-help milestone is met with this offering. */
  async start(actor: Actor, proposalId: string, startedOn: string, explanation: { code?: string; text?: string }, now = new Date()): Promise<ProposalResponse> {
    if (!isLocalDate(startedOn)) throw DomainError.validation([{ field: 'startedOn', message: 'startedOn must be a calendar date YYYY-MM-DD' }]);
    if (compareDates(startedOn, todayInAmsterdam(now)) > 0) throw DomainError.validation([{ field: 'startedOn', message: 'help cannot have started in the future' }]);
    return this.dataSource.transaction(async (manager) => {
      const p = await this.lockedFor(manager, actor, proposalId, 'start');
      const offeredOn = p.offered_at ? todayInAmsterdam(p.offered_at) : null;
      if (offeredOn && compareDates(startedOn, offeredOn) < 0) {
        throw DomainError.validation([{ field: 'startedOn', message: `help at this offering cannot have started before it was offered (${offeredOn})` }]);
      }
      await this.log.transition(manager, p.id, 'start', actor.principal.userId, null, { started_on: startedOn });
      await this.holds.confirmFor(manager, p.hold_id!, actor.principal.userId);
      await this.fittingHelp.recordFittingHelpStarted(manager, {
        measureId: p.measure_id,
        needId: p.need_id,
        offeringId: p.offering_id,
        startedOn,
        actorUserId: actor.principal.userId,
        source: `matching:proposal/${p.id}`,
        explanation: explanation.code || explanation.text ? { reasonCode: explanation.code ?? '', text: explanation.text ?? '' } : undefined,
      }, todayInAmsterdam(now));
      return toProposalResponse(await this.load(manager, p.id));
    });
  }

  /** The provider's inbox: proposals offered to its own offerings, pseudonymised. */
  async inbox(actor: Actor, states: ProposalState[]): Promise<ProviderProposalResponse[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${PROPOSAL_COLUMNS} FROM matching.proposal WHERE provider_id = $1 AND state = ANY($2::text[]) AND offered_at IS NOT NULL ORDER BY offered_at DESC, id LIMIT 500`,
      [actor.principal.organisationId, states],
    )) as StoredProposal[];
    for (const p of rows) {
      await this.access.authorize(actor, { policy: proposalPolicy, action: 'read_profile', record: ownership(p), subjectId: p.id, purpose: 'matching' });
    }
    return rows.map(toProviderProposalResponse);
  }

  async accept(actor: Actor, proposalId: string, plannedStart: string, now = new Date()): Promise<ProviderProposalResponse> {
    if (!isLocalDate(plannedStart)) throw DomainError.validation([{ field: 'plannedStart', message: 'plannedStart must be a calendar date YYYY-MM-DD' }]);
    if (compareDates(plannedStart, todayInAmsterdam(now)) < 0) throw DomainError.validation([{ field: 'plannedStart', message: 'plannedStart cannot be in the past' }]);
    if (compareDates(plannedStart, addDays(todayInAmsterdam(now), MAX_PLANNED_START_DAYS)) > 0) {
      throw DomainError.validation([{ field: 'plannedStart', message: `plannedStart must be within ${MAX_PLANNED_START_DAYS} days: a place is not held longer` }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const p = await this.lockedFor(manager, actor, proposalId, 'answer');
      if (p.state === 'offered' && p.hold_expires_at && p.hold_expires_at.getTime() <= now.getTime()) {
        throw new DomainError(ErrorCode.Conflict, 'The hold on this place has expired: the proposal can no longer be accepted', { state: 'expired' });
      }
      await this.holds.assertHeld(manager, p.hold_id);
      // the place stays promised until the planned start and a margin, not only the offer's hours
      const heldUntil = await this.holds.extendFor(manager, p.hold_id!, new Date(Date.parse(`${addDays(plannedStart, PLACEMENT_MARGIN_DAYS)}T00:00:00Z`)));
      await this.log.transition(manager, p.id, 'accept', actor.principal.userId, null, { planned_start: plannedStart, hold_expires_at: heldUntil });
      return toProviderProposalResponse(await this.load(manager, p.id));
    });
  }

  async decline(actor: Actor, proposalId: string, request: DeclineRequest): Promise<ProviderProposalResponse> {
    const valid = await this.declineReasons();
    if (!valid.has(request.reasonCode)) {
      throw DomainError.validation([{ field: 'reasonCode', message: `reasonCode must be one of ${[...valid.keys()].join(', ')} (iJw WJ759, and Passend's P-codes)` }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const p = await this.lockedFor(manager, actor, proposalId, 'answer');
      await this.log.transition(manager, p.id, 'decline', actor.principal.userId, `decline:${request.reasonCode}`, {
        decline_reason_code: request.reasonCode,
        decline_note_enc: request.note?.trim() ? this.cipher.encrypt(request.note.trim(), `matching.proposal/${p.id}/decline_note_enc`) : null,
      });
      if (p.hold_id) await this.holds.releaseIfHeld(manager, p.hold_id, actor.principal.userId);
      // the child goes back into matching: a rematch of its region, deduplicated per region
      await this.outbox.enqueue(manager, RematchRegion, { regionCode: p.home_region_code, trigger: 'decline' });
      return toProviderProposalResponse(await this.load(manager, p.id));
    });
  }

  /** What a placement needs of the child, released to the accepting provider only (audited). */
  async childForPlacement(actor: Actor, proposalId: string): Promise<{ proposalId: string; givenNames: string; familyName: string; dateOfBirth: string }> {
    const p = await this.load(this.dataSource.manager, proposalId);
    await this.access.authorize(actor, { policy: proposalPolicy, action: 'read_identity', record: ownership(p), subjectId: p.id, purpose: 'matching' });
    const identity = await this.cases.identityForPlacement(p.measure_id);
    return { proposalId, ...identity };
  }

  /** The WJ759 codes and Passend's own. */
  async declineReasons(): Promise<Map<string, string>> {
    const wj759 = (await this.reference.codeList('WJ759')).entries;
    return new Map([...wj759.map((e) => [e.code, e.value] as [string, string]), ...Object.entries(PASSEND_DECLINE_REASONS)]);
  }

  /** Loads, locks and authorises; a denial is audited and answered 403, an unknown id 404. */
  private async lockedFor(manager: EntityManager, actor: Actor, proposalId: string, action: 'offer' | 'withdraw' | 'start' | 'answer'): Promise<StoredProposal> {
    const p = await this.load(manager, proposalId, true);
    await this.access.authorize(actor, { policy: proposalPolicy, action, record: ownership(p), subjectId: p.id, purpose: 'matching', manager });
    return p;
  }

  async load(manager: EntityManager, proposalId: string, lock = false): Promise<StoredProposal> {
    const rows = (await manager.query(`SELECT ${PROPOSAL_COLUMNS} FROM matching.proposal WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [proposalId])) as StoredProposal[];
    if (!rows[0]) throw DomainError.notFound('Proposal');
    return rows[0];
  }

  private async liveOptions(measureId: string, now: Date): Promise<CaseMatchingResponse['waitingNeeds']> {
    const head = await this.cases.head(measureId);
    const today = todayInAmsterdam(now);
    const input = await this.input.read({ kind: 'region', code: head.homeRegionCode }, today);
    const children = input.children.filter((c) => c.measureId === measureId);
    if (!children.length) return [];
    const plan = planMatching({ children, offerings: input.offerings, now, today, weights: this.settings.fitWeights, alternatives: 5 });
    return plan.children.map((c) => ({
      needId: c.childKey,
      eligibleOfferings: c.eligibleCount,
      unplacedReason: c.unplacedReason,
      best: c.proposal ? storedOption(c.proposal) : null,
      alternatives: c.alternatives.map(storedOption),
      rejected: c.rejected,
    }));
  }
}

export function ownership(p: Pick<StoredProposal, 'institution_id' | 'provider_id' | 'state' | 'offered_at'>) {
  return { institutionId: p.institution_id, providerId: p.provider_id, state: p.state, offered: p.offered_at !== null };
}

/** Days after the planned start that an accepted place stays held (the start may slip a little). */
export const PLACEMENT_MARGIN_DAYS = 14;
/** The furthest ahead a provider may plan the start when it accepts. */
export const MAX_PLANNED_START_DAYS = 90;

export { CAPACITY_DECLINE_REASON };
