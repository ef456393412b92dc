import { Injectable, Logger } from '@nestjs/common';
import { CaseDirectory, MeasureChanged, NeedRecorded, WaitingChildren } from '@passend/cases';
import { todayInAmsterdam } from '@passend/cases/domain';
import { EventSubscriber, JobHandler, JobProducer } from '@passend/platform';
import { CapacityChanged, HoldResolved, HoldService, OfferingReader } from '@passend/social-map';
import { DataSource } from 'typeorm';
import { MatchNationally, RematchRegion } from '../jobs.js';
import { ProposalLog } from '../proposals/proposal-log.js';
import { MatchingRunService, type RunReport } from './matching-run.service.js';

/** Requests within this window for one region share one job id: a burst of changes gives one rematch. */
export const REMATCH_DEBOUNCE_MS = 10_000;

/**
 * What sets matching going: changes elsewhere (a new need, capacity, a hold that ended), a
 * decline, and the nightly national run. Every handler is idempotent: a rematch request that a
 * later run already covered is skipped, and a proposal moves only through a conditional
 * transition, so a repeated delivery changes nothing.
 */
@Injectable()
export class MatchingTriggers {
  private readonly logger = new Logger('matching-triggers');

  constructor(
    private readonly dataSource: DataSource,
    private readonly runs: MatchingRunService,
    private readonly producer: JobProducer,
    private readonly cases: CaseDirectory,
    private readonly offerings: OfferingReader,
    private readonly log: ProposalLog,
    private readonly waiting: WaitingChildren,
    private readonly holds: HoldService,
  ) {}

  @JobHandler(RematchRegion)
  async rematch(payload: { regionCode: string; trigger: 'event' | 'decline' | 'manual' | 'startup'; requestedAt?: number }): Promise<RunReport | { skipped: 'covered' }> {
    if (payload.requestedAt !== undefined) {
      const [later] = (await this.dataSource.query(
        `SELECT 1 FROM matching.run WHERE scope_kind = 'region' AND scope_code = $1 AND started_at >= $2 LIMIT 1`,
        [payload.regionCode, new Date(payload.requestedAt)],
      )) as unknown[];
      if (later) return { skipped: 'covered' };
    }
    return this.runs.run({ kind: 'region', code: payload.regionCode }, payload.trigger);
  }

  @JobHandler(MatchNationally)
  async nightly(): Promise<RunReport> {
    return this.runs.run({ kind: 'national' }, 'nightly');
  }

  /** Places changed: proposals beyond what the offering can still take are withdrawn (newest first), and its region rematches. */
  @EventSubscriber(CapacityChanged, 'matching', { queue: 'matching' })
  async capacityChanged(payload: { offeringIds: string[] }): Promise<{ withdrawn: number; regions: string[] }> {
    const withdrawn = await this.withdrawBeyondCapacity(payload.offeringIds);
    const regions = [...new Set((await this.offerings.get(payload.offeringIds)).map((o) => o.regionCode))];
    for (const region of regions) await this.requestRematch(region);
    return { withdrawn, regions };
  }

  @EventSubscriber(NeedRecorded, 'matching', { queue: 'matching' })
  async needRecorded(payload: { measureId: string; needId: string }): Promise<{ region: string }> {
    const head = await this.cases.head(payload.measureId);
    await this.requestRematch(head.homeRegionCode);
    return { region: head.homeRegionCode };
  }

  /**
   * A case changed: a need that no longer waits (help started, the measure closed or ended) keeps
   * no active proposal; one under way is withdrawn and its place given back.
   */
  @EventSubscriber(MeasureChanged, 'matching', { queue: 'matching' })
  async measureChanged(payload: { measureId: string }): Promise<{ withdrawn: number }> {
    const waiting = new Set((await this.waiting.list({ measureIds: [payload.measureId] }, todayInAmsterdam(new Date()))).map((w) => w.needId));
    return this.dataSource.transaction(async (manager) => {
      const stale = ((await manager.query(
        `SELECT id, need_id, hold_id FROM matching.proposal WHERE measure_id = $1 AND state IN ('proposed','in_review','offered','accepted') FOR UPDATE`,
        [payload.measureId],
      )) as { id: string; need_id: string; hold_id: string | null }[]).filter((p) => !waiting.has(p.need_id));
      for (const p of stale) {
        await this.log.transition(manager, p.id, 'withdraw', null, 'need_no_longer_waiting');
        if (p.hold_id) await this.holds.releaseIfHeld(manager, p.hold_id, null);
      }
      await manager.query(
        `UPDATE matching.referral SET state = 'withdrawn', closed_at = now() WHERE measure_id = $1 AND state IN ('open','waiting_for_information') AND NOT (need_id = ANY($2::uuid[]))`,
        [payload.measureId, [...waiting]],
      );
      return { withdrawn: stale.length };
    });
  }

  /** A hold that expired or was released while its proposal was offered: the proposal ends and the child goes back into matching. */
  @EventSubscriber(HoldResolved, 'matching', { queue: 'matching' })
  async holdResolved(payload: { holdId: string; offeringId: string; state: 'released' | 'expired' | 'confirmed' }): Promise<{ proposal: string | null }> {
    if (payload.state === 'confirmed') return { proposal: null };
    const [p] = (await this.dataSource.query(`SELECT id, state, home_region_code FROM matching.proposal WHERE hold_id = $1 AND state IN ('offered','accepted')`, [payload.holdId])) as { id: string; state: string; home_region_code: string }[];
    if (!p) return { proposal: null };
    const moved = await this.dataSource.transaction(async (manager) => {
      try {
        // an offer the provider did not answer in time expires; an accepted placement whose place was
        // not kept (released, or held past the planned start) is withdrawn: identity access ends with it
        if (payload.state === 'expired' && p.state === 'offered') await this.log.transition(manager, p.id, 'expire', null, 'hold_expired');
        else await this.log.transition(manager, p.id, 'withdraw', null, payload.state === 'expired' ? 'hold_expired_after_acceptance' : 'hold_released');
        return true;
      } catch {
        return false; // moved on meanwhile (accepted before the expiry, or already ended): nothing to do
      }
    });
    if (moved) await this.requestRematch(p.home_region_code);
    return { proposal: moved ? p.id : null };
  }

  async requestRematch(regionCode: string, now = Date.now()): Promise<void> {
    await this.producer.enqueue(RematchRegion, { regionCode, trigger: 'event', requestedAt: now }, `rematch.${regionCode}.${Math.floor(now / REMATCH_DEBOUNCE_MS)}`);
  }

  /**
   * A capacity drop below what is proposed: open proposals (not yet offered) to an offering may not
   * outnumber its free places; the newest go first, with their reason on the funnel.
   */
  private async withdrawBeyondCapacity(offeringIds: string[]): Promise<number> {
    const candidates = await this.offerings.get(offeringIds);
    let withdrawn = 0;
    for (const o of candidates) {
      withdrawn += await this.dataSource.transaction(async (manager) => {
        const excess = (await manager.query(
          `SELECT id FROM matching.proposal WHERE offering_id = $1 AND state IN ('proposed','in_review') ORDER BY created_at DESC, id DESC FOR UPDATE`,
          [o.offeringId],
        )) as { id: string }[];
        const over = excess.slice(0, Math.max(0, excess.length - o.freePlaces));
        for (const p of over) await this.log.transition(manager, p.id, 'withdraw', null, 'capacity_dropped');
        return over.length;
      });
    }
    if (withdrawn) this.logger.log({ msg: 'proposals withdrawn after a capacity drop', withdrawn });
    return withdrawn;
  }
}
