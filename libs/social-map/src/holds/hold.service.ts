import { Injectable, Logger } from '@nestjs/common';
import { AccessControl } from '@passend/identity';
import { isAllowed } from '@passend/identity/domain';
import { DomainError, ErrorCode, InjectConfig, JobHandler, type Actor, type PassendConfig } from '@passend/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { OfferingEffects } from '../catalog/offering-effects.js';
import type { HoldState } from '../catalog/entities.js';
import { holdPolicy } from '../domain/offering-policy.js';
import { ExpireHolds } from '../jobs.js';
import { CAPACITY_CHANGE_JSON, CAPACITY_CHANNEL } from '../live/capacity-notifications.js';
import type { HoldResponse } from './hold.dto.js';

interface HoldRow {
  id: string;
  offering_id: string;
  holder_ref: string;
  state: HoldState;
  expires_at: Date;
  created_at: Date;
  resolved_at: Date | null;
  created_by_organisation: string | null;
  provider_id: string;
  free_places: number;
}

const toResponse = (h: HoldRow): HoldResponse => ({
  holdId: h.id,
  offeringId: h.offering_id,
  holderRef: h.holder_ref,
  state: h.state,
  expiresAt: h.expires_at.toISOString(),
  createdAt: h.created_at.toISOString(),
  resolvedAt: h.resolved_at?.toISOString() ?? null,
  freePlaces: h.free_places,
});

/**
 * A case hold names its case only to the organisation that placed it. The offering's provider and
 * administrators see that a place is held for a case, not which: a child not proposed to the
 * provider is none of its business (DOMAIN.md), and the case's id is the key to everything else.
 */
const shownTo = (actor: Actor, hold: HoldRow, response: HoldResponse): HoldResponse =>
  hold.holder_ref.startsWith('case:') && actor.principal.organisationId !== hold.created_by_organisation ? { ...response, holderRef: 'case' } : response;

/** What a hold is for and how long: `proposal:<id>` or `case:<id>` (checked by the caller, matching), minutes to expiry. */
export interface HoldClaim {
  holderRef: string;
  /** at most one active hold for this holder (a case holds one place while the family is asked) */
  exclusive?: boolean;
  /** default: HOLD_DEFAULT_HOURS; at most HOLD_MAX_HOURS */
  ttlMinutes?: number;
}

export const HOLDER_REF = /^(proposal|case):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const DEFAULT_HOLD_LIMITS = { defaultHours: 72, maxHours: 168, perUser: 20, perOrganisation: 500 };

/**
 * A hold is a time-limited claim on one free place. Taking the place is one conditional UPDATE
 * (`free_places > 0`), never read-then-write, so N places give exactly N holds however many
 * clients race. Giving it back (release, expiry) moves the hold out of `held` with a conditional
 * UPDATE first, so a place returns exactly once. Confirming turns the claim into a placement.
 */
@Injectable()
export class HoldService {
  private readonly logger = new Logger('holds');

