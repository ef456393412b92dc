import { Injectable, Logger } from '@nestjs/common';
import { CaseDirectory, MeasureChanged, NeedRecorded, WaitingChildren } from '@passend/cases';
import { todayInAmsterdam } from '@passend/cases/domain';
import { EventSubscriber, JobHandler, type JobContext } from '@passend/platform';
import { CapacityChanged, HoldResolved, HoldService, OfferingReader } from '@passend/social-map';
import { DataSource } from 'typeorm';
import { MatchNationally, RematchRegion } from '../jobs.js';
import { ProposalLog } from '../proposals/proposal-log.js';
import { MatchingRunService, type RunReport } from './matching-run.service.js';

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
    private readonly cases: CaseDirectory,
    private readonly offerings: OfferingReader,
    private readonly log: ProposalLog,
    private readonly waiting: WaitingChildren,
    private readonly holds: HoldService,
  ) {}

  /** A rematch asked for through the outbox (after a decline): skipped when a later run covered it. */
  @JobHandler(RematchRegion)
  async rematch(payload: { regionCode: string; trigger: 'event' | 'decline' | 'manual' | 'startup' }, context?: JobContext): Promise<RunReport> {
    return this.runs.run({ kind: 'region', code: payload.regionCode }, payload.trigger, new Date(), await this.publishedAt(context));
  }

  @JobHandler(MatchNationally)
  async nightly(): Promise<RunReport> {
    return this.runs.run({ kind: 'national' }, 'nightly');
  }

  /** Places changed: proposals beyond what the offering can still take are withdrawn (newest first), and its region rematches. */
  @EventSubscriber(CapacityChanged, 'matching', { queue: 'matching' })
  async capacityChanged(payload: { offeringIds: string[] }, context: JobContext): Promise<{ withdrawn: number; regions: string[] }> {
    const requestedAt = await this.publishedAt(context);
    const withdrawn = await this.withdrawBeyondCapacity(payload.offeringIds);
    const regions = [...new Set((await this.offerings.get(payload.offeringIds)).map((o) => o.regionCode))];
    for (const region of regions) await this.requestRematch(region, requestedAt);
    return { withdrawn, regions };
  }

  @EventSubscriber(NeedRecorded, 'matching', { queue: 'matching' })
  async needRecorded(payload: { measureId: string; needId: string }, context: JobContext): Promise<{ region: string }> {
    const head = await this.cases.head(payload.measureId);
    await this.requestRematch(head.homeRegionCode, await this.publishedAt(context));
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
    // the change that matters is this job's own transition, committed just now
    if (moved) await this.requestRematch(p.home_region_code, new Date());
    return { proposal: moved ? p.id : null };
  }

  /**
   * The rematch runs in this subscriber's own job (each event's subscriber job has its own id, so
   * none is dropped); a run that started after the event covers it, and the rematch is skipped.
   */
  async requestRematch(regionCode: string, requestedAt: Date): Promise<void> {
    await this.runs.run({ kind: 'region', code: regionCode }, 'event', new Date(), requestedAt);
  }

  /**
   * A moment after the change committed: when the relay handed its outbox row over (the relay
   * only sees committed rows). A run that started later saw the change. Not the row's created_at:
   * that is the start of the change's transaction, and a run between it and the commit did not
   * see the change. Without the row (yet), now: later than the commit, so never wrongly covered.
   */
  private async publishedAt(context: JobContext | undefined): Promise<Date> {
    const outboxId = context?.jobId.split('.')[0];
    if (outboxId && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(outboxId)) {
      const [row] = (await this.dataSource.query(`SELECT dispatched_at FROM platform.outbox WHERE id = $1`, [outboxId])) as { dispatched_at: Date | null }[];
      if (row?.dispatched_at) return row.dispatched_at;
    }
    return new Date();
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
