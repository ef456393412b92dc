import { Injectable } from '@nestjs/common';
import { CaseDirectory } from '@passend/cases';
import { compareDates, daysBetween, todayInAmsterdam } from '@passend/cases/domain';
import { AccessControl, UserDirectory } from '@passend/identity';
import { DomainError, ErrorCode, PersonalDataCipher, type Actor } from '@passend/platform';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { caseMatchingPolicy, checkEligibility, expertTablePolicy, fitOf, pseudonymisedProfile, referralPolicy, storedOption, URGENCY_TIER, type Urgency } from '../domain/index.js';
import { MatchingSettings } from '../matching-settings.js';
import { MatchingNotifier } from '../notifications/matching-notifier.js';
import { ProposalLog } from '../proposals/proposal-log.js';
import { ProposalService } from '../proposals/proposal.service.js';
import { PROPOSAL_COLUMNS, toProposalResponse, type StoredProposal } from '../proposals/proposal-views.js';
import { MatchingInputReader } from '../read-model/matching-input.js';
import type { DecisionRequest, DecisionResponse, ExpertTableRequest, ExpertTableResponse, QueueItem, ReferralCaseView } from './expert-table.dto.js';
import { ReferralWriter } from './referral-writer.js';

interface ReferralRow {
  id: string;
  table_id: string;
  measure_id: string;
  need_id: string;
  institution_id: string;
  home_region_code: string;
  category_code: string;
  urgency: Urgency;
  reasons: string[];
  state: string;
  referred_at: Date;
  decision_due_on: string;
  fitting_help_due_on: string;
  escalated_from: string | null;
}

const REFERRAL_COLUMNS = `id, table_id, measure_id, need_id, institution_id, home_region_code, category_code, urgency, reasons, state, referred_at,
  decision_due_on::text, fitting_help_due_on::text, escalated_from`;

/**
 * Expert tables review the complex cases. Members see the cases referred to their table, while
 * referred, and nothing else: the need, the clocks, the solver's proposal and alternatives with
 * their explanations, the family's view — never the BSN or the child's name. Each decision
 * records its rationale and the family's view (encrypted), and whether it came within the
 * table's own term.
 */