  private readonly limits: NonNullable<PassendConfig['holds']>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly effects: OfferingEffects,
    @InjectConfig() config: Pick<PassendConfig, 'holds'>,
  ) {
    this.limits = config.holds ?? DEFAULT_HOLD_LIMITS;
  }

  /**
   * A hold is part of a placement: the caller (matching) has checked that the claim names a
   * proposal or an open case of the holder's own institution, and passes its transaction so the
   * proposal and its hold commit together. Here: who may hold at all (guardians and expert
   * tables, never admins), audited; how long (HOLD_DEFAULT_HOURS, at most HOLD_MAX_HOURS); how
   * many at once (HOLDS_PER_USER, HOLDS_PER_ORGANISATION, counted under a lock per organisation
   * so racing requests cannot pass the cap together). Then the hot path: one statement takes
   * the place (the conditional UPDATE is the claim), writes the hold, its capacity event and the
   * live announcement, or tells why not; the CapacityChanged event goes through the outbox writer.
   */
  async place(actor: Actor, offeringId: string, claim: HoldClaim, manager?: EntityManager): Promise<HoldResponse> {
    if (!manager) return this.dataSource.transaction((own) => this.place(actor, offeringId, claim, own));
    if (!HOLDER_REF.test(claim.holderRef)) throw DomainError.validation([{ field: 'holderRef', message: 'a hold names the proposal or the case it is for: proposal:<id> or case:<id>' }]);
    const ttlMinutes = claim.ttlMinutes ?? this.limits.defaultHours * 60;
    if (!Number.isInteger(ttlMinutes) || ttlMinutes < 5 || ttlMinutes > this.limits.maxHours * 60) {
      throw DomainError.validation([{ field: 'ttlHours', message: `a hold lasts at most ${this.limits.maxHours} hours` }]);
    }
    // Who may hold is decided first (a refusal is logged and answered 403); the allowed access is
    // logged after the claim, in its transaction: an attempt on a full offering (most of them when
    // places are scarce) then never waits for the audit log's chain.
    const request = { policy: holdPolicy, action: 'place' as const, record: { createdByOrganisation: actor.principal.organisationId, providerId: '' }, subjectId: offeringId, purpose: 'matching' as const, manager };
    if (!isAllowed(holdPolicy, actor.principal, 'place', request.record)) await this.access.authorize(actor, request);
    const rows = (await manager.query(
      `WITH taken AS (
         UPDATE social_map.offering SET free_places = free_places - 1, version = version + 1, updated_at = now()
          WHERE id = $1 AND active AND free_places > 0
          RETURNING id, provider_id, location_id, category_code, setting, total_places, free_places, wait_weeks, active),
       hold AS (
         INSERT INTO social_map.hold (offering_id, holder_ref, expires_at, created_by, created_by_organisation)
         SELECT id, $2, now() + make_interval(mins => $3), $4, $5 FROM taken
         RETURNING id, offering_id, holder_ref, state, expires_at, created_at, resolved_at, created_by_organisation),
       event AS (
         INSERT INTO social_map.capacity_event (offering_id, actor_user_id, kind, old_total, new_total, old_free, new_free, old_wait, new_wait, hold_id)
         SELECT t.id, $4, 'hold_placed', t.total_places, t.total_places, t.free_places + 1, t.free_places, t.wait_weeks, t.wait_weeks, h.id
           FROM taken t, hold h),
       announced AS (
         SELECT pg_notify($6, ${CAPACITY_CHANGE_JSON})
           FROM taken o JOIN social_map.location l ON l.id = o.location_id JOIN reference.municipality m ON m.code = l.municipality_code)
       SELECT h.*, t.provider_id, t.free_places,
              (SELECT count(*) FROM announced)::int AS announced,
              EXISTS (SELECT 1 FROM social_map.offering WHERE id = $1 AND active) AS offering_exists
         FROM (SELECT 1) one LEFT JOIN hold h ON true LEFT JOIN taken t ON true`,
      [offeringId, claim.holderRef, ttlMinutes, actor.principal.userId, actor.principal.organisationId, CAPACITY_CHANNEL],
    )) as (HoldRow & { offering_exists: boolean })[];
    const hold = rows[0]!;
    if (!hold.id) {
      if (!hold.offering_exists) throw DomainError.notFound('Offering');
      throw new DomainError(ErrorCode.Conflict, 'No free place left at this offering', { reason: 'no_free_place' });
    }
    await this.access.authorize(actor, { ...request, record: { ...request.record, providerId: hold.provider_id } });
    // The caps, checked after the claim (an attempt on a full offering never waits for them), under a
    // lock per organisation so that racing claims are counted one after the other; the new hold is
    // counted too, and a claim over a cap rolls back with its transaction.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`holds:${actor.principal.organisationId}`]);
    const [active] = (await manager.query(
      `SELECT count(*) FILTER (WHERE created_by = $1)::int AS "byUser", count(*)::int AS "byOrganisation",
              count(*) FILTER (WHERE holder_ref = $3 AND id <> $4)::int AS "sameHolder"
         FROM social_map.hold WHERE state = 'held' AND created_by_organisation = $2 AND expires_at > now()`,
      [actor.principal.userId, actor.principal.organisationId, claim.holderRef, hold.id],
    )) as { byUser: number; byOrganisation: number; sameHolder: number }[];
    if (active!.byUser > this.limits.perUser) {
      throw new DomainError(ErrorCode.Conflict, `You hold ${active!.byUser - 1} places already, the most one person may hold at a time: release one first`, { reason: 'hold_cap_user', limit: this.limits.perUser });
    }
    if (claim.exclusive && active!.sameHolder > 0) {
      throw new DomainError(ErrorCode.Conflict, 'A place is held for this already: release it first', { reason: 'already_held' });
    }
    if (active!.byOrganisation > this.limits.perOrganisation) {
      throw new DomainError(ErrorCode.Conflict, `Your organisation holds ${active!.byOrganisation - 1} places already, its limit`, { reason: 'hold_cap_organisation', limit: this.limits.perOrganisation });
    }
    await this.effects.publishCapacityChanged(manager, [offeringId]);
    return toResponse(hold);
  }

  async get(actor: Actor, holdId: string): Promise<HoldResponse> {
    const hold = await this.load(this.dataSource.manager, holdId);
    await this.access.authorize(actor, { policy: holdPolicy, action: 'read', record: { createdByOrganisation: hold.created_by_organisation, providerId: hold.provider_id }, subjectId: holdId, purpose: 'matching' });
    return shownTo(actor, hold, toResponse(hold));
  }

  /** Gives the place back. Only a hold that is still held can be released; the place returns once. */
  async release(actor: Actor, holdId: string): Promise<HoldResponse> {
    return this.resolve(actor, holdId, 'release');
  }

  /** The child takes the place: the hold becomes a placement and the place stays taken. */
  async confirm(actor: Actor, holdId: string): Promise<HoldResponse> {
    return this.resolve(actor, holdId, 'confirm');
  }

  /** For matching, inside its transaction, after it checked the proposal: give the place back. */
  async releaseFor(manager: EntityManager, holdId: string, actorUserId: string | null): Promise<HoldResponse> {
    return this.resolveIn(manager, holdId, 'release', actorUserId);
  }

  /** For matching, inside its transaction: help started, the hold becomes the placement. */
  async confirmFor(manager: EntityManager, holdId: string, actorUserId: string | null): Promise<HoldResponse> {
    return this.resolveIn(manager, holdId, 'confirm', actorUserId);
  }

  /** The provider accepted: the place stays held until the planned start (and a margin), not the offer's 72 hours. */
  async extendFor(manager: EntityManager, holdId: string, until: Date): Promise<Date> {
    const [rows] = (await manager.query(
      `UPDATE social_map.hold SET expires_at = GREATEST(expires_at, $2) WHERE id = $1 AND state = 'held' AND expires_at > now() RETURNING expires_at`,
      [holdId, until],
    )) as [{ expires_at: Date }[], number];
    if (!rows[0]) throw new DomainError(ErrorCode.Conflict, 'The hold on this place has expired', { state: 'expired' });
    return rows[0].expires_at;
  }

  /** For matching: give the place back if the hold still holds it (after an expiry there is nothing to give). */
  async releaseIfHeld(manager: EntityManager, holdId: string, actorUserId: string | null): Promise<void> {
    const hold = await this.load(manager, holdId);
    if (hold.state === 'held') await this.resolveIn(manager, holdId, 'release', actorUserId);
  }

  /** 409 unless the hold still holds its place (not expired, released or confirmed). */
  async assertHeld(manager: EntityManager, holdId: string | null): Promise<void> {
    if (!holdId) throw new DomainError(ErrorCode.Conflict, 'No place is held for this', { reason: 'no_hold' });
    const hold = await this.load(manager, holdId);
    if (hold.state !== 'held' || hold.expires_at.getTime() <= Date.now()) {
      throw new DomainError(ErrorCode.Conflict, hold.state === 'held' ? 'The hold on this place has expired' : `The hold on this place is ${hold.state}`, { state: hold.state === 'held' ? 'expired' : hold.state });
    }
  }

  private async resolve(actor: Actor, holdId: string, action: 'release' | 'confirm'): Promise<HoldResponse> {
    const before = await this.load(this.dataSource.manager, holdId);
    await this.access.authorize(actor, { policy: holdPolicy, action, record: { createdByOrganisation: before.created_by_organisation, providerId: before.provider_id }, subjectId: holdId, purpose: 'matching' });
    if (before.holder_ref.startsWith('proposal:')) {
      throw new DomainError(ErrorCode.Conflict, 'This place is held for a proposal: it ends with the proposal (accept, decline, withdraw or start it)', { reason: 'held_for_proposal' });
    }
    return shownTo(actor, before, await this.dataSource.transaction((manager) => this.resolveIn(manager, holdId, action, actor.principal.userId)));
  }

  private async resolveIn(manager: EntityManager, holdId: string, action: 'release' | 'confirm', actorUserId: string | null): Promise<HoldResponse> {
    const before = await this.load(manager, holdId);
    {
      const state = action === 'release' ? 'released' : 'confirmed';
      const moved = (await manager.query(
        `UPDATE social_map.hold SET state = $2, resolved_at = now(), resolved_by = $3 WHERE id = $1 AND state = 'held' RETURNING id`,
        [holdId, state, actorUserId],
      )) as [unknown[], number];
      if (moved[1] === 0) {
        const current = await this.load(manager, holdId);
        throw new DomainError(ErrorCode.Conflict, `This hold is already ${current.state}`, { state: current.state });
      }
      if (action === 'release') await this.giveBack(manager, [{ holdId, offeringId: before.offering_id }], 'hold_released', actorUserId);
      else {
        await manager.query(
          `INSERT INTO social_map.capacity_event (offering_id, actor_user_id, kind, old_total, new_total, old_free, new_free, old_wait, new_wait, hold_id)
           SELECT id, $2, 'hold_confirmed', total_places, total_places, free_places, free_places, wait_weeks, wait_weeks, $3 FROM social_map.offering WHERE id = $1`,
          [before.offering_id, actorUserId, holdId],
        );
        await this.effects.holdResolved(manager, [{ holdId, offeringId: before.offering_id, state: 'confirmed' }]);
        await this.effects.publishCapacityChanged(manager, [before.offering_id]);
      }
      return toResponse(await this.load(manager, holdId));
    }
  }

  /**
   * Expires holds past their time, in batches; SKIP LOCKED lets several workers share the work
   * and a concurrent release wins or loses cleanly (the state UPDATE decides).
   */
  @JobHandler(ExpireHolds)
  async expireDue(): Promise<{ expired: number }> {
    let expired = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const rows = (await manager.query(
          `WITH due AS (SELECT id FROM social_map.hold WHERE state = 'held' AND expires_at <= now() ORDER BY expires_at LIMIT 500 FOR UPDATE SKIP LOCKED)
           UPDATE social_map.hold h SET state = 'expired', resolved_at = now() FROM due WHERE h.id = due.id AND h.state = 'held'
           RETURNING h.id AS "holdId", h.offering_id AS "offeringId"`,
        )) as [{ holdId: string; offeringId: string }[], number];
        if (rows[0].length) await this.giveBack(manager, rows[0], 'hold_expired', null);
        return rows[0].length;
      });
      expired += batch;
      if (batch < 500) break;
    }
    if (expired) this.logger.log({ msg: 'holds expired', expired });
    return { expired };
  }

  /** One place back per hold, never above the total (a provider may have lowered it meanwhile). */
  private async giveBack(manager: EntityManager, holds: { holdId: string; offeringId: string }[], kind: 'hold_released' | 'hold_expired', actorUserId: string | null): Promise<void> {
    await manager.query(
      `WITH returned AS (
         SELECT "offeringId" AS offering_id, count(*)::int AS n, array_agg("holdId") AS holds
           FROM jsonb_to_recordset($1::jsonb) AS r("holdId" uuid, "offeringId" uuid) GROUP BY "offeringId"),
       before AS (SELECT o.id, o.total_places, o.free_places, o.wait_weeks, r.n, r.holds FROM social_map.offering o JOIN returned r ON r.offering_id = o.id ORDER BY o.id FOR UPDATE OF o),
       after AS (
         UPDATE social_map.offering o SET free_places = LEAST(o.free_places + b.n, o.total_places), version = o.version + 1, updated_at = now()
           FROM before b WHERE o.id = b.id RETURNING o.id, o.free_places)
       INSERT INTO social_map.capacity_event (offering_id, actor_user_id, kind, old_total, new_total, old_free, new_free, old_wait, new_wait, hold_id)
       SELECT b.id, $2, $3, b.total_places, b.total_places, b.free_places, a.free_places, b.wait_weeks, b.wait_weeks, CASE WHEN b.n = 1 THEN b.holds[1] END
         FROM before b JOIN after a ON a.id = b.id`,
      [JSON.stringify(holds), actorUserId, kind],
    );
    const state = kind === 'hold_released' ? 'released' : 'expired';
    await this.effects.holdResolved(manager, holds.map((h) => ({ ...h, state })));
    await this.effects.capacityChanged(manager, [...new Set(holds.map((h) => h.offeringId))]);
  }

  private async load(manager: EntityManager, holdId: string): Promise<HoldRow> {
    const rows = (await manager.query(
      `SELECT h.id, h.offering_id, h.holder_ref, h.state, h.expires_at, h.created_at, h.resolved_at, h.created_by_organisation, o.provider_id, o.free_places
         FROM social_map.hold h JOIN social_map.offering o ON o.id = h.offering_id WHERE h.id = $1`,
      [holdId],
    )) as HoldRow[];
    if (!rows[0]) throw DomainError.notFound('Hold');
    return rows[0];
  }
}
