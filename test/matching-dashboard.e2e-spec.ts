import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, todayInAmsterdam } from '@passend/cases/domain';
import request from 'supertest';
import { syntheticBsns } from './support/synthetic-bsn.js';
import { offeringOfDemoProvider } from './support/social-map-fixtures.js';
import { startTestApi, type TestApi } from './support/test-api.js';

/**
 * The matching dashboard over HTTP, fed by the closed loop through the api (helpers as in
 * matching.e2e-spec.ts): 12 children in Utrecht Stad (JZ22) with a need, one matching run;
 * 6 are offered, accepted and started; 5 are offered and declined with WJ759 reason 7; 1 goes
 * through the expert table (referral, approval) and is then accepted and started as well.
 * Rulings lie 30, 40, ... 80 and 85 days back for the 7 placed children (all within the 3-month
 * norm), so time to placement from the ruling is median 60, p90 82 days (80 + 0.4 × 5); the need and
 * the proposal are from today (0 days).
 */
describe('matching dashboard', () => {
  let api: TestApi;
  let guardian: string;
  let provider: string;
  let expert: string;
  let admin: string;
  let regionOfficer: string;
  const today = todayInAmsterdam(new Date());
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const bodies: unknown[] = [];

  const nextBsn = syntheticBsns(30_000_000);

  async function caseWithNeed(rulingDaysAgo: number, dateOfBirth: string): Promise<{ measureId: string; needId: string }> {
    const opened = await request(api.http)
      .post('/api/cases')
      .set(as(guardian))
      .send({
        child: { givenNames: 'Sem', familyName: 'Testkind', bsn: nextBsn(), dateOfBirth, homeMunicipalityCode: 'GM0344' },
        measure: { kind: 'supervision_order', rulingDate: addDays(today, -rulingDaysAgo) },
      })
      .expect(201);
    const measureId = opened.body.id as string;
    const withNeed = await request(api.http).post(`/api/cases/${measureId}/needs`).set(as(guardian)).send({ categoryCode: '43', urgency: 'urgent' }).expect(201);
    const needs = withNeed.body.needs as { id: string }[];
    return { measureId, needId: needs[needs.length - 1]!.id };
  }

  async function proposalOf(measureId: string, state: string): Promise<string> {
    const view = (await request(api.http).get(`/api/cases/${measureId}/matching`).set(as(guardian)).expect(200)).body as { proposals: { proposalId: string; state: string }[] };
    const found = view.proposals.find((p) => p.state === state);
    expect(found).toBeDefined();
    return found!.proposalId;
  }

  async function acceptAndStart(proposalId: string): Promise<void> {
    await request(api.http).post(`/api/proposals/${proposalId}/accept`).set(as(provider)).send({ plannedStart: today }).expect(200);
    await request(api.http).post(`/api/proposals/${proposalId}/start`).set(as(guardian)).send({ startedOn: today }).expect(200);
  }

  const get = async (path: string, token: string, status = 200) => {
    const res = await request(api.http).get(path).set(as(token)).expect(status);
    if (status === 200) bodies.push(res.body);
    return res.body;
  };

  beforeAll(async () => {
    api = await startTestApi();
    [guardian, provider, expert, admin, regionOfficer] = await Promise.all(
      (['guardian', 'provider_staff', 'expert_member', 'admin', 'region_officer'] as const).map((r) => api.tokenFor(r)),
    );
    await offeringOfDemoProvider(
      api,
      { name: 'Locatie Oudwijk', latitude: 52.0889, longitude: 5.1342 },
      { name: 'Behandelgroep', setting: 'residential', specialismCodes: ['trauma_treatment'], totalPlaces: 20, freePlaces: 20 },
    );

    const placed = [];
    for (let i = 0; i < 6; i++) placed.push(await caseWithNeed(30 + 10 * i, `2012-0${1 + i}-0${1 + i}`));
    const declined = [];
    for (let i = 0; i < 5; i++) declined.push(await caseWithNeed(30, `2011-0${1 + i}-1${i}`));
    const referred = await caseWithNeed(85, '2013-08-08');

    const run = await request(api.http).post('/api/matching/runs').set(as(admin)).send({ scope: 'region', code: 'JZ22' }).expect(201);
    expect(run.body.proposalsCreated).toBe(12);

    for (const c of placed) {
      const id = await proposalOf(c.measureId, 'proposed');
      await request(api.http).post(`/api/proposals/${id}/offer`).set(as(guardian)).send({}).expect(200);
      await acceptAndStart(id);
    }
    for (const c of declined) {
      const id = await proposalOf(c.measureId, 'proposed');
      await request(api.http).post(`/api/proposals/${id}/offer`).set(as(guardian)).send({}).expect(200);
      await request(api.http).post(`/api/proposals/${id}/decline`).set(as(provider)).send({ reasonCode: '7' }).expect(200);
    }
    // the expert table: referral, approval (the proposal is offered), then accepted and started
    const table = await request(api.http).post('/api/expert-tables').set(as(admin)).send({ name: 'Experttafel Utrecht (dashboard)', regionCode: 'JZ22' }).expect(201);
    const [expertUser] = await api.dataSource.query(`SELECT id FROM identity."user" WHERE email = 'experttafel@demo.passend.nl'`);
    await request(api.http).post(`/api/expert-tables/${table.body.id}/members`).set(as(admin)).send({ userId: expertUser.id }).expect(201);
    const referral = await request(api.http).post(`/api/cases/${referred.measureId}/referrals`).set(as(guardian)).send({ needId: referred.needId }).expect(201);
    const inReview = await proposalOf(referred.measureId, 'in_review');
    await request(api.http)
      .post(`/api/expert-tables/${table.body.id}/referrals/${referral.body.referralId}/decisions`)
      .set(as(expert))
      .send({ kind: 'approve', proposalId: inReview, rationale: 'Past bij de traumabehandeling.', familyView: 'Moeder stemt in.' })
      .expect(201);
    await acceptAndStart(inReview);
  });
  afterAll(() => api?.close());

  it('time to placement in days, per region and category: median and p90', async () => {
    const body = await get('/api/dashboard/matching/JZ22', regionOfficer);
    expect(body.asOf).toBe(today);
    expect(body.scope).toEqual({ kind: 'region', key: 'JZ22', name: 'Utrecht Stad', inspectionArea: 'Utrecht & Flevoland', regionCodes: ['JZ22'] });
    const w = body.windows.last3Months;
    expect(w.timeToPlacement).toMatchObject({
      placements: 7,
      fromRuling: { medianDays: 60, p90Days: 82 },
      fromNeed: { medianDays: 0, p90Days: 0 },
      fromProposal: { medianDays: 0, p90Days: 0 },
    });
    expect(w.timeToPlacement.perRegion).toEqual([{ regionCode: 'JZ22', name: 'Utrecht Stad', ...w.timeToPlacement.perRegion[0], placements: 7 }]);
    const c43 = w.timeToPlacement.perCategory.find((c: { categoryCode: string }) => c.categoryCode === '43');
    expect(c43).toMatchObject({ placements: 7, fromRuling: { medianDays: 60 } });
    // the 3, 6 and 12 month windows hold the same placements
    expect(body.windows.last12Months.timeToPlacement.placements).toBe(7);
  });

  it('best-option rank and placements in the own region', async () => {
    const w = (await get('/api/dashboard/matching/JZ22', regionOfficer)).windows.last3Months;
    expect(w.bestOptionRank).toEqual({ placements: 7, rank1: 7, rank2: null, rank3: null, rank4: null, unranked: null, rank1Share: 1 });
    expect(w.outsideOwnRegion).toEqual({ placements: 7, inOwnRegion: 7, outsideOwnRegion: null, outsideShare: null });
  });

  it('the funnel from proposal to start, with the reason at each step, and declines by reason', async () => {
    const w = (await get('/api/dashboard/matching/JZ22', regionOfficer)).windows.last3Months;
    const stage = (s: string) => w.funnel.find((f: { stage: string }) => f.stage === s);
    expect(w.funnel.map((f: { stage: string; entered: number | null }) => [f.stage, f.entered])).toEqual([
      ['proposed', 12],
      ['offered', 12],
      ['accepted', 7],
      ['started', 7],
    ]);
    expect(stage('offered').conversion).toBe(1);
    expect(stage('accepted').conversion).toBe(7 / 12);
    expect(stage('offered').fellOut).toContainEqual({ reason: 'declined', proposals: 5 });
    expect(stage('offered').fellOut.filter((r: { proposals: number | null }) => r.proposals !== null)).toEqual([{ reason: 'declined', proposals: 5 }]);
    expect(w.declines.total).toBe(5);
    expect(w.declines.byReason.find((r: { reasonCode: string }) => r.reasonCode === '7')).toMatchObject({ proposals: 5, label: expect.any(String) });
    expect(w.declines.byReason.find((r: { reasonCode: string }) => r.reasonCode === 'P1')).toMatchObject({ proposals: null });
  });

  it('suppresses small cells: one referral, its decision, no shortage signals', async () => {
    const body = await get('/api/dashboard/matching/JZ22', regionOfficer);
    const w = body.windows.last3Months;
    expect(w.expertTables).toEqual({ referrals: null, decided: null, decidedOnTime: null, decidedLate: null, onTimeShare: null, daysToDecision: { medianDays: null, p90Days: null } });
    expect(body.expertTablesNow).toEqual({ openReferrals: null, overdueReferrals: null });
    expect(w.shortages.cells).toEqual([]);
    expect(w.shortages.perCategory.every((c: { signals: number | null }) => c.signals === null)).toBe(true);
    // the referral happened: it is in the database, only not shown
    const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM matching.decision WHERE on_time`);
    expect(n).toBe(1);
  });

  it('national and inspection area: the same placements, every other region suppressed', async () => {
    const national = await get('/api/dashboard/matching', admin);
    expect(national.scope).toMatchObject({ kind: 'national', key: null });
    expect(national.scope.regionCodes).toHaveLength(42);
    const regions = national.windows.last3Months.timeToPlacement.perRegion;
    expect(regions).toHaveLength(42);
    expect(regions.find((r: { regionCode: string }) => r.regionCode === 'JZ22').placements).toBe(7);
    expect(regions.filter((r: { placements: number | null }) => r.placements !== null)).toHaveLength(1);
    const area = await get(`/api/dashboard/matching/${encodeURIComponent('Utrecht & Flevoland')}`, guardian);
    expect(area.scope.kind).toBe('inspection_area');
    expect(area.windows.last3Months.timeToPlacement.placements).toBe(7);
    await request(api.http).get('/api/dashboard/matching/JZ99').set(as(regionOfficer)).expect(404);
  });

  it('refuses providers and expert-table members with 403, audits every read, needs a token', async () => {
    const before = (await api.dataSource.query(`SELECT coalesce(max(seq), 0) AS seq FROM audit.access_log`))[0].seq;
    for (const token of [provider, expert]) {
      for (const path of ['/api/dashboard/matching', '/api/dashboard/matching/JZ22']) {
        const res = await request(api.http).get(path).set(as(token)).expect(403);
        expect(res.body.error.code).toBe('forbidden');
      }
    }
    await get('/api/dashboard/matching/JZ22', regionOfficer);
    await request(api.http).get('/api/dashboard/matching').expect(401);
    const rows = await api.dataSource.query(`SELECT role, subject_type, subject_id, purpose, outcome FROM audit.access_log WHERE seq > $1 ORDER BY seq`, [before]);
    expect(rows).toEqual([
      { role: 'provider_staff', subject_type: 'dashboard', subject_id: 'matching:*', purpose: 'oversight', outcome: 'denied' },
      { role: 'provider_staff', subject_type: 'dashboard', subject_id: 'matching:JZ22', purpose: 'oversight', outcome: 'denied' },
      { role: 'expert_member', subject_type: 'dashboard', subject_id: 'matching:*', purpose: 'oversight', outcome: 'denied' },
      { role: 'expert_member', subject_type: 'dashboard', subject_id: 'matching:JZ22', purpose: 'oversight', outcome: 'denied' },
      { role: 'region_officer', subject_type: 'dashboard', subject_id: 'matching:JZ22', purpose: 'oversight', outcome: 'success' },
    ]);
  });

  it('is described in the API documentation, and never puts an id or personal data in a response', async () => {
    const doc = (await request(api.http).get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/dashboard/matching', '/api/dashboard/matching/{code}']));
    expect(doc.components.schemas.MatchingWindowResponse.properties).toHaveProperty('funnel');
    expect(bodies.length).toBeGreaterThan(5);
    const ids = (await api.dataSource.query(
      `SELECT id::text AS v FROM cases.child UNION ALL SELECT id::text FROM cases.measure UNION ALL SELECT id::text FROM cases.need
       UNION ALL SELECT id::text FROM matching.proposal UNION ALL SELECT id::text FROM matching.referral UNION ALL SELECT id::text FROM matching.decision`,
    )) as { v: string }[];
    const json = JSON.stringify(bodies);
    for (const { v } of ids) expect(json).not.toContain(v);
    expect(json).not.toMatch(/Testkind|pd1\.|childId|measureId|proposalId|bsn/i);
  });
});
