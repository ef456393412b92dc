import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, isValidBsn, todayInAmsterdam } from '@passend/cases';
import { hashPassword } from '@passend/identity';
import { eventually } from '@passend/testing';
import request from 'supertest';
import { startTestApi, type TestApi } from './support/test-api.js';

/**
 * Institutions are walls (DOMAIN.md): a guardian never sees or changes what another institution
 * recorded about a child, and does not learn that the child is known there, even when both hold a
 * measure for the same BSN. Corrections of identity only by the measure's own institution, while
 * the measure is open, audited and on the timeline (field names, never values).
 */
describe('institution walls: one BSN, a record per institution', () => {
  let api: TestApi;
  let guardianA: string;
  let guardianAUserId: string;
  let guardianB: string;
  let guardianBUserId: string;
  let homeJz13: string;
  const today = todayInAmsterdam(new Date());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  let bsnCounter = 20_000_000;
  function nextBsn(): string {
    for (;;) {
      const head = String(bsnCounter++).padStart(8, '0');
      const sum = [...head].reduce((s, d, i) => s + (9 - i) * Number(d), 0);
      const check = sum % 11;
      if (check < 10 && isValidBsn(head + check)) return head + check;
    }
  }

  const auditOf = (caseId: string) =>
    api.dataSource.query(`SELECT seq, user_id, action, outcome, purpose FROM audit.access_log WHERE subject_type = 'case' AND subject_id = $1 ORDER BY seq`, [caseId]) as Promise<
      { seq: string; user_id: string; action: string; outcome: string; purpose: string }[]
    >;
  const childRow = async (childId: string) => (await api.dataSource.query(`SELECT row_to_json(c)::text AS row FROM cases.child c WHERE id = $1`, [childId]))[0].row as string;
  const eventsOf = async (caseId: string) => api.dataSource.query(`SELECT id, kind, summary, refs FROM cases.case_event WHERE measure_id = $1 ORDER BY id`, [caseId]);

  beforeAll(async () => {
    api = await startTestApi();
    guardianA = await api.tokenFor('guardian');
    [{ id: guardianAUserId }] = await api.dataSource.query(`SELECT id FROM identity."user" WHERE email = 'jeugdbeschermer@demo.passend.nl'`);
    const [other] = await api.dataSource.query(
      `INSERT INTO identity.organisation (kind, name, region_code, synthetic) VALUES ('certified_institution', 'Jeugdbescherming Muur (synthetisch)', 'JZ13', true) RETURNING id`,
    );
    const [userB] = await api.dataSource.query(
      `INSERT INTO identity."user" (organisation_id, email, display_name, role, password_hash) VALUES ($1, 'muur@demo.passend.nl', 'Bas Muur', 'guardian', $2) RETURNING id`,
      [other.id, await hashPassword('muur-wachtwoord')],
    );
    guardianBUserId = userB.id;
    guardianB = (await request(api.http).post('/api/auth/login').send({ email: 'muur@demo.passend.nl', password: 'muur-wachtwoord' }).expect(200)).body.accessToken;
    [{ code: homeJz13 }] = await api.dataSource.query(`SELECT code FROM reference.municipality WHERE region_code = 'JZ13' ORDER BY code LIMIT 1`);
  });
  afterAll(() => api.close());

  it("keeps A's record of the child untouched and unrevealed when B opens a case for the same BSN", async () => {
    const bsn = nextBsn();
    const a = await request(api.http)
      .post('/api/cases')
      .set(as(guardianA))
      .send({ child: { givenNames: 'Noa Emma', familyName: 'Zwanenburg', bsn, dateOfBirth: '2014-03-09', homeMunicipalityCode: 'GM0344' }, measure: { kind: 'supervision_order', rulingDate: addDays(today, -10) } })
      .expect(201);
    expect(a.body.child.homeRegionCode).toBe('JZ22');
    const aRowBefore = await childRow(a.body.child.id);
    const aEventsBefore = await eventsOf(a.body.id);
    const aAuditBefore = await auditOf(a.body.id);

    const b = await request(api.http)
      .post('/api/cases')
      .set(as(guardianB))
      .send({ child: { givenNames: 'Sem', familyName: 'Bakker', bsn, dateOfBirth: '2013-01-01', homeMunicipalityCode: homeJz13 }, measure: { kind: 'guardianship', rulingDate: addDays(today, -2) } })
      .expect(201);

    // B sees B's own record, and nothing that tells the child is known elsewhere
    expect(b.body.child).toMatchObject({ givenNames: 'Sem', familyName: 'Bakker', bsn, dateOfBirth: '2013-01-01', homeMunicipalityCode: homeJz13, homeRegionCode: 'JZ13' });
    expect(b.body.child.id).not.toBe(a.body.child.id);
    expect(JSON.stringify(b.body)).not.toMatch(/known|Zwanenburg|Noa/i);
    const bTimeline = await request(api.http).get(`/api/cases/${b.body.id}/timeline`).set(as(guardianB)).expect(200);
    expect(JSON.stringify(bTimeline.body)).not.toMatch(/known/i);
    expect(JSON.stringify(bTimeline.body)).not.toContain(a.body.child.id);

    // A's record, timeline and audit log are as they were
    expect(await childRow(a.body.child.id)).toBe(aRowBefore);
    expect(await eventsOf(a.body.id)).toEqual(aEventsBefore);
    expect(await auditOf(a.body.id)).toEqual(aAuditBefore);
    const aNow = await request(api.http).get(`/api/cases/${a.body.id}`).set(as(guardianA)).expect(200);
    expect(aNow.body.child).toMatchObject({ givenNames: 'Noa Emma', familyName: 'Zwanenburg', dateOfBirth: '2014-03-09', homeMunicipalityCode: 'GM0344', homeRegionCode: 'JZ22' });
    const bNow = await request(api.http).get(`/api/cases/${b.body.id}`).set(as(guardianB)).expect(200);
    expect(bNow.body.child).toMatchObject({ givenNames: 'Sem', familyName: 'Bakker', dateOfBirth: '2013-01-01', homeRegionCode: 'JZ13' });

    // A opening a second measure for the child finds A's own record, and does not rewrite it
    const a2 = await request(api.http)
      .post('/api/cases')
      .set(as(guardianA))
      .send({ child: { givenNames: 'Anders', familyName: 'Genoemd', bsn, dateOfBirth: '2014-03-09', homeMunicipalityCode: 'GM0344' }, measure: { kind: 'juvenile_probation', rulingDate: addDays(today, -1) } })
      .expect(201);
    expect(a2.body.child).toMatchObject({ id: a.body.child.id, givenNames: 'Noa Emma', familyName: 'Zwanenburg' });
    expect(await childRow(a.body.child.id)).toBe(aRowBefore);
  });

  it("refuses B's correction of A's record with 403, logged, and lets A correct it: audited, on the timeline by field name", async () => {
    const bsn = nextBsn();
    const a = await request(api.http)
      .post('/api/cases')
      .set(as(guardianA))
      .send({ child: { givenNames: 'Lotte', familyName: 'Vermeer', bsn, dateOfBirth: '2012-05-01', homeMunicipalityCode: 'GM0344' }, measure: { kind: 'supervision_order', rulingDate: addDays(today, -5) } })
      .expect(201);
    const b = await request(api.http)
      .post('/api/cases')
      .set(as(guardianB))
      .send({ child: { givenNames: 'Lotte', familyName: 'Vermeer', bsn, dateOfBirth: '2012-05-01', homeMunicipalityCode: homeJz13 }, measure: { kind: 'supervision_order', rulingDate: addDays(today, -5) } })
      .expect(201);
    const aRowBefore = await childRow(a.body.child.id);
    const aEventsBefore = await eventsOf(a.body.id);

    const denied = await request(api.http).put(`/api/cases/${a.body.id}/child`).set(as(guardianB)).send({ familyName: 'Overschreven', homeMunicipalityCode: homeJz13 }).expect(403);
    expect(JSON.stringify(denied.body)).not.toMatch(/Vermeer|Lotte/);
    expect(await childRow(a.body.child.id)).toBe(aRowBefore);
    expect(await eventsOf(a.body.id)).toEqual(aEventsBefore);
    await eventually(async () => {
      const rows = (await auditOf(a.body.id)).filter((r) => r.user_id === guardianBUserId);
      expect(rows.map((r) => [r.action, r.outcome, r.purpose])).toEqual([['correct_child', 'denied', 'care']]);
    });

    await request(api.http).put(`/api/cases/${a.body.id}/child`).set(as(guardianA)).send({}).expect(400);
    await request(api.http).put(`/api/cases/${a.body.id}/child`).set(as(guardianA)).send({ dateOfBirth: addDays(today, 1) }).expect(400);

    const corrected = await request(api.http)
      .put(`/api/cases/${a.body.id}/child`)
      .set(as(guardianA))
      .send({ familyName: 'Vermeer-de Wit', dateOfBirth: '2012-05-02', homeMunicipalityCode: homeJz13 })
      .expect(200);
    expect(corrected.body.child).toMatchObject({ givenNames: 'Lotte', familyName: 'Vermeer-de Wit', bsn, dateOfBirth: '2012-05-02', homeMunicipalityCode: homeJz13, homeRegionCode: 'JZ13' });

    const timeline = await request(api.http).get(`/api/cases/${a.body.id}/timeline`).set(as(guardianA)).expect(200);
    const last = timeline.body.events.at(-1);
    expect(last).toMatchObject({ kind: 'child_corrected', actorUserId: guardianAUserId });
    expect(last.summary).toBe('child corrected: familyName, dateOfBirth, homeMunicipalityCode');
    expect(JSON.stringify(timeline.body)).not.toMatch(/Vermeer|Wit|2012-05|Lotte/);
    expect(JSON.stringify(timeline.body)).not.toContain(homeJz13);
    await eventually(async () => {
      const rows = (await auditOf(a.body.id)).filter((r) => r.action === 'correct_child' && r.user_id === guardianAUserId);
      expect(rows.map((r) => [r.outcome, r.purpose])).toContainEqual(['success', 'care']);
      expect(rows.every((r) => r.purpose === 'care')).toBe(true);
    });

    // B's record of the same child is untouched by A's correction
    const bNow = await request(api.http).get(`/api/cases/${b.body.id}`).set(as(guardianB)).expect(200);
    expect(bNow.body.child).toMatchObject({ givenNames: 'Lotte', familyName: 'Vermeer', dateOfBirth: '2012-05-01', homeMunicipalityCode: homeJz13 });
    const bTimeline = await request(api.http).get(`/api/cases/${b.body.id}/timeline`).set(as(guardianB)).expect(200);
    expect(bTimeline.body.events.map((e: { kind: string }) => e.kind)).toEqual(['case_opened']);
  });
});
