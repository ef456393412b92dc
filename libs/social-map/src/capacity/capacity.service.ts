import { Injectable } from '@nestjs/common';
import { AccessControl } from '@passend/identity';
import { Clock, DomainError, ErrorCode, type Actor, type FieldProblem } from '@passend/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { OfferingEffects } from '../catalog/offering-effects.js';
import { capacityProblems, type Capacity, type CapacityChangeReason, type CapacityStatus } from '../domain/capacity.js';
import { freshnessOf } from '../domain/freshness.js';
import { offeringPolicy } from '../domain/offering-policy.js';
import type { CapacityResponse } from './capacity.dto.js';

interface CapacityRow {
  id: string;
  provider_id: string;
  total_places: number;
  free_places: number;
  wait_weeks: number;
  capacity_status: CapacityStatus;
  version: number;
  capacity_confirmed_at: Date;
}

export interface CapacityChangeRequest extends Capacity {
  offeringId: string;
  /** the version the provider read (If-Match or body) */
  expectedVersion: number | undefined;
  reason?: CapacityChangeReason;
}

export function toCapacityResponse(row: CapacityRow, now: Date): CapacityResponse {
  return {
    offeringId: row.id,
    totalPlaces: row.total_places,
    freePlaces: row.free_places,
    waitWeeks: row.wait_weeks,
    status: row.capacity_status,
    version: row.version,
    capacityConfirmedAt: row.capacity_confirmed_at.toISOString(),
    freshness: freshnessOf(row.capacity_confirmed_at, now),
  };
}

const CAPACITY_COLUMNS = 'id, provider_id, total_places, free_places, wait_weeks, capacity_status, version, capacity_confirmed_at';

/**
 * Providers keep their capacity live. A change carries the version the provider read and wins
 * only if nobody changed the offering since (checked in the UPDATE itself, not by reading first);
 * otherwise 409 with the current state. Every change is a capacity event.
 */
