import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { addDays, todayInAmsterdam } from '@passend/cases/domain';
import { MatchingRunService, MatchingTriggers } from '@passend/matching';
import { HoldService } from '@passend/social-map';
import { eventually } from '@passend/testing';
import request from 'supertest';
import { createWorker } from '../apps/worker/src/create-worker.js';
import { syntheticBsns } from './support/synthetic-bsn.js';
import { offeringOfDemoProvider } from './support/social-map-fixtures.js';
import { startTestApi, type TestApi } from './support/test-api.js';

/**
 * Matching as jobs, with the real worker beside the real api on one database: a recorded need
 * sets off a rematch of its region (through the outbox, the relay and the subscriber), an offer
 * whose hold expires becomes expired and the child goes back into matching, a decline rematches
 * the region; a run either commits all it writes or nothing.
 */
describe('matching in the worker: events in, proposals out', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let guardian: string;
  let provider: string;
  const today = todayInAmsterdam(new Date());
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  const nextBsn = syntheticBsns(50_000_000);

  async function caseWithNeed(dateOfBirth: string, category = '43'): Promise<{ measureId: string; needId: string }> {
    const opened = await request(api.http)
      .post('/api/cases')
      .set(as(guardian))
      .send({ child: { givenNames: 'Fenna', familyName: 'Werker', bsn: nextBsn(), dateOfBirth, homeMunicipalityCode: 'GM0344' }, measure: { kind: 'supervision_order', rulingDate: addDays(today, -30) } })
      .expect(201);
    const withNeed = await request(api.http).post(`/api/cases/${opened.body.id}/needs`).set(as(guardian)).send({ categoryCode: category, urgency: 'regular' }).expect(201);
    return { measureId: opened.body.id, needId: withNeed.body.needs[withNeed.body.needs.length - 1].id };
  }

  const proposalOf = async (needId: string) =>
    ((await api.dataSource.query(`SELECT id, state FROM matching.proposal WHERE need_id = $1 ORDER BY created_at DESC LIMIT 1`, [needId])) as { id: string; state: string }[])[0];

  beforeAll(async () => {
    api = await startTestApi();
    worker = await createWorker(api.config);
    [guardian, provider] = await Promise.all([api.tokenFor('guardian'), api.tokenFor('provider_staff')]);
    await offeringOfDemoProvider(
      api,
      { name: 'Locatie Werkspoor', latitude: 52.1, longitude: 5.11 },
      { name: 'Dagbehandeling Werkspoor', setting: 'day_treatment', specialismCodes: ['adhd'], minAge: 6, totalPlaces: 6, freePlaces: 4 },
    );
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('a recorded need sets off a rematch of its region: the child gets a proposal without anybody asking', async () => {
    const { needId } = await caseWithNeed('2013-02-02');
    const proposal = await eventually(async () => {
      const p = await proposalOf(needId);
      expect(p?.state).toBe('proposed');
      return p!;
    }, 20_000);
    const [run] = await api.dataSource.query(`SELECT trigger, scope_kind, scope_code FROM matching.run ORDER BY started_at DESC LIMIT 1`);
    expect(run).toEqual({ trigger: 'event', scope_kind: 'region', scope_code: 'JZ22' });
    // every subscriber job ran under its own id: <outbox id>.matching
    const [event] = await api.dataSource.query(`SELECT id FROM platform.outbox WHERE job_name = 'cases.need-recorded' AND payload->>'needId' = $1`, [needId]);
    expect(event).toBeDefined();
    expect(proposal.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an offer whose hold expires becomes expired, and the child goes back into matching', async () => {
    const { needId } = await caseWithNeed('2012-03-03');
    const proposal = await eventually(async () => {
      const p = await proposalOf(needId);
      expect(p?.state).toBe('proposed');
      return p!;
    }, 20_000);
    await request(api.http).post(`/api/proposals/${proposal.id}/offer`).set(as(guardian)).send({ ttlHours: 1 }).expect(200);
    await api.dataSource.query(`UPDATE social_map.hold SET expires_at = now() - interval '1 minute' WHERE id = (SELECT hold_id FROM matching.proposal WHERE id = $1)`, [proposal.id]);
    await api.app.get(HoldService).expireDue();
    await eventually(async () => expect((await api.dataSource.query(`SELECT state FROM matching.proposal WHERE id = $1`, [proposal.id]))[0].state).toBe('expired'), 20_000);
    // back in matching: a new proposal for the same need
    await eventually(async () => {
      const again = await proposalOf(needId);
      expect(again!.id).not.toBe(proposal.id);
      expect(again!.state).toBe('proposed');
    }, 20_000);
    const steps = await api.dataSource.query(`SELECT to_state, reason_code FROM matching.proposal_event WHERE proposal_id = $1 ORDER BY id`, [proposal.id]);
    expect(steps).toEqual([
      { to_state: 'proposed', reason_code: 'solver' },
      { to_state: 'offered', reason_code: null },
      { to_state: 'expired', reason_code: 'hold_expired' },
    ]);
  });

  it('a rematch request that a later run already covered is skipped (debounce)', async () => {
    const triggers = api.app.get(MatchingTriggers);
    const [row] = await api.dataSource.query(`SELECT id FROM platform.outbox WHERE job_name = 'cases.need-recorded' AND dispatched_at IS NOT NULL ORDER BY seq LIMIT 1`);
    const runsBefore = await api.dataSource.query(`SELECT count(*)::int AS n FROM matching.run`);
    const covered = await triggers.rematch({ regionCode: 'JZ22', trigger: 'decline' }, { jobId: row.id, attempt: 1 });
    expect(covered).toMatchObject({ skipped: true, runId: null });
    expect(await api.dataSource.query(`SELECT count(*)::int AS n FROM matching.run`)).toEqual(runsBefore);
  });

  it('a run writes all or nothing: a failure half-way leaves no proposal and no run behind', async () => {
    // the worker stops here, so that no rematch of its own runs between the counts below
    await worker.close();
    worker = undefined as unknown as INestApplicationContext;
    await caseWithNeed('2011-04-04', '44'); // category 44: nothing proposed before this test
    await caseWithNeed('2011-05-05', '44');
    const provider44 = await api.dataSource.query(`SELECT id FROM social_map.location LIMIT 1`);
    await api.dataSource.query(
      `INSERT INTO social_map.offering (provider_id, location_id, name, category_code, setting, min_age, max_age, total_places, free_places)
       SELECT provider_id, id, 'Groep 44', '44', 'residential', 0, 17, 4, 4 FROM social_map.location WHERE id = $1`,
      [provider44[0].id],
    );
    const runs = api.app.get(MatchingRunService);
    const before = await api.dataSource.query(`SELECT (SELECT count(*)::int FROM matching.proposal) AS proposals, (SELECT count(*)::int FROM matching.run) AS runs`);
    // the run dies after its proposals and their events are written, before the guardians are told
    const notifier = (runs as unknown as { notifier: { notifyGuardiansOfMany: (...a: unknown[]) => Promise<number> } }).notifier;
    const notify = notifier.notifyGuardiansOfMany.bind(notifier);
    let calls = 0;
    notifier.notifyGuardiansOfMany = async () => {
      calls++;
      throw new Error('the worker died here');
    };
    try {
      await expect(runs.run({ kind: 'region', code: 'JZ22' }, 'manual')).rejects.toThrow('the worker died here');
    } finally {
      notifier.notifyGuardiansOfMany = notify;
    }
    expect(calls).toBe(1);
    const after = await api.dataSource.query(`SELECT (SELECT count(*)::int FROM matching.proposal) AS proposals, (SELECT count(*)::int FROM matching.run) AS runs`);
    expect(after).toEqual(before);
    // and the same run, undisturbed, commits
    const report = await runs.run({ kind: 'region', code: 'JZ22' }, 'manual');
    expect(report.proposalsCreated).toBeGreaterThanOrEqual(2);
  });
});