@Injectable()
export class ExpertTableService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly users: UserDirectory,
    private readonly cases: CaseDirectory,
    private readonly proposals: ProposalService,
    private readonly log: ProposalLog,
    private readonly referrals: ReferralWriter,
    private readonly input: MatchingInputReader,
    private readonly settings: MatchingSettings,
    private readonly cipher: PersonalDataCipher,
    private readonly notifier: MatchingNotifier,
  ) {}

  // ---- administration -------------------------------------------------------------------

  async create(actor: Actor, request: ExpertTableRequest): Promise<ExpertTableResponse> {
    const id = randomUUID();
    const access = { policy: expertTablePolicy, action: 'manage' as const, record: { members: [] }, subjectId: null, purpose: 'administration' as const };
    await this.access.check(actor, access);
    await this.dataSource.transaction(async (manager) => {
      try {
        await manager.query(
          `INSERT INTO matching.expert_table (id, name, region_code, escalates_to, organisation_id) VALUES ($1, $2, $3, $4, $5)`,
          [id, request.name, request.regionCode ?? null, request.escalatesTo ?? null, request.organisationId ?? null],
        );
      } catch (error) {
        throw tableConstraintError(error);
      }
      // logged last, with the change: a refused change leaves no "success" entry, and the audit chain's lock is held only until commit
      await this.access.authorize(actor, { ...access, manager });
    });
    return this.table(id);
  }

  async addMember(actor: Actor, tableId: string, userId: string): Promise<ExpertTableResponse> {
    const access = { policy: expertTablePolicy, action: 'manage' as const, record: { members: [] }, subjectId: tableId, purpose: 'administration' as const };
    await this.access.check(actor, access);
    await this.dataSource.transaction(async (manager) => {
      await this.table(tableId, manager);
      const user = await this.users.standingOf(userId);
      if (!user || !user.active) throw DomainError.validation([{ field: 'userId', message: 'no such active user' }]);
      if (user.role !== 'expert_member') throw DomainError.validation([{ field: 'userId', message: `only expert-table members can join a table; this user is ${user.role}` }]);
      await manager.query(`INSERT INTO matching.expert_table_member (table_id, user_id, added_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [tableId, userId, actor.principal.userId]);
      await this.access.authorize(actor, { ...access, manager });
    });
    return this.table(tableId);
  }

  async removeMember(actor: Actor, tableId: string, userId: string): Promise<ExpertTableResponse> {
    const access = { policy: expertTablePolicy, action: 'manage' as const, record: { members: [] }, subjectId: tableId, purpose: 'administration' as const };
    await this.access.check(actor, access);
    await this.dataSource.transaction(async (manager) => {
      await this.table(tableId, manager);
      await manager.query(`DELETE FROM matching.expert_table_member WHERE table_id = $1 AND user_id = $2`, [tableId, userId]);
      await this.access.authorize(actor, { ...access, manager });
    });
    return this.table(tableId);
  }

  /** Admins see every table; a member sees the own tables. */
  async list(actor: Actor): Promise<ExpertTableResponse[]> {
    const ids = (await this.dataSource.query(
      actor.principal.role === 'admin'
        ? `SELECT id FROM matching.expert_table ORDER BY name`
        : `SELECT t.id FROM matching.expert_table t JOIN matching.expert_table_member m ON m.table_id = t.id WHERE m.user_id = $1 ORDER BY t.name`,
      actor.principal.role === 'admin' ? [] : [actor.principal.userId],
    )) as { id: string }[];
    return Promise.all(ids.map((r) => this.table(r.id)));
  }

  async table(tableId: string, manager: EntityManager = this.dataSource.manager): Promise<ExpertTableResponse> {
    const [t] = (await manager.query(
      `SELECT t.id, t.name, t.region_code AS "regionCode", t.escalates_to AS "escalatesTo",
              coalesce(array_agg(m.user_id ORDER BY m.user_id) FILTER (WHERE m.user_id IS NOT NULL), '{}') AS "memberIds"
         FROM matching.expert_table t LEFT JOIN matching.expert_table_member m ON m.table_id = t.id WHERE t.id = $1 GROUP BY t.id`,
      [tableId],
    )) as ExpertTableResponse[];
    if (!t) throw DomainError.notFound('Expert table');
    return { ...t, supraRegional: t.regionCode === null };
  }

  // ---- the queue and the case view --------------------------------------------------------

  /** Open referrals, by urgency and then by the fitting-help clock (the least time left first). */
  async queue(actor: Actor, tableId: string, now = new Date()): Promise<QueueItem[]> {
    const table = await this.table(tableId);
    await this.access.authorize(actor, { policy: expertTablePolicy, action: 'read_queue', record: { members: table.memberIds }, subjectId: tableId, purpose: 'matching' });
    const today = todayInAmsterdam(now);
    const rows = (await this.dataSource.query(
      `SELECT ${REFERRAL_COLUMNS} FROM matching.referral WHERE table_id = $1 AND state IN ('open','waiting_for_information')`,
      [tableId],
    )) as ReferralRow[];
    rows.sort((a, b) => URGENCY_TIER[b.urgency] - URGENCY_TIER[a.urgency] || compareDates(a.fitting_help_due_on, b.fitting_help_due_on) || a.referred_at.getTime() - b.referred_at.getTime() || (a.id < b.id ? -1 : 1));
    return rows.map((r) => ({
      referralId: r.id,
      state: r.state,
      categoryCode: r.category_code,
      urgency: r.urgency,
      regionCode: r.home_region_code,
      reasons: r.reasons,
      referredAt: r.referred_at.toISOString(),
      fittingHelpDueOn: r.fitting_help_due_on,
      fittingHelpDaysLeft: daysBetween(today, r.fitting_help_due_on),
      decisionDueOn: r.decision_due_on,
      decisionDaysLeft: daysBetween(today, r.decision_due_on),
    }));
  }

  async caseView(actor: Actor, tableId: string, referralId: string, now = new Date()): Promise<ReferralCaseView> {
    const { referral } = await this.authorizedReferral(this.dataSource.manager, actor, tableId, referralId, 'read');
    const summary = await this.cases.summaryForExpertTable(referral.measure_id, referral.need_id, todayInAmsterdam(now));
    const redact = await this.cases.nameRedactor(referral.measure_id);
    const proposals = (await this.dataSource.query(
      `SELECT ${PROPOSAL_COLUMNS} FROM matching.proposal WHERE need_id = $1 AND (referral_id = $2 OR state IN ('proposed','in_review','offered','accepted')) ORDER BY created_at DESC`,
      [referral.need_id, referral.id],
    )) as StoredProposal[];
    const decisions = (await this.dataSource.query(
      `SELECT id, kind, proposal_id AS "proposalId", rationale_enc, family_view_enc, decided_by AS "decidedBy", decided_at AS "decidedAt", on_time AS "onTime"
         FROM matching.decision WHERE referral_id = $1 ORDER BY decided_at`,
      [referral.id],
    )) as { id: string; kind: string; proposalId: string | null; rationale_enc: string; family_view_enc: string; decidedBy: string; decidedAt: Date; onTime: boolean }[];
    return {
      referralId: referral.id,
      state: referral.state,
      reasons: referral.reasons,
      decisionDueOn: referral.decision_due_on,
      case: summary,
      proposals: proposals.map(toProposalResponse),
      decisions: decisions.map((d) => ({
        decisionId: d.id,
        kind: d.kind,
        proposalId: d.proposalId,
        rationale: redact(this.cipher.decrypt(d.rationale_enc, `matching.decision/${d.id}/rationale_enc`)),
        familyView: redact(this.cipher.decrypt(d.family_view_enc, `matching.decision/${d.id}/family_view_enc`)),
        decidedAt: d.decidedAt.toISOString(),
        onTime: d.onTime,
      })),
    };
  }

  // ---- decisions --------------------------------------------------------------------------

  async decide(actor: Actor, tableId: string, referralId: string, request: DecisionRequest, now = new Date()): Promise<DecisionResponse> {
    const today = todayInAmsterdam(now);
    return this.dataSource.transaction(async (manager) => {
      const { referral, table } = await this.authorizedReferral(manager, actor, tableId, referralId, 'decide', true);
      const [reviewed] = (await manager.query(
        `SELECT ${PROPOSAL_COLUMNS} FROM matching.proposal WHERE need_id = $1 AND state IN ('proposed','in_review') FOR UPDATE`,
        [referral.need_id],
      )) as StoredProposal[];
      let proposalId: string | null = null;
      let nextState = 'decided';
      switch (request.kind) {
        case 'approve': {
          if (!request.proposalId) throw DomainError.validation([{ field: 'proposalId', message: 'approve names the proposal it approves' }]);
          if (!reviewed || reviewed.id !== request.proposalId) throw DomainError.validation([{ field: 'proposalId', message: 'this is not the proposal under review for the referred need' }]);
          await this.proposals.offerLocked(manager, actor, reviewed, request.ttlHours);
          proposalId = reviewed.id;
          break;
        }
        case 'choose_other': {
          if (!request.offeringId) throw DomainError.validation([{ field: 'offeringId', message: 'choose_other names the offering the table chooses' }]);
          if (reviewed) await this.log.transition(manager, reviewed.id, 'withdraw', actor.principal.userId, 'expert_table_chose_other');
          const chosen = await this.proposeByTable(manager, actor, referral, request.offeringId, today, now);
          await this.proposals.offerLocked(manager, actor, chosen, request.ttlHours);
          proposalId = chosen.id;
          break;
        }
        case 'ask_information':
          nextState = 'waiting_for_information';
          break;
        case 'escalate': {
          const target = request.escalateTo ?? table.escalatesTo ?? (await this.firstSupraRegional(manager, tableId));
          if (!target || target === tableId) throw DomainError.validation([{ field: 'escalateTo', message: 'there is no supra-regional table to escalate to: name one' }]);
          const to = await this.table(target, manager);
          // up, never sideways: the table this one escalates to, or a supra-regional one
          if (target !== table.escalatesTo && !to.supraRegional) throw DomainError.validation([{ field: 'escalateTo', message: 'a case is escalated to the table this one escalates to, or to a supra-regional table' }]);
          nextState = 'escalated';
          break;
        }
        case 'no_fitting_help':
          if (reviewed) await this.log.transition(manager, reviewed.id, 'withdraw', actor.principal.userId, 'no_fitting_help');
          await manager.query(`INSERT INTO matching.shortage_signal (referral_id, category_code, region_code) VALUES ($1, $2, $3)`, [referral.id, referral.category_code, referral.home_region_code]);
          break;
      }
      const decisionId = randomUUID();
      const onTime = compareDates(today, referral.decision_due_on) <= 0;
      await manager.query(
        `INSERT INTO matching.decision (id, referral_id, kind, proposal_id, rationale_enc, family_view_enc, decided_by, on_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          decisionId, referral.id, request.kind, proposalId,
          this.cipher.encrypt(request.rationale.trim(), `matching.decision/${decisionId}/rationale_enc`),
          this.cipher.encrypt(request.familyView.trim(), `matching.decision/${decisionId}/family_view_enc`),
          actor.principal.userId, onTime,
        ],
      );
      await manager.query(
        `UPDATE matching.referral SET state = $2::text, closed_at = CASE WHEN $2::text IN ('open','waiting_for_information') THEN NULL ELSE now() END WHERE id = $1`,
        [referral.id, nextState],
      );
      await this.notifier.notify(manager, 'referral_decided', { referralId: referral.id }, { guardiansOf: referral.measure_id });
      let escalatedTo: string | null = null;
      if (request.kind === 'escalate') {
        const target = request.escalateTo ?? table.escalatesTo ?? (await this.firstSupraRegional(manager, tableId));
        escalatedTo = await this.referrals.refer(
          manager,
          { measureId: referral.measure_id, needId: referral.need_id, institutionId: referral.institution_id, homeRegionCode: referral.home_region_code, categoryCode: referral.category_code, urgency: referral.urgency, fittingHelpDueOn: referral.fitting_help_due_on },
          referral.reasons as never,
          today,
          { tableId: target!, escalatedFrom: referral.id, referredBy: actor.principal.userId },
        );
        if (reviewed) await manager.query(`UPDATE matching.proposal SET referral_id = $2, updated_at = now() WHERE id = $1`, [reviewed.id, escalatedTo]);
      }
      return { decisionId, referralId: referral.id, kind: request.kind, referralState: nextState, proposalId, escalatedToReferralId: escalatedTo, onTime };
    });
  }

  /** The guardian asks a table to look at a need ("guardian_asks"); a proposal not yet offered goes into review. */
  async referByGuardian(actor: Actor, measureId: string, needId: string, now = new Date()): Promise<{ referralId: string }> {
    const head = await this.cases.head(measureId);
    await this.access.authorize(actor, { policy: caseMatchingPolicy, action: 'refer', record: head, subjectId: measureId, purpose: 'matching' });
    const today = todayInAmsterdam(now);
    const input = await this.input.read({ kind: 'region', code: head.homeRegionCode }, today);
    const child = input.children.find((c) => c.key === needId && c.measureId === measureId);
    if (!child) throw DomainError.validation([{ field: 'needId', message: 'this need of the case is not waiting for help' }]);
    return this.dataSource.transaction(async (manager) => {
      const referralId = await this.referrals.refer(manager, { ...child, needId: child.key }, ['guardian_asks'], today, { referredBy: actor.principal.userId });
      if (!referralId) {
        const [open] = (await manager.query(`SELECT id FROM matching.referral WHERE need_id = $1 AND state IN ('open','waiting_for_information')`, [needId])) as { id: string }[];
        if (open) throw new DomainError(ErrorCode.Conflict, 'This need is already with an expert table', { referralId: open.id });
        throw new DomainError(ErrorCode.Conflict, 'There is no expert table for this region yet: ask the administrator to set one up');
      }
      const [proposed] = (await manager.query(`SELECT id FROM matching.proposal WHERE need_id = $1 AND state = 'proposed' FOR UPDATE`, [needId])) as { id: string }[];
      if (proposed) {
        await this.log.transition(manager, proposed.id, 'refer', actor.principal.userId, 'guardian_asks');
        await manager.query(`UPDATE matching.proposal SET referral_id = $2 WHERE id = $1`, [proposed.id, referralId]);
      }
      return { referralId };
    });
  }

  private async proposeByTable(manager: EntityManager, actor: Actor, referral: ReferralRow, offeringId: string, today: string, now: Date): Promise<StoredProposal> {
    const input = await this.input.read({ kind: 'region', code: referral.home_region_code }, today);
    const child = input.children.find((c) => c.key === referral.need_id);
    if (!child) throw new DomainError(ErrorCode.Conflict, 'The referred need no longer waits for help');
    const offering = await this.input.offering(offeringId);
    if (!offering) throw DomainError.validation([{ field: 'offeringId', message: 'no such active offering' }]);
    const eligibility = checkEligibility(child, offering);
    const fit = fitOf(child, offering, eligibility, now, this.settings.fitWeights);
    const id = randomUUID();
    const option = { offeringKey: offering.key, providerId: offering.providerId, regionCode: offering.regionCode, fit, flags: eligibility.flags, distanceKm: eligibility.distanceKm, outsideOwnRegion: eligibility.outsideOwnRegion, fitRank: 0 };
    await manager.query(
      `INSERT INTO matching.proposal (id, measure_id, need_id, institution_id, home_region_code, category_code, urgency, offering_id, provider_id, offering_region_code,
                                      source, state, fit_score, explanation, profile, ineligible_reasons, overrule_reason, referral_id, expected_start, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'expert_table', 'in_review', $11, $12::jsonb, $13::jsonb, $14, $15, $16, $17, $18)`,
      [
        id, referral.measure_id, referral.need_id, referral.institution_id, referral.home_region_code, referral.category_code, referral.urgency, offering.key, offering.providerId,
        offering.regionCode, fit.score, JSON.stringify({ ...storedOption(option), ineligible: eligibility.reasons }), JSON.stringify(pseudonymisedProfile(child)),
        eligibility.reasons.map((r) => r.code), eligibility.eligible ? null : 'professional_judgement', referral.id, child.expectedStart, actor.principal.userId,
      ],
    );
    await this.log.created(manager, id, 'in_review', actor.principal.userId, 'expert_table_chose');
    return this.proposals.load(manager, id);
  }

  private async authorizedReferral(manager: EntityManager, actor: Actor, tableId: string, referralId: string, action: 'read' | 'decide', lock = false) {
    const table = await this.table(tableId, manager);
    const [referral] = (await manager.query(`SELECT ${REFERRAL_COLUMNS} FROM matching.referral WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [referralId])) as ReferralRow[];
    if (!referral) throw DomainError.notFound('Referral');
    // a referral of another table is, for this table's members, not theirs: denied and audited like any other
    const members = referral.table_id === tableId ? table.memberIds : [];
    await this.access.authorize(actor, { policy: referralPolicy, action, record: { members, state: referral.state }, subjectId: referral.id, purpose: 'matching', manager });
    return { referral, table };
  }

  private async firstSupraRegional(manager: EntityManager, except: string): Promise<string | null> {
    const [t] = (await manager.query(`SELECT id FROM matching.expert_table WHERE region_code IS NULL AND id <> $1 ORDER BY name LIMIT 1`, [except])) as { id: string }[];
    return t?.id ?? null;
  }
}

function tableConstraintError(error: unknown): unknown {
  const e = error as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'expert_table_name_uq') return DomainError.validation([{ field: 'name', message: 'a table with this name exists' }]);
  if (e.code === '23505' && e.constraint === 'expert_table_region_uq') return DomainError.validation([{ field: 'regionCode', message: 'this region has a table already' }]);
  if (e.code === '23503' && e.constraint === 'expert_table_region_fk') return DomainError.validation([{ field: 'regionCode', message: 'no such youth-care region' }]);
  if (e.code === '23503' && e.constraint === 'expert_table_escalates_fk') return DomainError.validation([{ field: 'escalatesTo', message: 'no such expert table' }]);
  if (e.code === '23503' && e.constraint === 'expert_table_organisation_fk') return DomainError.validation([{ field: 'organisationId', message: 'no such organisation' }]);
  return error;
}
