import { Injectable, Logger } from '@nestjs/common';
import { todayInAmsterdam } from '@passend/cases/domain';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  planMatching,
  pseudonymisedProfile,
  referralReasons,
  storedOption,
  type ChildPlan,
  type MatchChild,
  type MatchOffering,
  type Plan,
  type ReferralReason,
} from '../domain/index.js';
import { MatchingInputReader, scopeKey, type MatchingScope } from '../read-model/matching-input.js';
import { MatchingSettings } from '../matching-settings.js';
import { ProposalLog } from '../proposals/proposal-log.js';
import { ReferralWriter, type ReferralSubject } from '../expert-tables/referral-writer.js';
import { MatchingNotifier } from '../notifications/matching-notifier.js';

/** One proposal row of a run, as the batch insert reads it. */
interface ProposalRowInput {
  run_id: string;
  measure_id: string;
  need_id: string;
  institution_id: string;
  home_region_code: string;
  category_code: string;
  urgency: string;
  offering_id: string;
  provider_id: string;
  offering_region_code: string;
  state: 'proposed' | 'in_review';
  fit_score: number;
  fit_rank: number;
  best_option_rank: number;
  explanation: object;
  alternatives: object[];
  profile: object;
  referral_id: string | null;
  expected_start: string;
}

export type RunTrigger = 'event' | 'nightly' | 'decline' | 'manual' | 'startup';

export interface RunReport {
  runId: string | null;
  scope: string;
  inputHash: string;
  skipped: boolean;
  durationMs: number;
  children: number;
  offerings: number;
  edges: number;
  placed: number;
  totalFit: number;
  optimal: boolean;
  proposalsCreated: number;
  proposalsWithdrawn: number;
  referralsCreated: number;
}

/**
 * One matching run over a scope: read the waiting children and the offerings through the ports,
 * plan (eligibility, fit, the solver), and store the result in one transaction — new proposals,
 * superseded ones withdrawn, referrals where the rules say so, and the run itself — or nothing at
 * all. Runs of one scope are serialised (an advisory lock); a run keeps every proposal its plan
 * repeats, so a job delivered twice creates no duplicates, and the partial unique index on active
 * proposals per need is the backstop. The input hash is stored with the run, to trace it.
 */
@Injectable()
export class MatchingRunService {
  private readonly logger = new Logger('matching-run');

  constructor(
    private readonly dataSource: DataSource,
    private readonly input: MatchingInputReader,
    private readonly settings: MatchingSettings,
    private readonly log: ProposalLog,
    private readonly referrals: ReferralWriter,
    private readonly notifier: MatchingNotifier,
  ) {}

