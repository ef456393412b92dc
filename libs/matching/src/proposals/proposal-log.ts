import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@passend/platform';
import type { EntityManager } from 'typeorm';
import { nextState, statesAllowing, type ProposalState, type ProposalTransition } from '../domain/index.js';
import { MatchingNotifier } from '../notifications/matching-notifier.js';

/** Columns a transition may set beside the state. */
export interface TransitionChanges {
  hold_id?: string | null;
  hold_expires_at?: Date | null;
  planned_start?: string | null;
  started_on?: string | null;
  decline_reason_code?: string | null;
  decline_note_enc?: string | null;
}

const SETTABLE = ['hold_id', 'hold_expires_at', 'planned_start', 'started_on', 'decline_reason_code', 'decline_note_enc'] as const;

export interface ProposalRow {
  id: string;
  state: ProposalState;
  need_id: string;
  measure_id: string;
  institution_id: string;
  offering_id: string;
  provider_id: string;
  hold_id: string | null;
  home_region_code: string;
}

/**
 * The one way a proposal changes state: a conditional UPDATE (the state must allow the
 * transition, so two racing answers cannot both win) and an append-only event with the reason,
 * in the caller's transaction. The events are the funnel: from proposed to offered, accepted
 * and started, with the reason at each step where a proposal fell out.
 */
@Injectable()
export class ProposalLog {
  constructor(private readonly notifier: MatchingNotifier) {}

  /** A new proposal: its first event; the case's guardians hear about one the solver made. */
  async created(manager: EntityManager, proposalId: string, state: ProposalState, actorUserId: string | null, reason: string, measureId?: string): Promise<void> {
    await manager.query(`INSERT INTO matching.proposal_event (proposal_id, actor_user_id, from_state, to_state, reason_code) VALUES ($1, $2, NULL, $3, $4)`, [proposalId, actorUserId, state, reason]);
    if (measureId && actorUserId === null) await this.notifier.notify(manager, 'proposal_new', { proposalId }, { guardiansOf: measureId });
  }

  async transition(manager: EntityManager, proposalId: string, transition: ProposalTransition, actorUserId: string | null, reason: string | null, changes: TransitionChanges = {}): Promise<ProposalRow> {
    const from = statesAllowing(transition);
    const to = nextState(from[0]!, transition)!;
    const sets = SETTABLE.filter((c) => c in changes);
    const params: unknown[] = [proposalId, to, from];
    const extra = sets.map((c) => {
      params.push(changes[c] ?? null);
      return `${c} = $${params.length}`;
    });
    const timestamps = [
      to === 'offered' ? 'offered_at = now()' : null,
      to === 'accepted' || to === 'declined' ? 'answered_at = now()' : null,
      ['declined', 'expired', 'withdrawn', 'started'].includes(to) ? 'closed_at = now()' : null,
    ].filter(Boolean);
    // an UPDATE answers [rows, affected] through TypeORM
    const [rows] = (await manager.query(
      `WITH before AS (SELECT id, state FROM matching.proposal WHERE id = $1 FOR UPDATE)
       UPDATE matching.proposal p SET state = $2, version = p.version + 1, updated_at = now()${[...extra, ...timestamps].map((s) => `, ${s}`).join('')}
         FROM before WHERE p.id = before.id AND before.state = ANY($3::text[])
       RETURNING p.id, before.state AS from_state, p.state, p.need_id, p.measure_id, p.institution_id, p.offering_id, p.provider_id, p.hold_id, p.home_region_code, p.offered_at`,
      params,
    )) as [(ProposalRow & { from_state: ProposalState; offered_at: Date | null })[], number];
    const row = rows[0];
    if (!row) {
      const [current] = (await manager.query(`SELECT state FROM matching.proposal WHERE id = $1`, [proposalId])) as { state: ProposalState }[];
      if (!current) throw DomainError.notFound('Proposal');
      throw new DomainError(ErrorCode.Conflict, `This proposal is ${current.state}: it cannot ${transition} now`, { state: current.state });
    }
    await manager.query(
      `INSERT INTO matching.proposal_event (proposal_id, actor_user_id, from_state, to_state, reason_code) VALUES ($1, $2, $3, $4, $5)`,
      [proposalId, actorUserId, row.from_state, row.state, reason],
    );
    // the people on each side hear what the other side did
    if (row.state === 'offered') await this.notifier.notify(manager, 'proposal_offered', { proposalId }, { staffOf: row.provider_id });
    else if (row.state === 'accepted') await this.notifier.notify(manager, 'proposal_accepted', { proposalId }, { guardiansOf: row.measure_id });
    else if (row.state === 'declined') await this.notifier.notify(manager, 'proposal_declined', { proposalId }, { guardiansOf: row.measure_id });
    else if ((row.state === 'withdrawn' || row.state === 'expired') && row.offered_at) {
      await this.notifier.notify(manager, 'proposal_withdrawn', { proposalId }, { staffOf: row.provider_id }, { guardiansOf: row.measure_id });
    }
    return row;
  }
}