@Injectable()
export class CapacityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly effects: OfferingEffects,
    private readonly clock: Clock,
  ) {}

  async current(offeringId: string): Promise<CapacityResponse> {
    return toCapacityResponse(await this.load(this.dataSource.manager, offeringId), this.clock.now());
  }

  async update(actor: Actor, change: CapacityChangeRequest): Promise<CapacityResponse> {
    const problems = capacityProblems(change);
    if (problems.length) throw DomainError.validation(problems);
    if (change.expectedVersion === undefined) throw preconditionRequired();
    const offering = await this.load(this.dataSource.manager, change.offeringId);
    const access = { policy: offeringPolicy, action: 'update_capacity' as const, record: { providerId: offering.provider_id }, subjectId: offering.id, purpose: 'capacity_management' as const };
    await this.access.check(actor, access);
    return this.dataSource.transaction(async (manager) => {
      const row = await this.apply(manager, actor, change);
      if (!row) throw await this.stale(manager, change.offeringId);
      await this.effects.capacityChanged(manager, [row.id]);
      // logged last, with the change: a refused change leaves no "success" entry
      await this.access.authorize(actor, { ...access, manager });
      return toCapacityResponse(row, this.clock.now());
    });
  }

  /**
   * Many offerings of one provider at once, all or nothing: every row is checked first (400 naming
   * the rows), then applied in one transaction; one stale row rolls back all (409 naming it).
   */
  async updateMany(actor: Actor, rows: CapacityChangeRequest[]): Promise<CapacityResponse[]> {
    const problems: FieldProblem[] = rows.flatMap((row, i) => [
      ...capacityProblems(row, `rows[${i}].`),
      ...(row.expectedVersion === undefined ? [{ field: `rows[${i}].version`, message: 'version is required: send the version you read' }] : []),
    ]);
    const seen = new Map<string, number>();
    rows.forEach((row, i) => {
      if (seen.has(row.offeringId)) problems.push({ field: `rows[${i}].offeringId`, message: `offering also in rows[${seen.get(row.offeringId)}]` });
      seen.set(row.offeringId, i);
    });
    if (problems.length) throw DomainError.validation(problems);

    const owners = (await this.dataSource.query(`SELECT id, provider_id FROM social_map.offering WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.offeringId)])) as { id: string; provider_id: string }[];
    const ownerOf = new Map(owners.map((o) => [o.id, o.provider_id]));
    const missing = rows.map((r, i) => [r, i] as const).filter(([r]) => !ownerOf.has(r.offeringId));
    if (missing.length) throw DomainError.validation(missing.map(([, i]) => ({ field: `rows[${i}].offeringId`, message: 'no such offering' })));
    const providers = new Set(ownerOf.values());
    if (providers.size > 1) throw DomainError.validation([{ field: 'rows', message: 'a bulk change covers the offerings of one provider' }]);
    const access = { policy: offeringPolicy, action: 'update_capacity' as const, record: { providerId: [...providers][0]! }, subjectId: null, purpose: 'capacity_management' as const };
    await this.access.check(actor, access);

    return this.dataSource.transaction(async (manager) => {
      const results: CapacityResponse[] = [];
      const staleRows: FieldProblem[] = [];
      for (const [i, row] of rows.entries()) {
        const applied = await this.apply(manager, actor, row);
        if (!applied) {
          const current = await this.load(manager, row.offeringId);
          staleRows.push({ field: `rows[${i}].version`, message: `stale: the offering is at version ${current.version}` });
        } else results.push(toCapacityResponse(applied, this.clock.now()));
      }
      if (staleRows.length) {
        throw new DomainError(ErrorCode.StaleVersion, `Capacity changed since you read it: ${staleRows.map((s) => s.field).join(', ')}; nothing was saved`, { fields: staleRows });
      }
      await this.effects.capacityChanged(manager, results.map((r) => r.offeringId));
      // logged last, with the change: a refused change leaves no "success" entry, and the audit chain's lock is held only until commit
      await this.access.authorize(actor, { ...access, manager });
      return results;
    });
  }

  /** "Still correct": confirms the numbers without changing them (and without a new version). */
  async confirm(actor: Actor, offeringId: string): Promise<CapacityResponse> {
    const offering = await this.load(this.dataSource.manager, offeringId);
    const access = { policy: offeringPolicy, action: 'confirm_capacity' as const, record: { providerId: offering.provider_id }, subjectId: offering.id, purpose: 'capacity_management' as const };
    await this.access.check(actor, access);
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `UPDATE social_map.offering SET capacity_confirmed_at = now(), capacity_confirmed_by = $2 WHERE id = $1 AND active RETURNING ${CAPACITY_COLUMNS}`,
        [offeringId, actor.principal.userId],
      )) as [CapacityRow[], number];
      const row = rows[0][0];
      if (!row) throw DomainError.notFound('Offering');
      await manager.query(
        `INSERT INTO social_map.capacity_event (offering_id, actor_user_id, kind, old_total, new_total, old_free, new_free, old_wait, new_wait)
         VALUES ($1, $2, 'confirmed', $3, $3, $4, $4, $5, $5)`,
        [row.id, actor.principal.userId, row.total_places, row.free_places, row.wait_weeks],
      );
      await this.effects.capacityChanged(manager, [row.id]);
      // logged last, with the change: a refused change leaves no "success" entry
      await this.access.authorize(actor, { ...access, manager });
      return toCapacityResponse(row, this.clock.now());
    });
  }

  /** The conditional write: only when the version still matches. Returns the new state, or undefined when stale. */
  private async apply(manager: EntityManager, actor: Actor, change: CapacityChangeRequest): Promise<CapacityRow | undefined> {
    const rows = (await manager.query(
      `WITH before AS (SELECT id, total_places, free_places, wait_weeks, capacity_status FROM social_map.offering WHERE id = $1 AND active AND version = $5 FOR UPDATE),
       after AS (
         UPDATE social_map.offering o SET total_places = $2, free_places = $3, wait_weeks = $4, capacity_status = coalesce($8, o.capacity_status), version = o.version + 1,
                capacity_confirmed_at = now(), capacity_confirmed_by = $6, updated_at = now()
           FROM before WHERE o.id = before.id RETURNING o.${CAPACITY_COLUMNS.split(', ').join(', o.')}),
       event AS (
         INSERT INTO social_map.capacity_event (offering_id, actor_user_id, kind, old_total, new_total, old_free, new_free, old_wait, new_wait, old_status, new_status, reason)
         SELECT b.id, $6, 'updated', b.total_places, $2, b.free_places, $3, b.wait_weeks, $4, b.capacity_status, coalesce($8, b.capacity_status), $7 FROM before b)
       SELECT * FROM after`,
      [change.offeringId, change.totalPlaces, change.freePlaces, change.waitWeeks, change.expectedVersion, actor.principal.userId, change.reason ?? null, change.status ?? null],
    )) as CapacityRow[];
    return rows[0];
  }

  private async load(manager: EntityManager, offeringId: string): Promise<CapacityRow> {
    const rows = (await manager.query(`SELECT ${CAPACITY_COLUMNS} FROM social_map.offering WHERE id = $1 AND active`, [offeringId])) as CapacityRow[];
    if (!rows[0]) throw DomainError.notFound('Offering');
    return rows[0];
  }

  private async stale(manager: EntityManager, offeringId: string): Promise<DomainError> {
    const current = toCapacityResponse(await this.load(manager, offeringId), this.clock.now());
    return new DomainError(ErrorCode.StaleVersion, `The capacity changed since you read it (now version ${current.version}); nothing was saved`, { current });
  }
}

export function preconditionRequired(): DomainError {
  return new DomainError(ErrorCode.PreconditionRequired, 'Send the version you read, as If-Match header or version field');
}

/** Reads the expected version from If-Match (`"7"`, `W/"7"`) or the body's version field. */
export function expectedVersion(ifMatch: string | undefined, bodyVersion: number | undefined): number | undefined {
  if (ifMatch !== undefined) {
    const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
    if (!m) throw DomainError.validation([{ field: 'If-Match', message: 'If-Match must be the ETag you received, e.g. "7"' }]);
    const v = Number(m[1]);
    if (bodyVersion !== undefined && bodyVersion !== v) throw DomainError.validation([{ field: 'version', message: 'version and If-Match disagree' }]);
    return v;
  }
  return bodyVersion;
}
