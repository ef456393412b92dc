import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, todayInAmsterdam } from '@passend/cases/domain';
import { hashPassword } from '@passend/identity';
import { MatchingNotificationsService, MatchingTriggers } from '@passend/matching';
import { HoldService } from '@passend/social-map';
import { eventually } from '@passend/testing';
import request from 'supertest';
import { syntheticBsns } from './support/synthetic-bsn.js';
import { startTestApi, type TestApi } from './support/test-api.js';

/**
 * The closed loop through the real api and database: a case with a need → a matching run
 * proposes an offering, explained → the guardian offers it (a hold on one free place) → the
 * provider sees a pseudonymised profile and accepts → the child's identity reaches the provider
 * → help starts and the case's fitting-help milestone is met. And the referral path through an
 * expert table, the walls between institutions and providers, and the bad input the issue names.
 */
describe('matching: the closed loop from need to placement', () => {
  let api: TestApi;
  let guardian: string;
  let provider: string;
  let expert: string;
  let admin: string;
  let otherProvider: string;
  let otherGuardian: string;
  let offeringId: string;
  let farOfferingId: string;
  const today = todayInAmsterdam(new Date());
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  const nextBsn = syntheticBsns(20_000_000);

  async function login(email: string, password: string): Promise<string> {
    const res = await request(api.http).post('/api/auth/login').send({ email, password }).expect(200);
    return res.body.accessToken as string;
  }

  async function user(kind: string, name: string, role: string, region = 'JZ22'): Promise<string> {
    const [org] = await api.dataSource.query(`INSERT INTO identity.organisation (kind, name, region_code, synthetic) VALUES ($1, $2, $3, true) RETURNING id`, [kind, name, region]);
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, '-')}@test.passend.nl`;
    await api.dataSource.query(`INSERT INTO identity."user" (organisation_id, email, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5)`, [org.id, email, name, role, await hashPassword('test-wachtwoord-1')]);
    return login(email, 'test-wachtwoord-1');
  }

  /** A case with one need; returns the measure and need ids. */
  async function caseWithNeed(need: Record<string, unknown> = {}, child: Record<string, unknown> = {}, token = guardian): Promise<{ measureId: string; needId: string }> {
    const opened = await request(api.http)
      .post('/api/cases')
      .set(as(token))
      .send({
        child: { givenNames: 'Sem', familyName: 'Testkind', bsn: nextBsn(), dateOfBirth: '2013-04-02', homeMunicipalityCode: 'GM0344', ...child },
        measure: { kind: 'supervision_order', rulingDate: addDays(today, -40) },
      })
      .expect(201);
    const measureId = opened.body.id as string;
    const withNeed = await request(api.http).post(`/api/cases/${measureId}/needs`).set(as(token)).send({ categoryCode: '43', urgency: 'urgent', ...need }).expect(201);
    const needs = withNeed.body.needs as { id: string }[];
    return { measureId, needId: needs[needs.length - 1]!.id };
  }

  async function runRegion(code = 'JZ22') {
    return (await request(api.http).post('/api/matching/runs').set(as(admin)).send({ scope: 'region', code }).expect(201)).body as {
      proposalsCreated: number;
      optimal: boolean;
      skipped: boolean;
    };
  }

  async function proposalsOf(measureId: string, token = guardian) {
    return (await request(api.http).get(`/api/cases/${measureId}/matching`).set(as(token)).expect(200)).body as {
      proposals: { proposalId: string; state: string; offeringId: string; explanation: { factors: { factor: string }[] }; alternatives: unknown[]; holdExpiresAt: string | null }[];
      waitingNeeds: { needId: string; best: { offeringId: string } | null }[];
    };
  }

  async function offering(token: string, body: Record<string, unknown>): Promise<string> {
    const location = await request(api.http)
      .post('/api/locations')
      .set(as(token))
      .send({ name: `Locatie ${Math.random().toString(36).slice(2, 7)}`, city: 'Utrecht', municipalityCode: 'GM0344', latitude: 52.0889, longitude: 5.1342, ...(body.location as object) })
      .expect(201);
    const { location: _l, ...rest } = body;
    const created = await request(api.http)
      .post('/api/offerings')
      .set(as(token))
      .send({ locationId: location.body.id, name: 'Behandelgroep', categoryCode: '43', setting: 'residential', specialismCodes: ['trauma_treatment'], minAge: 4, maxAge: 17, contractedRegionCodes: ['JZ22'], totalPlaces: 4, freePlaces: 1, ...rest });
    expect(created.body).toMatchObject({ id: expect.any(String) });
    return created.body.id as string;
  }

  beforeAll(async () => {
    api = await startTestApi();
    [guardian, provider, expert, admin] = await Promise.all([api.tokenFor('guardian'), api.tokenFor('provider_staff'), api.tokenFor('expert_member'), api.tokenFor('admin')]);
    await request(api.http).put('/api/providers/me').set(as(provider)).send({ name: 'Zorgaanbieder De Linde' }).expect(200);
    offeringId = await offering(provider, { freePlaces: 1 });
    farOfferingId = await offering(provider, { name: 'Behandelgroep Amersfoort', freePlaces: 2, location: { city: 'Amersfoort', municipalityCode: 'GM0307', latitude: 52.1561, longitude: 5.3878 } });
    otherProvider = await user('provider', 'Zorgaanbieder Elders', 'provider_staff');
    await request(api.http).put('/api/providers/me').set(as(otherProvider)).send({ name: 'Zorgaanbieder Elders' }).expect(200);
    otherGuardian = await user('certified_institution', 'Jeugdbescherming Elders', 'guardian', 'JZ01');
  });
  afterAll(() => api?.close());

  it('runs the loop: proposal → offer with a hold → provider accepts → identity released → help started', async () => {
    const { measureId, needId } = await caseWithNeed();
    const run = await runRegion();
    expect(run.proposalsCreated).toBeGreaterThanOrEqual(1);
    expect(run.optimal).toBe(true);

    const view = await proposalsOf(measureId);
    const proposal = view.proposals.find((p) => p.state === 'proposed')!;
    expect(proposal.offeringId).toBe(offeringId); // nearer than Amersfoort
    expect(proposal.explanation.factors.map((f) => f.factor)).toEqual(['distance', 'availability', 'specialism_focus', 'contract', 'continuity', 'acceptance', 'freshness']);
    expect(proposal.alternatives.length).toBeGreaterThanOrEqual(1);
    expect(view.waitingNeeds.map((n) => n.needId)).toEqual([needId]);

    // another institution learns nothing about this case
    await request(api.http).get(`/api/cases/${measureId}/matching`).set(as(otherGuardian)).expect(403);

    // the guardians hear about the new proposal (the case has none assigned: the institution's guardians)
    const told = async (token: string, kind: string, id = proposal.proposalId) =>
      ((await request(api.http).get('/api/matching/notifications').set(as(token)).expect(200)).body as { kind: string; proposalId: string | null; id: string }[]).filter(
        (n) => n.kind === kind && n.proposalId === id,
      );
    expect(await told(guardian, 'proposal_new')).toHaveLength(1);

    const offered = await request(api.http).post(`/api/proposals/${proposal.proposalId}/offer`).set(as(guardian)).send({}).expect(200);
    expect(await told(provider, 'proposal_offered')).toHaveLength(1);
    expect(await told(otherProvider, 'proposal_offered')).toHaveLength(0);
    // a warning a day before the hold ends, once however often the job runs
    await api.dataSource.query(`UPDATE matching.proposal SET hold_expires_at = now() + interval '3 hours' WHERE id = $1`, [proposal.proposalId]);
    const warnings = api.app.get(MatchingNotificationsService);
    await warnings.warnExpiringHolds();
    await warnings.warnExpiringHolds();
    expect(await told(provider, 'hold_expiring')).toHaveLength(1);
    expect(await told(guardian, 'hold_expiring')).toHaveLength(1);
    await api.dataSource.query(`UPDATE matching.proposal SET hold_expires_at = now() + interval '72 hours' WHERE id = $1`, [proposal.proposalId]);
    // nobody marks another's notification read
    const [note] = await told(provider, 'proposal_offered');
    await request(api.http).post(`/api/matching/notifications/${note!.id}/read`).set(as(otherProvider)).expect(404);
    expect((await request(api.http).post(`/api/matching/notifications/${note!.id}/read`).set(as(provider)).expect(200)).body.readAt).not.toBeNull();
    expect(offered.body.state).toBe('offered');
    const hours = (Date.parse(offered.body.holdExpiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(71);
    expect(hours).toBeLessThanOrEqual(72);
    const [{ free }] = await api.dataSource.query(`SELECT free_places AS free FROM social_map.offering WHERE id = $1`, [offeringId]);
    expect(free).toBe(0);

    // the provider sees a pseudonymised profile, nothing that names the child
    const inbox = await request(api.http).get('/api/provider/proposals').set(as(provider)).expect(200);
    const mine = inbox.body.find((p: { proposalId: string }) => p.proposalId === proposal.proposalId);
    expect(mine.profile).toMatchObject({ ageBand: '12-15', categoryCode: '43', regionCode: 'JZ22', urgency: 'urgent' });
    expect(JSON.stringify(inbox.body)).not.toMatch(/Testkind|Sem|2013-04-02|GM0344/);
    expect(JSON.stringify(inbox.body)).not.toContain(measureId);
    // before acceptance, no identity
    await request(api.http).get(`/api/proposals/${proposal.proposalId}/child`).set(as(provider)).expect(403);
    // another provider can neither see nor answer it (and the attempt is audited)
    const otherInbox = await request(api.http).get('/api/provider/proposals').set(as(otherProvider)).expect(200);
    expect(otherInbox.body).toEqual([]);
    await request(api.http).post(`/api/proposals/${proposal.proposalId}/accept`).set(as(otherProvider)).send({ plannedStart: today }).expect(403);
    // a denial inside a transaction is logged once that transaction has ended
    await eventually(async () => {
      const [denied] = await api.dataSource.query(`SELECT count(*)::int AS n FROM audit.access_log WHERE subject_id = $1 AND outcome = 'denied' AND action = 'answer'`, [proposal.proposalId]);
      expect(denied.n).toBe(1);
    });

    const accepted = await request(api.http).post(`/api/proposals/${proposal.proposalId}/accept`).set(as(provider)).send({ plannedStart: addDays(today, 3) }).expect(200);
    expect(accepted.body).toMatchObject({ state: 'accepted', plannedStart: addDays(today, 3) });
    expect(await told(guardian, 'proposal_accepted')).toHaveLength(1);
    const identity = await request(api.http).get(`/api/proposals/${proposal.proposalId}/child`).set(as(provider)).expect(200);
    expect(identity.body).toEqual({ proposalId: proposal.proposalId, givenNames: 'Sem', familyName: 'Testkind', dateOfBirth: '2013-04-02' });
    const [released] = await api.dataSource.query(`SELECT count(*)::int AS n FROM audit.access_log WHERE subject_id = $1 AND action = 'read_identity' AND outcome = 'success'`, [proposal.proposalId]);
    expect(released.n).toBe(1);

    const started = await request(api.http).post(`/api/proposals/${proposal.proposalId}/start`).set(as(guardian)).send({ startedOn: today }).expect(200);
    expect(started.body).toMatchObject({ state: 'started', startedOn: today });
    const theCase = await request(api.http).get(`/api/cases/${measureId}`).set(as(guardian)).expect(200);
    const help = theCase.body.clocks.find((c: { milestone: string }) => c.milestone === 'fitting_help');
    expect(help).toMatchObject({ state: 'met_on_time', metOn: today });
    const [hold] = await api.dataSource.query(`SELECT h.state FROM social_map.hold h JOIN matching.proposal p ON p.hold_id = h.id WHERE p.id = $1`, [proposal.proposalId]);
    expect(hold.state).toBe('confirmed');
    // the funnel records every step
    const steps = await api.dataSource.query(`SELECT to_state FROM matching.proposal_event WHERE proposal_id = $1 ORDER BY id`, [proposal.proposalId]);
    expect(steps.map((s: { to_state: string }) => s.to_state)).toEqual(['proposed', 'offered', 'accepted', 'started']);
  });

  it('a run repeated on the same input creates nothing new', async () => {
    await caseWithNeed();
    await runRegion();
    const before = await api.dataSource.query(`SELECT count(*)::int AS n FROM matching.proposal`);
    const again = await request(api.http).post('/api/matching/runs').set(as(admin)).send({ scope: 'region', code: 'JZ22' }).expect(201);
    expect(again.body.proposalsCreated).toBe(0);
    const after = await api.dataSource.query(`SELECT count(*)::int AS n FROM matching.proposal`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('a decline needs a WJ759 reason, gives the place back and the child returns to matching', async () => {
    const { measureId } = await caseWithNeed({}, { dateOfBirth: '2012-01-05' });
    await runRegion();
    const proposal = (await proposalsOf(measureId)).proposals.find((p) => p.state === 'proposed')!;
    await request(api.http).post(`/api/proposals/${proposal.proposalId}/offer`).set(as(guardian)).send({ ttlHours: 24 }).expect(200);
    const bad = await request(api.http).post(`/api/proposals/${proposal.proposalId}/decline`).set(as(provider)).send({ reasonCode: '99' }).expect(400);
    expect(bad.body.error.details.fields[0]).toMatchObject({ field: 'reasonCode' });
    expect(bad.body.error.details.fields[0].message).toMatch(/1, 2, .*P1/);
    const declined = await request(api.http).post(`/api/proposals/${proposal.proposalId}/decline`).set(as(provider)).send({ reasonCode: '7', note: 'Past niet bij de groep op dit moment.' }).expect(200);
    expect(declined.body).toMatchObject({ state: 'declined', declineReasonCode: '7' });
    const notes = (await request(api.http).get('/api/matching/notifications?unread=true').set(as(guardian)).expect(200)).body as { kind: string; proposalId: string }[];
    expect(notes.filter((n) => n.kind === 'proposal_declined' && n.proposalId === proposal.proposalId)).toHaveLength(1);
    const [hold] = await api.dataSource.query(`SELECT h.state FROM social_map.hold h JOIN matching.proposal p ON p.hold_id = h.id WHERE p.id = $1`, [proposal.proposalId]);
    expect(hold.state).toBe('released');
    const [job] = await api.dataSource.query(`SELECT payload FROM platform.outbox WHERE job_name = 'matching.rematch-region' ORDER BY seq DESC LIMIT 1`);
    expect(job.payload).toMatchObject({ regionCode: 'JZ22', trigger: 'decline' });
    expect(JSON.stringify(job.payload)).not.toContain(measureId);
  });

  it('accepting on an expired hold is 409', async () => {
    const { measureId, needId } = await caseWithNeed({}, { dateOfBirth: '2011-09-09' });
    const own = await offering(provider, { name: 'Eigen plek', freePlaces: 1 });
    const chosen = await request(api.http).post(`/api/cases/${measureId}/proposals`).set(as(guardian)).send({ needId, offeringId: own, passedOverReason: 'other', offerNow: true }).expect(201);
    expect(chosen.body.state).toBe('offered');
    await api.dataSource.query(`UPDATE social_map.hold SET expires_at = now() - interval '1 minute' WHERE id = (SELECT hold_id FROM matching.proposal WHERE id = $1)`, [chosen.body.proposalId]);
    await api.dataSource.query(`UPDATE matching.proposal SET hold_expires_at = now() - interval '1 minute' WHERE id = $1`, [chosen.body.proposalId]);
    const res = await request(api.http).post(`/api/proposals/${chosen.body.proposalId}/accept`).set(as(provider)).send({ plannedStart: today }).expect(409);
    expect(res.body.error.message).toMatch(/expired/);
  });

  it('an ineligible offering by hand needs a reason; a worse-ranked one says why the better were not used', async () => {
    const { measureId, needId } = await caseWithNeed({ maxDistanceKm: 5 }, { dateOfBirth: '2010-02-02' });
    const tooFar = await request(api.http).post(`/api/cases/${measureId}/proposals`).set(as(guardian)).send({ needId, offeringId: farOfferingId }).expect(400);
    expect(tooFar.body.error.details.fields.map((f: { field: string }) => f.field)).toContain('overruleReason');
    const overruled = await request(api.http)
      .post(`/api/cases/${measureId}/proposals`)
      .set(as(guardian))
      .send({ needId, offeringId: farOfferingId, overruleReason: 'family_preference', passedOverReason: 'family_preference', note: 'De oma woont in Amersfoort.' })
      .expect(201);
    expect(overruled.body).toMatchObject({ source: 'guardian', state: 'proposed', ineligibleReasons: ['too_far'], overruleReason: 'family_preference' });
    const [row] = await api.dataSource.query(`SELECT note_enc FROM matching.proposal WHERE id = $1`, [overruled.body.proposalId]);
    expect(row.note_enc).toMatch(/^pd1\./);
  });

  it('two guardians offering the last free place at once: exactly one wins, the other gets 409', async () => {
    const lastPlace = await offering(provider, { name: 'Laatste plek', freePlaces: 1 });
    const a = await caseWithNeed({}, { dateOfBirth: '2012-03-03' });
    const b = await caseWithNeed({}, { dateOfBirth: '2012-04-04' });
    const choose = (c: { measureId: string; needId: string }) =>
      request(api.http).post(`/api/cases/${c.measureId}/proposals`).set(as(guardian)).send({ needId: c.needId, offeringId: lastPlace, passedOverReason: 'other', offerNow: true });
    const results = await Promise.all([choose(a), choose(b)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const [{ free }] = await api.dataSource.query(`SELECT free_places AS free FROM social_map.offering WHERE id = $1`, [lastPlace]);
    expect(free).toBe(0);
  });

  it('holds name a proposal or an own open case; admins cannot hold; the cap holds', async () => {
    const c = await caseWithNeed({}, { dateOfBirth: '2012-05-05' });
    const neither = await request(api.http).post(`/api/offerings/${farOfferingId}/holds`).set(as(guardian)).send({}).expect(400);
    expect(neither.body.error.details.fields[0].field).toBe('proposalId');
    await request(api.http).post(`/api/offerings/${farOfferingId}/holds`).set(as(admin)).send({ measureId: c.measureId }).expect(403);
    await request(api.http).post(`/api/offerings/${farOfferingId}/holds`).set(as(otherGuardian)).send({ measureId: c.measureId }).expect(403);
    const placedLog = async () =>
      (await api.dataSource.query(`SELECT count(*)::int AS n FROM audit.access_log WHERE subject_id = $1 AND action = 'place' AND outcome = 'success'`, [farOfferingId]))[0].n as number;
    const placedBefore = await placedLog();
    const held = await request(api.http).post(`/api/offerings/${farOfferingId}/holds`).set(as(guardian)).send({ measureId: c.measureId, ttlHours: 2 }).expect(201);
    expect(held.body.holdFor).toEqual({ proposalId: null, measureId: c.measureId });
    const [audited] = await api.dataSource.query(`SELECT count(*)::int AS n FROM audit.access_log WHERE subject_id = $1 AND action = 'propose' AND outcome = 'success'`, [c.measureId]);
    expect(audited.n).toBeGreaterThanOrEqual(1);
    expect(await placedLog()).toBe(placedBefore + 1);
    // the refusals were logged too
    await eventually(async () => {
      const [denied] = await api.dataSource.query(`SELECT count(*)::int AS n FROM audit.access_log WHERE subject_id = $1 AND outcome = 'denied'`, [c.measureId]);
      expect(denied.n).toBeGreaterThanOrEqual(1);
    });
    await request(api.http).post(`/api/offerings/${farOfferingId}/holds`).set(as(guardian)).send({ measureId: c.measureId, ttlHours: 200 }).expect(400);

    // the per-person cap, also when requests race: a replica api with HOLDS_PER_USER=2
    const capped = await startTestApi({ holds: { defaultHours: 72, maxHours: 168, perUser: 2, perOrganisation: 500 } }, api);
    try {
      const roomy = await offering(provider, { name: 'Ruime groep', totalPlaces: 10, freePlaces: 10 });
      await api.dataSource.query(`UPDATE social_map.hold SET state = 'released', resolved_at = now() WHERE state = 'held' AND created_by = (SELECT id FROM identity."user" WHERE email = 'jeugdbeschermer@demo.passend.nl')`);
      const cases = await Promise.all(Array.from({ length: 5 }, (_, i) => caseWithNeed({}, { dateOfBirth: `2012-01-1${i}` })));
      const attempts = await Promise.all(cases.map((k) => request(capped.http).post(`/api/offerings/${roomy}/holds`).set(as(guardian)).send({ measureId: k.measureId, ttlHours: 1 })));
      expect(attempts.map((a) => a.status).sort()).toEqual([201, 201, 409, 409, 409]);
      expect(attempts.find((a) => a.status === 409)!.body.error.details).toMatchObject({ reason: 'hold_cap_user', limit: 2 });
    } finally {
      await capped.close();
    }
  });

  it('the referral path: a guardian asks, the expert table sees it in its queue, views it without BSN and approves', async () => {
    const table = await request(api.http).post('/api/expert-tables').set(as(admin)).send({ name: 'Experttafel Utrecht (test)', regionCode: 'JZ22' }).expect(201);
    const [expertUser] = await api.dataSource.query(`SELECT id FROM identity."user" WHERE email = 'experttafel@demo.passend.nl'`);
    await request(api.http).post(`/api/expert-tables/${table.body.id}/members`).set(as(admin)).send({ userId: expertUser.id }).expect(201);
    await request(api.http).get(`/api/expert-tables/${table.body.id}/queue`).set(as(admin)).expect(403);

    const { measureId, needId } = await caseWithNeed({ urgency: 'acute' }, { dateOfBirth: '2013-08-08' });
    const theCase = await request(api.http).get(`/api/cases/${measureId}`).set(as(guardian)).expect(200);
    await request(api.http).post(`/api/cases/${measureId}/client-voice`).set(as(guardian)).send({ speaker: 'child', statement: 'Sem wil dicht bij zijn school in Utrecht blijven.' }).expect(201);
    await runRegion();
    const referred = await request(api.http).post(`/api/cases/${measureId}/referrals`).set(as(guardian)).send({ needId }).expect(201);
    await request(api.http).post(`/api/cases/${measureId}/referrals`).set(as(guardian)).send({ needId }).expect(409);

    const queue = await request(api.http).get(`/api/expert-tables/${table.body.id}/queue`).set(as(expert)).expect(200);
    const expertNotes = (await request(api.http).get('/api/matching/notifications').set(as(expert)).expect(200)).body as { kind: string; referralId: string }[];
    expect(expertNotes.filter((n) => n.kind === 'referral_new' && n.referralId === referred.body.referralId)).toHaveLength(1);
    expect(queue.body[0]).toMatchObject({ referralId: referred.body.referralId, urgency: 'acute', reasons: ['guardian_asks'] });
    const view = await request(api.http).get(`/api/expert-tables/${table.body.id}/referrals/${referred.body.referralId}`).set(as(expert)).expect(200);
    expect(JSON.stringify(view.body)).not.toContain(theCase.body.child.bsn);
    expect(JSON.stringify(view.body)).not.toMatch(/Testkind|Sem\b|2013-08-08/);
    expect(view.body.case.clientVoice[0].statement).toBe('[naam] wil dicht bij zijn school in Utrecht blijven.');
    const inReview = view.body.proposals.find((p: { state: string }) => p.state === 'in_review');
    expect(inReview).toBeDefined();
    // the guardian cannot offer what the table reviews
    await request(api.http).post(`/api/proposals/${inReview.proposalId}/offer`).set(as(guardian)).send({}).expect(409);

    const noReason = await request(api.http)
      .post(`/api/expert-tables/${table.body.id}/referrals/${referred.body.referralId}/decisions`)
      .set(as(expert))
      .send({ kind: 'approve', proposalId: inReview.proposalId })
      .expect(400);
    expect(noReason.body.error.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['familyView', 'rationale']);
    const decided = await request(api.http)
      .post(`/api/expert-tables/${table.body.id}/referrals/${referred.body.referralId}/decisions`)
      .set(as(expert))
      .send({ kind: 'approve', proposalId: inReview.proposalId, rationale: 'Past bij de traumabehandeling die nodig is.', familyView: 'Moeder stemt in, Sem wil dicht bij school blijven.' })
      .expect(201);
    expect(decided.body).toMatchObject({ kind: 'approve', referralState: 'decided', proposalId: inReview.proposalId, onTime: true });
    const guardianNotes = (await request(api.http).get('/api/matching/notifications').set(as(guardian)).expect(200)).body as { kind: string; referralId: string }[];
    expect(guardianNotes.filter((n) => n.kind === 'referral_decided' && n.referralId === referred.body.referralId)).toHaveLength(1);
    const after = await proposalsOf(measureId);
    expect(after.proposals.find((p) => p.proposalId === inReview.proposalId)!.state).toBe('offered');
    // decided: no longer the table's business
    await request(api.http).get(`/api/expert-tables/${table.body.id}/referrals/${referred.body.referralId}`).set(as(expert)).expect(403);
    const [stored] = await api.dataSource.query(`SELECT rationale_enc, family_view_enc FROM matching.decision WHERE id = $1`, [decided.body.decisionId]);
    expect(stored.rationale_enc).toMatch(/^pd1\./);
    expect(stored.family_view_enc).toMatch(/^pd1\./);

    // a member of another table may not look at it (audited)
    const other = await request(api.http).post('/api/expert-tables').set(as(admin)).send({ name: 'Bovenregionale tafel (test)' }).expect(201);
    await request(api.http).get(`/api/expert-tables/${other.body.id}/referrals/${referred.body.referralId}`).set(as(expert)).expect(403);
  });

  it('capacity as a status: a closed offering is never proposed, a waiting list only as an alternative, intake first is flagged', async () => {
    const { measureId, needId } = await caseWithNeed({ specialismCodes: ['eating_disorders'] }, { dateOfBirth: '2012-02-14' });
    const make = (name: string) => offering(provider, { name, freePlaces: 2, specialismCodes: ['eating_disorders'] });
    const [closed, waiting, intake] = [await make('Gesloten groep'), await make('Wachtlijstgroep'), await make('Intakegroep')];
    const setStatus = async (id: string, body: Record<string, unknown>) => {
      const current = await request(api.http).get(`/api/offerings/${id}/capacity`).set(as(provider)).expect(200);
      const res = await request(api.http).put(`/api/offerings/${id}/capacity`).set(as(provider)).send({ totalPlaces: 4, version: current.body.version, ...body }).expect(200);
      return res.body;
    };
    expect(await setStatus(closed, { freePlaces: 2, waitWeeks: 0, status: 'closed' })).toMatchObject({ status: 'closed', freePlaces: 2 });
    await setStatus(waiting, { freePlaces: 0, waitWeeks: 5, status: 'waiting_list' });
    await setStatus(intake, { freePlaces: 2, waitWeeks: 0, status: 'intake_first' });
    const bad = await request(api.http).put(`/api/offerings/${intake}/capacity`).set(as(provider)).send({ totalPlaces: 4, freePlaces: 2, waitWeeks: 0, status: 'maybe', version: 1 }).expect(400);
    expect(bad.body.error.details.fields[0].field).toBe('status');

    const live = (await proposalsOf(measureId)).waitingNeeds.find((n) => n.needId === needId)! as unknown as {
      best: { offeringId: string; flags: string[] } | null;
      alternatives: { offeringId: string; flags: string[] }[];
      rejected: Record<string, number>;
    };
    expect(live.best).toMatchObject({ offeringId: intake, flags: ['intake_first'] });
    expect(live.alternatives.find((a) => a.offeringId === waiting)!.flags).toEqual(['waiting_list']);
    expect([live.best!.offeringId, ...live.alternatives.map((a) => a.offeringId)]).not.toContain(closed);
    expect(live.rejected.offering_closed).toBeGreaterThanOrEqual(1);
  });

  it('does declared capacity hold? two "no place after all" declines flag the provider, per region, and lower its fit', async () => {
    const spot = await offering(provider, { name: 'Vol maar open', freePlaces: 3 });
    for (const dob of ['2012-04-21', '2012-04-22']) {
      const c = await caseWithNeed({}, { dateOfBirth: dob });
      const chosen = await request(api.http).post(`/api/cases/${c.measureId}/proposals`).set(as(guardian)).send({ needId: c.needId, offeringId: spot, passedOverReason: 'other', offerNow: true }).expect(201);
      await request(api.http).post(`/api/proposals/${chosen.body.proposalId}/decline`).set(as(provider)).send({ reasonCode: 'P1' }).expect(200);
    }
    const officer = await api.tokenFor('region_officer');
    const report = await request(api.http).get('/api/matching/capacity-honesty?region=JZ22').set(as(officer)).expect(200);
    const [me] = await api.dataSource.query(`SELECT organisation_id FROM identity."user" WHERE email = 'aanbieder@demo.passend.nl'`);
    const row = report.body.find((r: { providerId: string }) => r.providerId === me.organisation_id);
    expect(row).toMatchObject({ regionCode: 'JZ22', declinedForCapacity: 2, capacityDoubtful: true });
    const own = await request(api.http).get('/api/matching/capacity-honesty').set(as(provider)).expect(200);
    expect(own.body.every((r: { providerId: string }) => r.providerId === me.organisation_id)).toBe(true);
    expect((await request(api.http).get('/api/matching/capacity-honesty').set(as(otherProvider)).expect(200)).body).toEqual([]);
    await request(api.http).get('/api/matching/capacity-honesty').set(as(guardian)).expect(403);
    const bad = await request(api.http).get('/api/matching/capacity-honesty?region=XX').set(as(officer)).expect(400);
    expect(bad.body.error.details.fields[0].field).toBe('region');
    // the flag reaches the fit: the acceptance factor of this provider's offerings says so
    const c = await caseWithNeed({}, { dateOfBirth: '2012-04-23' });
    const live = (await proposalsOf(c.measureId)).waitingNeeds[0]! as unknown as { best: { providerId: string; factors: { factor: string; detail: Record<string, unknown> }[] } | null; alternatives: { providerId: string; factors: { factor: string; detail: Record<string, unknown> }[] }[] };
    const theirs = [live.best, ...live.alternatives].find((o) => o && o.providerId === me.organisation_id)!;
    expect(theirs.factors.find((f) => f.factor === 'acceptance')!.detail.capacityDoubtful).toBe(true);
  });

  describe('the walls hold (found in review)', () => {
    it('an accepted place is held until the planned start; if it is lost after all, the placement is withdrawn and identity access ends', async () => {
      const { measureId, needId } = await caseWithNeed({}, { dateOfBirth: '2012-07-07' });
      const own = await offering(provider, { name: 'Geaccepteerde plek', freePlaces: 1 });
      const chosen = await request(api.http).post(`/api/cases/${measureId}/proposals`).set(as(guardian)).send({ needId, offeringId: own, passedOverReason: 'other', offerNow: true }).expect(201);
      const accepted = await request(api.http).post(`/api/proposals/${chosen.body.proposalId}/accept`).set(as(provider)).send({ plannedStart: addDays(today, 20) }).expect(200);
      expect(Date.parse(accepted.body.holdExpiresAt)).toBeGreaterThan(Date.parse(`${addDays(today, 30)}T00:00:00Z`));
      await request(api.http).post(`/api/proposals/${chosen.body.proposalId}/accept`).set(as(provider)).send({ plannedStart: addDays(today, 400) }).expect(400);
      await request(api.http).post(`/api/proposals/${chosen.body.proposalId}/accept`).set(as(provider)).send({ plannedStart: addDays(today, 21) }).expect(409);
      // the generic hold routes cannot end a proposal's hold behind its back
      const [{ hold_id: holdId }] = await api.dataSource.query(`SELECT hold_id FROM matching.proposal WHERE id = $1`, [chosen.body.proposalId]);
      await request(api.http).post(`/api/holds/${holdId}/confirm`).set(as(guardian)).expect(409);
      await request(api.http).post(`/api/holds/${holdId}/release`).set(as(provider)).expect(409);
      // the hold expires anyway: the placement is withdrawn, the provider no longer gets the identity
      await api.dataSource.query(`UPDATE social_map.hold SET expires_at = now() - interval '1 minute' WHERE id = $1`, [holdId]);
      await api.app.get(HoldService).expireDue();
      await api.app.get(MatchingTriggers).holdResolved({ holdId, offeringId: own, state: 'expired' });
      const [row] = await api.dataSource.query(`SELECT state FROM matching.proposal WHERE id = $1`, [chosen.body.proposalId]);
      expect(row.state).toBe('withdrawn');
      await request(api.http).get(`/api/proposals/${chosen.body.proposalId}/child`).set(as(provider)).expect(403);
      // and the guardian is free to choose again
      await request(api.http).post(`/api/cases/${measureId}/proposals`).set(as(guardian)).send({ needId, offeringId: own, passedOverReason: 'other' }).expect(201);
    });

    it('help cannot be dated before the offer', async () => {
      const { measureId, needId } = await caseWithNeed({}, { dateOfBirth: '2012-08-08' });
      const own = await offering(provider, { name: 'Startplek', freePlaces: 1 });
      const chosen = await request(api.http).post(`/api/cases/${measureId}/proposals`).set(as(guardian)).send({ needId, offeringId: own, passedOverReason: 'other', offerNow: true }).expect(201);
      await request(api.http).post(`/api/proposals/${chosen.body.proposalId}/accept`).set(as(provider)).send({ plannedStart: today }).expect(200);
      const early = await request(api.http).post(`/api/proposals/${chosen.body.proposalId}/start`).set(as(guardian)).send({ startedOn: addDays(today, -10) }).expect(400);
      expect(early.body.error.details.fields[0].field).toBe('startedOn');
    });

    it('a family home is measured from its municipality, never from the house', async () => {
      const { measureId, needId } = await caseWithNeed({ settingConstraints: ['family_home', 'residential'] }, { dateOfBirth: '2012-09-09' });
      // both in Utrecht (GM0344), 3 km from the municipality's centre
      const spot = { city: 'Utrecht', municipalityCode: 'GM0344', latitude: 52.115, longitude: 5.06 };
      const home = await offering(provider, { name: 'Gezinshuis Noord', setting: 'family_home', freePlaces: 1, location: spot });
      const group = await offering(provider, { name: 'Leefgroep Noord', setting: 'residential', freePlaces: 1, location: spot });
      const viaHome = await request(api.http).post(`/api/cases/${measureId}/proposals`).set(as(guardian)).send({ needId, offeringId: home, passedOverReason: 'other' }).expect(201);
      expect(viaHome.body.explanation.distanceKm).toBe(0);
      const viaGroup = await request(api.http).post(`/api/cases/${measureId}/proposals`).set(as(guardian)).send({ needId, offeringId: group, passedOverReason: 'other' }).expect(201);
      expect(viaGroup.body.explanation.distanceKm).toBeGreaterThan(2);
      const body = JSON.stringify((await proposalsOf(measureId)).proposals);
      expect(body).not.toContain('52.115');
    });

    it('a proposal overtaken by help elsewhere cannot be offered; the provider inbox shows only what was offered to it', async () => {
      const { measureId, needId } = await caseWithNeed({}, { dateOfBirth: '2012-10-10' });
      const own = await offering(provider, { name: 'Later plek', freePlaces: 1 });
      const chosen = await request(api.http).post(`/api/cases/${measureId}/proposals`).set(as(guardian)).send({ needId, offeringId: own, passedOverReason: 'other' }).expect(201);
      await request(api.http).post(`/api/cases/${measureId}/milestones`).set(as(guardian)).send({ kind: 'fitting_help', metOn: today, offeringId: farOfferingId }).expect(201);
      const late = await request(api.http).post(`/api/proposals/${chosen.body.proposalId}/offer`).set(as(guardian)).send({}).expect(409);
      expect(late.body.error.details.reason).toBe('need_not_waiting');
      await api.app.get(MatchingTriggers).measureChanged({ measureId });
      const [row] = await api.dataSource.query(`SELECT state FROM matching.proposal WHERE id = $1`, [chosen.body.proposalId]);
      expect(row.state).toBe('withdrawn');
      const inbox = await request(api.http).get('/api/provider/proposals?state=withdrawn').set(as(provider)).expect(200);
      expect(inbox.body.map((p: { proposalId: string }) => p.proposalId)).not.toContain(chosen.body.proposalId);
    });

    it('one place per case hold; the unit queue shows providers a coarse profile and expert members only their referrals', async () => {
      const c = await caseWithNeed({}, { dateOfBirth: '2012-11-11' });
      const roomy = await offering(provider, { name: 'Wachtrij', freePlaces: 3 });
      await request(api.http).post(`/api/offerings/${roomy}/holds`).set(as(guardian)).send({ measureId: c.measureId, ttlHours: 1 }).expect(201);
      const twice = await request(api.http).post(`/api/offerings/${roomy}/holds`).set(as(guardian)).send({ measureId: c.measureId, ttlHours: 1 }).expect(409);
      expect(twice.body.error.details.reason).toBe('already_held');

      const queue = await request(api.http).get(`/api/offerings/${roomy}/waiting-children`).set(as(provider)).expect(200);
      expect(queue.body.length).toBeGreaterThan(0);
      expect(Object.keys(queue.body[0]).sort()).toEqual(['fitScore', 'fittingHelpClock', 'profile', 'rank', 'referralId']);
      expect(Object.keys(queue.body[0].profile).sort()).toEqual(['ageBand', 'categoryCode', 'regionCode', 'settingConstraints', 'siblingsTogether', 'specialismCodes', 'urgency']);
      await request(api.http).get(`/api/offerings/${roomy}/waiting-children`).set(as(otherProvider)).expect(403);
      const lonelyExpert = await user('expert_table', 'Experttafel Nergens', 'expert_member');
      const none = await request(api.http).get(`/api/offerings/${roomy}/waiting-children`).set(as(lonelyExpert)).expect(200);
      expect(none.body).toEqual([]);
    });

    it('escalates up, never sideways', async () => {
      const [tables] = [await request(api.http).get('/api/expert-tables').set(as(admin)).expect(200)];
      const regional = tables.body.find((t: { regionCode: string | null }) => t.regionCode === 'JZ22');
      const sideways = await request(api.http).post('/api/expert-tables').set(as(admin)).send({ name: 'Experttafel Elders (test)', regionCode: 'JZ01' }).expect(201);
      const { measureId, needId } = await caseWithNeed({}, { dateOfBirth: '2012-12-12' });
      const referred = await request(api.http).post(`/api/cases/${measureId}/referrals`).set(as(guardian)).send({ needId }).expect(201);
      const res = await request(api.http)
        .post(`/api/expert-tables/${regional.id}/referrals/${referred.body.referralId}/decisions`)
        .set(as(expert))
        .send({ kind: 'escalate', escalateTo: sideways.body.id, rationale: 'Een andere regio zou het beter weten.', familyView: 'Niet gevraagd.' })
        .expect(400);
      expect(res.body.error.details.fields[0].field).toBe('escalateTo');
    });
  });

  it('refuses every matching route to the wrong role and to another institution, and changes nothing', async () => {
    const { measureId, needId } = await caseWithNeed();
    await runRegion();
    const proposal = (await proposalsOf(measureId)).proposals.find((p) => p.state === 'proposed')!;
    const table = await request(api.http).post('/api/expert-tables').set(as(admin)).send({ name: 'Bovenregionale tafel muren (test)' }).expect(201);
    const [expertUser] = await api.dataSource.query(`SELECT id FROM identity."user" WHERE email = 'experttafel@demo.passend.nl'`);
    const before = await api.dataSource.query(`SELECT (SELECT count(*)::int FROM matching.proposal) AS proposals, (SELECT count(*)::int FROM matching.expert_table) AS tables, (SELECT count(*)::int FROM matching.expert_table_member) AS members, (SELECT count(*)::int FROM social_map.hold) AS holds`);
    const refusals: [string, string, string, Record<string, unknown>][] = [
      ['guardian of another institution', 'post', `/api/cases/${measureId}/proposals`, { needId, offeringId, passedOverReason: 'other' }],
      ['provider', 'post', `/api/cases/${measureId}/proposals`, { needId, offeringId, passedOverReason: 'other' }],
      ['guardian of another institution', 'post', `/api/proposals/${proposal.proposalId}/offer`, {}],
      ['provider', 'post', `/api/proposals/${proposal.proposalId}/offer`, {}],
      ['guardian of another institution', 'post', `/api/proposals/${proposal.proposalId}/withdraw`, { reason: 'family_declined' }],
      ['guardian of another institution', 'post', `/api/proposals/${proposal.proposalId}/start`, { startedOn: today }],
      ['provider of another offering', 'post', `/api/proposals/${proposal.proposalId}/decline`, { reasonCode: '7' }],
      ['guardian', 'get', '/api/provider/proposals', {}],
      ['guardian', 'post', '/api/matching/runs', { scope: 'region', code: 'JZ22' }],
      ['provider', 'post', '/api/matching/runs', { scope: 'region', code: 'JZ22' }],
      ['guardian', 'get', '/api/expert-tables', {}],
      ['expert', 'post', '/api/expert-tables', { name: 'Eigen tafel' }],
      ['expert', 'post', `/api/expert-tables/${table.body.id}/members`, { userId: expertUser.id }],
      ['guardian', 'delete', `/api/expert-tables/${table.body.id}/members/${expertUser.id}`, {}],
      ['guardian of another institution', 'post', `/api/cases/${measureId}/referrals`, { needId }],
      ['provider', 'post', `/api/cases/${measureId}/referrals`, { needId }],
    ];
    const tokens: Record<string, string> = { 'guardian of another institution': otherGuardian, provider, 'provider of another offering': otherProvider, guardian, expert };
    const got: string[] = [];
    for (const [who, method, path, body] of refusals) {
      const res = await (request(api.http) as unknown as Record<string, (p: string) => request.Test>)[method]!(path).set(as(tokens[who]!)).send(body);
      got.push(`${who} ${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')} ${res.status}`);
    }
    expect(got).toEqual(refusals.map(([who, method, path]) => `${who} ${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')} 403`));
    const after = await api.dataSource.query(`SELECT (SELECT count(*)::int FROM matching.proposal) AS proposals, (SELECT count(*)::int FROM matching.expert_table) AS tables, (SELECT count(*)::int FROM matching.expert_table_member) AS members, (SELECT count(*)::int FROM social_map.hold) AS holds`);
    expect(after).toEqual(before);
  });
});