  /**
   * `requestedAt`: the run answers a request made then (a change, a decline); when a run of the
   * same scope started after that moment, it saw the change already and this one is skipped. So a
   * burst of changes in one region gives one or two runs, however many jobs it set off.
   */
  async run(scope: MatchingScope, trigger: RunTrigger, now = new Date(), requestedAt?: Date): Promise<RunReport> {
    const started = performance.now();
    const today = todayInAmsterdam(now);
    const input = await this.input.read(scope, today);
    // needs whose proposal is under way (offered, accepted, in review, or chosen by a person) are left alone
    const open = input.children.filter((c) => !input.settledNeeds.has(c.key));
    const inputHash = hashInput(open, input.offerings, this.settings, today);
    const plan = planMatching({ children: open, offerings: input.offerings, now, today, weights: this.settings.fitWeights, alternatives: 5 });
    const key = scopeKey(scope);

    const report = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`matching-run:${key}`]);
      if (requestedAt) {
        const [covered] = (await manager.query(
          `SELECT 1 FROM matching.run WHERE scope_kind = $1 AND scope_code IS NOT DISTINCT FROM $2 AND started_at > $3 LIMIT 1`,
          [scope.kind, scope.kind === 'national' ? null : scope.code, requestedAt],
        )) as unknown[];
        if (covered) return { scope: key, inputHash, durationMs: 0, children: 0, offerings: 0, edges: 0, placed: 0, totalFit: 0, optimal: true, runId: null, skipped: true, proposalsCreated: 0, proposalsWithdrawn: 0, referralsCreated: 0 };
      }
      const base = { scope: key, inputHash, durationMs: 0, children: open.length, offerings: input.offerings.length, edges: plan.edges, placed: plan.placed, totalFit: plan.totalFit, optimal: plan.objective === plan.dualBound };
      const children = new Map(open.map((c) => [c.key, c]));
      const runId = await this.insertRun(manager, scope, trigger, inputHash, now, plan);
      const counts = await this.store(manager, runId, plan, children, today);
      await manager.query(
        `UPDATE matching.run SET proposals_created = $2, proposals_withdrawn = $3, duration_ms = $4 WHERE id = $1`,
        [runId, counts.created, counts.withdrawn, Math.round(performance.now() - started)],
      );
      return { ...base, runId, skipped: false, proposalsCreated: counts.created, proposalsWithdrawn: counts.withdrawn, referralsCreated: counts.referrals };
    });
    report.durationMs = Math.round(performance.now() - started);
    this.logger.log({ msg: 'matching run', ...report });
    return report;
  }

  private async insertRun(manager: EntityManager, scope: MatchingScope, trigger: RunTrigger, inputHash: string, now: Date, plan: Plan): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO matching.run (scope_kind, scope_code, trigger, input_hash, parameters, started_at, duration_ms, children, offerings, edges, placed, total_fit,
                                 objective, dual_bound, proposals_created, proposals_withdrawn)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, 0, $7, $8, $9, $10, $11, $12, $13, 0, 0) RETURNING id`,
      [
        scope.kind, scope.kind === 'national' ? null : scope.code, trigger, inputHash,
        JSON.stringify({ fitWeights: this.settings.fitWeights, referralRules: this.settings.referralRules, alternatives: 5 }),
        now, plan.children.length, plan.offeringsWithFreePlaces, plan.edges, plan.placed, plan.totalFit, plan.objective, plan.dualBound,
      ],
    )) as { id: string }[];
    return row!.id;
  }

  /** Proposals for the plan: keep what is unchanged, withdraw what is superseded, add the new. */
  private async store(manager: EntityManager, runId: string, plan: Plan, children: Map<string, MatchChild>, today: string): Promise<{ created: number; withdrawn: number; referrals: number }> {
    const needIds = plan.children.map((c) => c.childKey);
    const existing = new Map(
      ((await manager.query(
        `SELECT id, need_id AS "needId", offering_id AS "offeringId" FROM matching.proposal
          WHERE need_id = ANY($1::uuid[]) AND state = 'proposed' AND source = 'solver' FOR UPDATE`,
        [needIds],
      )) as { id: string; needId: string; offeringId: string }[]).map((p) => [p.needId, p]),
    );
    const openReferrals = new Map(
      ((await manager.query(`SELECT need_id AS "needId", id FROM matching.referral WHERE need_id = ANY($1::uuid[]) AND state IN ('open','waiting_for_information')`, [needIds])) as { needId: string; id: string }[]).map((r) => [r.needId, r.id]),
    );
    let created = 0;
    let withdrawn = 0;
    let referrals = 0;
    const fresh: { child: MatchChild; childPlan: ChildPlan }[] = [];
    const toRefer: { subject: ReferralSubject; reasons: ReferralReason[] }[] = [];
    for (const childPlan of plan.children) {
      const child = children.get(childPlan.childKey)!;
      const current = existing.get(childPlan.childKey);
      if (current && current.offeringId === childPlan.proposal?.offeringKey) continue;
      if (current) {
        await this.log.transition(manager, current.id, 'withdraw', null, 'superseded_by_run');
        withdrawn++;
      }
      const reasons = referralReasons(child, childPlan, this.settings.referralRules);
      if (reasons.length && !openReferrals.has(child.key)) toRefer.push({ subject: { ...child, needId: child.key }, reasons });
      if (childPlan.proposal) fresh.push({ child, childPlan });
    }
    const referred = await this.referrals.referMany(manager, toRefer, today);
    referrals = referred.size;
    const rows = fresh.map(({ child, childPlan }) => this.proposalRow(runId, child, childPlan, openReferrals.get(child.key) ?? referred.get(child.key) ?? null));
    created = await this.insertProposals(manager, rows);
    return { created, withdrawn, referrals };
  }

  private proposalRow(runId: string, child: MatchChild, childPlan: ChildPlan, referralId: string | null): ProposalRowInput {
    const option = childPlan.proposal!;
    return {
      run_id: runId,
      measure_id: child.measureId,
      need_id: child.key,
      institution_id: child.institutionId,
      home_region_code: child.homeRegionCode,
      category_code: child.categoryCode,
      urgency: child.urgency,
      offering_id: option.offeringKey,
      provider_id: option.providerId,
      offering_region_code: option.regionCode,
      state: referralId ? 'in_review' : 'proposed',
      fit_score: option.fit.score,
      fit_rank: option.fitRank,
      best_option_rank: Math.min(option.fitRank, 4),
      explanation: { ...storedOption(option), tier: childPlan.tier, daysOnClock: childPlan.daysOnClock, eligibleCount: childPlan.eligibleCount, rejected: childPlan.rejected },
      alternatives: childPlan.alternatives.map(storedOption),
      profile: pseudonymisedProfile(child),
      referral_id: referralId,
      expected_start: child.expectedStart,
    };
  }

  /**
   * The run's new proposals in one statement (a national run makes thousands), their first funnel
   * events in another, and the guardians' notifications in a third; a need that has an active
   * proposal meanwhile (a guardian chose by hand) keeps it (the partial unique index decides).
   */
  private async insertProposals(manager: EntityManager, rows: ProposalRowInput[]): Promise<number> {
    if (!rows.length) return 0;
    const inserted = (await manager.query(
      `INSERT INTO matching.proposal (run_id, measure_id, need_id, institution_id, home_region_code, category_code, urgency, offering_id, provider_id,
                                      offering_region_code, source, state, fit_score, fit_rank, best_option_rank, explanation, alternatives, profile,
                                      referral_id, expected_start)
       SELECT run_id, measure_id, need_id, institution_id, home_region_code, category_code, urgency, offering_id, provider_id,
              offering_region_code, 'solver', state, fit_score, fit_rank, best_option_rank, explanation, alternatives, profile, referral_id, expected_start
         FROM jsonb_to_recordset($1::jsonb) AS r(run_id uuid, measure_id uuid, need_id uuid, institution_id uuid, home_region_code varchar, category_code varchar,
              urgency varchar, offering_id uuid, provider_id uuid, offering_region_code varchar, state varchar, fit_score int, fit_rank int, best_option_rank smallint,
              explanation jsonb, alternatives jsonb, profile jsonb, referral_id uuid, expected_start date)
       ON CONFLICT (need_id) WHERE state IN ('proposed','in_review','offered','accepted') DO NOTHING
       RETURNING id, measure_id AS "measureId", state`,
      [JSON.stringify(rows)],
    )) as { id: string; measureId: string; state: string }[];
    if (!inserted.length) return 0;
    await manager.query(
      `INSERT INTO matching.proposal_event (proposal_id, actor_user_id, from_state, to_state, reason_code)
       SELECT id, NULL, NULL, state, CASE WHEN state = 'in_review' THEN 'referred' ELSE 'solver' END FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, state varchar)`,
      [JSON.stringify(inserted)],
    );
    await this.notifier.notifyGuardiansOfMany(manager, 'proposal_new', inserted.map((p) => ({ proposalId: p.id, measureId: p.measureId })));
    return inserted.length;
  }
}

/** A hash of everything that decides a run's outcome (not the personal data itself: the need ids and their fields). */
export function hashInput(children: readonly MatchChild[], offerings: readonly MatchOffering[], settings: Pick<MatchingSettings, 'fitWeights' | 'referralRules'>, today: string): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ today, weights: settings.fitWeights, rules: settings.referralRules }));
  for (const c of [...children].sort((a, b) => (a.key < b.key ? -1 : 1))) hash.update(JSON.stringify(c));
  for (const o of [...offerings].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    // the confirmation instant moves the freshness factor only by calendar day
    hash.update(JSON.stringify({ ...o, capacityConfirmedAt: o.capacityConfirmedAt.slice(0, 10) }));
  }
  return hash.digest('hex');
}
