import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addCalendarMonths, addDays, daysBetween, isValidBsn, MeasureChangedJob, todayInAmsterdam } from '@passend/cases';
import { DEMO_PASSWORD, hashPassword } from '@passend/identity';
import { eventually } from '@passend/testing';
import { FixedClock } from '@passend/platform';
import { startTestApi, type TestApi } from './support/test-api.js';
import request from 'supertest';

/**
 * Cases: a child's measure, guardians, needs and the three norm milestones (comply or explain),
 * with the child's identity encrypted at rest, every access logged, and only the guardians of the
 * measure's own certified institution let in.
 */
describe('cases: the child protection measure and its norm clocks', () => {
  let api: TestApi;
  let guardian: string;
  let guardianUserId: string;
  let institutionId: string;
  let colleagueUserId: string;
  let otherGuardian: string;
  let otherGuardianUserId: string;
  let otherInstitutionId: string;
  let offeringId: string;
  // the api reads the time from this clock: "today" is the same day for the api and the fixtures, midnight or not
  const clock = new FixedClock(new Date());
  const today = todayInAmsterdam(clock.now());
  const daysAgo = (n: number) => addDays(today, -n);

  /** A fresh BSN that passes the eleven-test (never a real person's: synthetic digits from a counter). */
  let bsnCounter = 10_000_000;
  function nextBsn(): string {
    for (;;) {
      const head = String(bsnCounter++).padStart(8, '0');
      const sum = [...head].reduce((s, d, i) => s + (9 - i) * Number(d), 0);
      const check = sum % 11;
      if (check < 10 && isValidBsn(head + check)) return head + check;
    }
  }

  type CaseBody = { child: { bsn: string } & Record<string, unknown>; measure: { rulingDate: string; endDate?: string } & Record<string, unknown> };
  const caseBody = (overrides: { child?: Record<string, unknown>; measure?: Record<string, unknown> } = {}): CaseBody => ({
    child: { givenNames: 'Noa Emma', familyName: 'Zwanenburg', bsn: nextBsn(), dateOfBirth: '2014-03-09', homeMunicipalityCode: 'GM0344', ...overrides.child },
    measure: { kind: 'supervision_order', rulingDate: daysAgo(3), ...overrides.measure },
  });

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  async function openCase(overrides: Parameters<typeof caseBody>[0] = {}, token = guardian) {
    const res = await request(api.http).post('/api/cases').set(as(token)).send(caseBody(overrides));
    expect(res.status).toBe(201);
    return res.body as { id: string; child: { id: string; bsn: string }; clocks: { milestone: string; state: string }[] };
  }

  async function login(email: string, password: string): Promise<string> {
    const res = await request(api.http).post('/api/auth/login').send({ email, password }).expect(200);
    return res.body.accessToken as string;
  }

  const counts = async () =>
    (
      await api.dataSource.query(`SELECT (SELECT count(*)::int FROM cases.child) AS children, (SELECT count(*)::int FROM cases.measure) AS measures,
        (SELECT count(*)::int FROM cases.milestone) AS milestones, (SELECT count(*)::int FROM cases.case_event) AS events,
        (SELECT count(*)::int FROM cases.guardian_assignment) AS assignments, (SELECT count(*)::int FROM cases.need) AS needs,
        (SELECT count(*)::int FROM platform.outbox WHERE job_name = 'cases.measure-changed') AS jobs,
        (SELECT coalesce(sum(version), 0)::int FROM cases.measure) AS versions`)
    )[0];

  const fieldsOf = (body: { error: { details?: { fields?: { field: string }[] } } }) => (body.error.details?.fields ?? []).map((f) => f.field);

  beforeAll(async () => {
    api = await startTestApi({}, undefined, { clock });
    guardian = await api.tokenFor('guardian');
    const [me] = await api.dataSource.query(`SELECT id, organisation_id FROM identity."user" WHERE email = 'jeugdbeschermer@demo.passend.nl'`);
    guardianUserId = me.id;
    institutionId = me.organisation_id;
    const [org] = await api.dataSource.query(`SELECT name FROM identity.organisation WHERE id = $1`, [institutionId]);
    expect(org.name).toBe('Jeugdbescherming Utrecht (synthetisch)');
    const [colleague] = await api.dataSource.query(
      `INSERT INTO identity."user" (organisation_id, email, display_name, role) VALUES ($1, 'collega@demo.passend.nl', 'Aaron Collega', 'guardian') RETURNING id`,
      [institutionId],
    );
    colleagueUserId = colleague.id;

    // a second certified institution with a guardian of its own
    const [other] = await api.dataSource.query(
      `INSERT INTO identity.organisation (kind, name, region_code, synthetic) VALUES ('certified_institution', 'Jeugdbescherming Elders (synthetisch)', 'JZ01', true) RETURNING id`,
    );
    otherInstitutionId = other.id;
    const [otherUser] = await api.dataSource.query(
      `INSERT INTO identity."user" (organisation_id, email, display_name, role, password_hash) VALUES ($1, 'elders@demo.passend.nl', 'Eva Elders', 'guardian', $2) RETURNING id`,
      [otherInstitutionId, await hashPassword('elders-wachtwoord')],
    );
    otherGuardianUserId = otherUser.id;
    otherGuardian = await login('elders@demo.passend.nl', 'elders-wachtwoord');

    // an offering on the social map, where fitting help can start
    const provider = await api.tokenFor('provider_staff');
    await request(api.http).put('/api/providers/me').set(as(provider)).send({ name: 'Zorgaanbieder De Linde' }).expect(200);
    const location = await request(api.http)
      .post('/api/locations')
      .set(as(provider))
      .send({ name: 'Locatie Oudwijk', city: 'Utrecht', municipalityCode: 'GM0344', latitude: 52.0889, longitude: 5.1342 })
      .expect(201);
    const offering = await request(api.http)
      .post('/api/offerings')
      .set(as(provider))
      .send({ locationId: location.body.id, name: 'Gezinshuis De Linde', categoryCode: '43', setting: 'family_home', specialismCodes: ['trauma_treatment'], minAge: 4, maxAge: 17.5, contractedRegionCodes: ['JZ22'], totalPlaces: 4, freePlaces: 2 })
      .expect(201);
    offeringId = offering.body.id;
  });
  afterAll(() => api.close());

  describe('opening a case', () => {
    it('opens a case and reads it back decrypted, with three running norm clocks', async () => {
      const body = caseBody({ child: { networkMunicipalityCode: 'GM0307' }, measure: { endDate: addDays(today, 365) } });
      const created = await request(api.http).post('/api/cases').set(as(guardian)).send(body).expect(201);
      const res = await request(api.http).get(`/api/cases/${created.body.id}`).set(as(guardian)).expect(200);
      expect(res.body).toMatchObject({
        id: created.body.id,
        status: 'open',
        kind: 'supervision_order',
        rulingDate: body.measure.rulingDate,
        endDate: body.measure.endDate,
        institutionId,
        version: 2,
        child: { givenNames: 'Noa Emma', familyName: 'Zwanenburg', bsn: body.child.bsn, dateOfBirth: '2014-03-09', homeMunicipalityCode: 'GM0344', homeRegionCode: 'JZ22', networkMunicipalityCode: 'GM0307' },
        permanentGuardian: null,
        needs: [],
        milestones: [],
      });
      expect(res.body.clocks.map((c: { milestone: string }) => c.milestone)).toEqual(['permanent_guardian', 'agreed_course', 'fitting_help']);
      expect(res.body.clocks[1]).toMatchObject({ dueOn: addDays(body.measure.rulingDate, 42), metOn: null, explanationNeeded: false });
      // ruled 3 days ago: the 3-month term for fitting help is far off, so the clock runs on time
      const helpDue = addCalendarMonths(body.measure.rulingDate, 3);
      expect(res.body.clocks[2]).toEqual({ milestone: 'fitting_help', dueOn: helpDue, state: 'on_time', metOn: null, daysLeft: daysBetween(today, helpDue), daysLate: null, explanationNeeded: false, explanationRecorded: false });
    });

    it('keeps no name, BSN or date of birth in clear in the database, the timeline or the outbox', async () => {
      const body = caseBody({ child: { givenNames: 'Xylofoon', familyName: 'Quirijnsdochter', dateOfBirth: '2013-11-27' } });
      const created = await request(api.http).post('/api/cases').set(as(guardian)).send(body).expect(201);
      const [child] = await api.dataSource.query(`SELECT row_to_json(c)::text AS row, key_id FROM cases.child c WHERE id = $1`, [created.body.child.id]);
      for (const plain of [body.child.bsn, 'Xylofoon', 'Quirijnsdochter', '2013-11-27']) expect(child.row).not.toContain(plain);
      expect(child.key_id).toBe(api.config.personalDataKey.id);
      const elsewhere = await api.dataSource.query(
        `SELECT concat_ws('|',
                  (SELECT string_agg(row_to_json(m)::text, '') FROM cases.measure m WHERE m.id = $1),
                  (SELECT string_agg(row_to_json(e)::text, '') FROM cases.case_event e WHERE e.measure_id = $1),
                  (SELECT string_agg(payload::text, '') FROM platform.outbox WHERE payload->>'measureId' = $1::text),
                  (SELECT string_agg(row_to_json(a)::text, '') FROM audit.access_log a WHERE a.subject_id = $1::text)) AS text`,
        [created.body.id],
      );
      for (const plain of [body.child.bsn, 'Xylofoon', 'Quirijnsdochter', '2013-11-27']) expect(elsewhere[0].text).not.toContain(plain);
    });

    it('finds the same child again by BSN (however it is typed) and keeps one child row', async () => {
      const first = await openCase();
      const bsn = first.child.bsn;
      const typed = `${bsn.slice(0, 4)}.${bsn.slice(4, 6)}.${bsn.slice(6)}`;
      const second = await request(api.http)
        .post('/api/cases')
        .set(as(guardian))
        .send(caseBody({ child: { bsn: typed }, measure: { kind: 'juvenile_probation' } }))
        .expect(201);
      expect(second.body.child.id).toBe(first.child.id);
      expect(second.body.child.bsn).toBe(bsn);
      const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM cases.measure WHERE child_id = $1`, [first.child.id]);
      expect(n).toBe(2);
    });

    it('refuses the same ruling registered twice with 409', async () => {
      const body = caseBody();
      await request(api.http).post('/api/cases').set(as(guardian)).send(body).expect(201);
      const again = await request(api.http).post('/api/cases').set(as(guardian)).send(body).expect(409);
      expect(again.body.error.details.reason).toBe('same_ruling');
    });

    it('opens exactly one case when the same new child is submitted five times at once', async () => {
      const body = caseBody();
      const attempts = await Promise.all(Array.from({ length: 5 }, () => request(api.http).post('/api/cases').set(as(guardian)).send(body)));
      expect(attempts.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
      const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM cases.measure WHERE child_id = $1`, [attempts.find((a) => a.status === 201)!.body.child.id]);
      expect(n).toBe(1);
    });

    it('refuses bad input with a 400 naming the field, never echoing the BSN, and writes nothing', async () => {
      const before = await counts();
      const bad: [Parameters<typeof caseBody>[0], string][] = [
        [{ child: { bsn: '123456789' } }, 'child.bsn'],
        [{ child: { bsn: '12345' } }, 'child.bsn'],
        [{ measure: { rulingDate: addDays(today, 1) } }, 'measure.rulingDate'],
        [{ measure: { rulingDate: '2025-02-30' } }, 'measure.rulingDate'],
        [{ measure: { rulingDate: daysAgo(10), endDate: daysAgo(11) } }, 'measure.endDate'],
        [{ child: { homeMunicipalityCode: 'GM9999' } }, 'child.homeMunicipalityCode'],
        [{ child: { networkMunicipalityCode: 'GM9998' } }, 'child.networkMunicipalityCode'],
        [{ child: { dateOfBirth: addDays(today, 2) } }, 'child.dateOfBirth'],
        [{ measure: { kind: 'house_arrest' } }, 'measure.kind'],
        [{ measure: { urgentHelpDueOn: daysAgo(1) } }, 'measure.urgentHelpDueOn'],
      ];
      for (const [overrides, field] of bad) {
        const res = await request(api.http).post('/api/cases').set(as(guardian)).send(caseBody(overrides));
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        expect(fieldsOf(res.body)).toContain(field);
        expect(JSON.stringify(res.body)).not.toContain('123456789');
      }
      expect(await counts()).toEqual(before);
    });
  });

  describe('guardians and caseload', () => {
    it('records the first permanent guardian as the milestone; late needs an explanation', async () => {
      const { id } = await openCase({ measure: { rulingDate: daysAgo(30) } });
      const before = await counts();
      const late = await request(api.http).post(`/api/cases/${id}/guardians`).set(as(guardian)).send({ guardianUserId, kind: 'permanent', fromDate: daysAgo(1) }).expect(400);
      expect(fieldsOf(late.body)).toEqual(['explanation']);
      expect(await counts()).toEqual(before);
      const res = await request(api.http)
        .post(`/api/cases/${id}/guardians`)
        .set(as(guardian))
        .send({ guardianUserId, kind: 'permanent', fromDate: daysAgo(1), explanation: { reasonCode: 'no_permanent_guardian_capacity', text: 'Alle jeugdbeschermers zaten vol; wachtlijst van drie weken.' } })
        .expect(201);
      expect(res.body.permanentGuardian).toMatchObject({ guardianUserId, displayName: 'Sanne de Jeugdbeschermer', fromDate: daysAgo(1), toDate: null });
      expect(res.body.clocks[0]).toMatchObject({ milestone: 'permanent_guardian', state: 'met_late', metOn: daysAgo(1), explanationNeeded: true, explanationRecorded: true });
      expect(res.body.milestones[0].explanation).toEqual({ reasonCode: 'no_permanent_guardian_capacity', text: 'Alle jeugdbeschermers zaten vol; wachtlijst van drie weken.' });
    });

    it('hands a case to another permanent guardian: the previous one closes, the milestone stays', async () => {
      const { id } = await openCase({ measure: { rulingDate: daysAgo(2) } });
      await request(api.http).post(`/api/cases/${id}/guardians`).set(as(guardian)).send({ guardianUserId, kind: 'temporary', fromDate: daysAgo(2) }).expect(201);
      await request(api.http).post(`/api/cases/${id}/guardians`).set(as(guardian)).send({ guardianUserId: colleagueUserId, kind: 'permanent', fromDate: daysAgo(1) }).expect(201);
      const res = await request(api.http).post(`/api/cases/${id}/guardians`).set(as(guardian)).send({ guardianUserId, kind: 'permanent', fromDate: today }).expect(201);
      expect(res.body.permanentGuardian).toMatchObject({ guardianUserId, fromDate: today });
      expect(res.body.temporaryGuardian).toBeNull();
      expect(res.body.guardianHistory).toHaveLength(3);
      expect(res.body.guardianHistory.filter((a: { toDate: string | null }) => a.toDate === null)).toHaveLength(1);
      expect(res.body.clocks[0]).toMatchObject({ state: 'met_on_time', metOn: daysAgo(1) });
      expect(res.body.milestones).toHaveLength(1);
      const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM cases.guardian_assignment WHERE measure_id = $1 AND kind = 'permanent' AND to_date IS NULL`, [id]);
      expect(n).toBe(1);
    });

    it("refuses a guardian from another institution, a non-guardian, a start before the ruling, and the same guardian twice", async () => {
      const { id } = await openCase({ measure: { rulingDate: daysAgo(2) } });
      const [admin] = await api.dataSource.query(`SELECT id FROM identity."user" WHERE role = 'admin' LIMIT 1`);
      const before = await counts();
      for (const [body, field] of [
        [{ guardianUserId: otherGuardianUserId, kind: 'permanent', fromDate: today }, 'guardianUserId'],
        [{ guardianUserId: admin.id, kind: 'permanent', fromDate: today }, 'guardianUserId'],
        [{ guardianUserId, kind: 'permanent', fromDate: daysAgo(3) }, 'fromDate'],
        [{ guardianUserId, kind: 'permanent', fromDate: addDays(today, 1) }, 'fromDate'],
        [{ guardianUserId, kind: 'boss', fromDate: today }, 'kind'],
      ] as const) {
        const res = await request(api.http).post(`/api/cases/${id}/guardians`).set(as(guardian)).send(body).expect(400);
        expect(fieldsOf(res.body)).toContain(field);
      }
      expect(await counts()).toEqual(before);
      await request(api.http).post(`/api/cases/${id}/guardians`).set(as(guardian)).send({ guardianUserId, kind: 'permanent', fromDate: today }).expect(201);
      const assigned = await counts();
      const twice = await request(api.http).post(`/api/cases/${id}/guardians`).set(as(guardian)).send({ guardianUserId, kind: 'permanent', fromDate: today }).expect(400);
      expect(fieldsOf(twice.body)).toEqual(['guardianUserId']);
      expect(await counts()).toEqual(assigned);
    });

    it('shows the caseload to team leads only', async () => {
      await api.dataSource.query(`DELETE FROM cases.team_lead WHERE user_id = $1`, [guardianUserId]);
      await request(api.http).get(`/api/institutions/${institutionId}/caseload`).set(as(guardian)).expect(403);
      await api.dataSource.query(`INSERT INTO cases.team_lead (institution_id, user_id) VALUES ($1, $2)`, [institutionId, guardianUserId]);
      await request(api.http).get(`/api/institutions/${institutionId}/caseload`).set(as(guardian)).expect(200);
    });

    it('counts open cases per guardian of the institution, and those waiting for a permanent guardian', async () => {
      await api.dataSource.query(`INSERT INTO cases.team_lead (institution_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [institutionId, guardianUserId]);
      const before = (await request(api.http).get(`/api/institutions/${institutionId}/caseload`).set(as(guardian)).expect(200)).body;
      const a = await openCase();
      await openCase();
      await request(api.http).post(`/api/cases/${a.id}/guardians`).set(as(guardian)).send({ guardianUserId: colleagueUserId, kind: 'permanent', fromDate: today }).expect(201);
      const after = (await request(api.http).get(`/api/institutions/${institutionId}/caseload`).set(as(guardian)).expect(200)).body;
      expect(after.openCases).toBe(before.openCases + 2);
      expect(after.withoutPermanentGuardian).toBe(before.withoutPermanentGuardian + 1);
      const colleague = (body: { guardians: { userId: string; permanentCases: number }[] }) => body.guardians.find((g) => g.userId === colleagueUserId)!;
      expect(colleague(after).permanentCases).toBe(colleague(before).permanentCases + 1);
      expect(after.guardians.map((g: { userId: string }) => g.userId)).toEqual(expect.arrayContaining([guardianUserId, colleagueUserId]));
      expect(after.guardians.map((g: { userId: string }) => g.userId)).not.toContain(otherGuardianUserId);
    });
  });

  describe('milestones, comply or explain', () => {
    it('refuses a milestone before the ruling, in the future, late without explanation, a course without the family, help without an offering', async () => {
      const { id } = await openCase({ measure: { rulingDate: daysAgo(60) } });
      const before = await counts();
      const explanation = { reasonCode: 'family_not_ready', text: 'Moeder was opgenomen; gesprek pas later mogelijk.' };
      const bad: [Record<string, unknown>, string][] = [
        [{ kind: 'agreed_course', metOn: daysAgo(61), agreedBy: ['parents'] }, 'metOn'],
        [{ kind: 'agreed_course', metOn: addDays(today, 1), agreedBy: ['parents'] }, 'metOn'],
        [{ kind: 'agreed_course', metOn: today, agreedBy: ['child', 'parents'] }, 'explanation'],
        [{ kind: 'agreed_course', metOn: daysAgo(50), agreedBy: ['professionals', 'network'] }, 'agreedBy'],
        [{ kind: 'agreed_course', metOn: daysAgo(50) }, 'agreedBy'],
        [{ kind: 'agreed_course', metOn: today, agreedBy: ['parents'], explanation: { reasonCode: 'because', text: 'Het duurde gewoon lang.' } }, 'explanation.reasonCode'],
        [{ kind: 'agreed_course', metOn: today, agreedBy: ['parents'], explanation: { reasonCode: 'other', text: 'kort' } }, 'explanation.text'],
        [{ kind: 'agreed_course', metOn: daysAgo(50), agreedBy: ['parents', 'landlord'] }, 'agreedBy'],
        [{ kind: 'fitting_help', metOn: daysAgo(50) }, 'offeringId'],
        [{ kind: 'fitting_help', metOn: daysAgo(50), offeringId: '2f1d7a0e-3c1b-4c55-9a57-0d8f7d5f9b11' }, 'offeringId'],
        [{ kind: 'permanent_guardian', metOn: daysAgo(50) }, 'kind'],
        [{ kind: 'agreed_course', metOn: '2025-13-01', agreedBy: ['parents'], explanation }, 'metOn'],
      ];
      for (const [body, field] of bad) {
        const res = await request(api.http).post(`/api/cases/${id}/milestones`).set(as(guardian)).send(body);
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        expect(fieldsOf(res.body)).toContain(field);
      }
      expect(await counts()).toEqual(before);
    });

    it('records a late milestone with an explanation and the client voice: 201, met_late, explained', async () => {
      const { id } = await openCase({ measure: { rulingDate: daysAgo(60) } });
      const res = await request(api.http)
        .post(`/api/cases/${id}/milestones`)
        .set(as(guardian))
        .send({
          kind: 'agreed_course',
          metOn: daysAgo(5),
          agreedBy: ['child', 'parents', 'professionals'],
          explanation: { reasonCode: 'family_not_ready', text: 'Moeder was opgenomen; gesprek pas later mogelijk.' },
          clientVoice: [{ speaker: 'child', statement: 'Ik wil op mijn eigen school blijven.' }],
        })
        .expect(201);
      expect(res.body.clocks[1]).toMatchObject({ milestone: 'agreed_course', state: 'met_late', metOn: daysAgo(5), daysLate: 60 - 5 - 42, explanationNeeded: true, explanationRecorded: true });
      expect(res.body.milestones[0]).toMatchObject({ kind: 'agreed_course', agreedBy: ['child', 'parents', 'professionals'], explanation: { reasonCode: 'family_not_ready' } });
      expect(res.body.clientVoice).toEqual([expect.objectContaining({ speaker: 'child', milestone: 'agreed_course', statement: 'Ik wil op mijn eigen school blijven.' })]);
      const [stored] = await api.dataSource.query(`SELECT explanation_code, explanation_text_enc FROM cases.milestone WHERE measure_id = $1`, [id]);
      expect(stored.explanation_code).toBe('family_not_ready');
      expect(stored.explanation_text_enc).not.toContain('Moeder');
      const again = await request(api.http).post(`/api/cases/${id}/milestones`).set(as(guardian)).send({ kind: 'agreed_course', metOn: daysAgo(4), agreedBy: ['parents'], explanation: { reasonCode: 'other', text: 'Nog een keer geprobeerd.' } }).expect(409);
      expect(again.body.error.details.reason).toBe('milestone_recorded');
    });

    it('records fitting help at an offering, then how the child and the parents experience it', async () => {
      const { id } = await openCase({ measure: { rulingDate: daysAgo(20) } });
      await request(api.http)
        .post(`/api/cases/${id}/milestones/fitting_help/experience`)
        .set(as(guardian))
        .send({ followUpOn: today, childExperiencesFitting: true, professionalExplanation: 'Nog niet gestart, dit hoort te falen.' })
        .expect(409);
      const help = await request(api.http).post(`/api/cases/${id}/milestones`).set(as(guardian)).send({ kind: 'fitting_help', metOn: daysAgo(10), offeringId }).expect(201);
      expect(help.body.clocks[2]).toMatchObject({ milestone: 'fitting_help', state: 'met_on_time', metOn: daysAgo(10) });
      expect(help.body.milestones[0]).toMatchObject({ kind: 'fitting_help', offeringId, agreedBy: null, explanation: null });
      const early = await request(api.http).post(`/api/cases/${id}/milestones/fitting_help/experience`).set(as(guardian)).send({ followUpOn: daysAgo(11), professionalExplanation: 'Voor de start kan niet.' }).expect(400);
      expect(fieldsOf(early.body)).toEqual(['followUpOn']);
      const res = await request(api.http)
        .post(`/api/cases/${id}/milestones/fitting_help/experience`)
        .set(as(guardian))
        .send({ followUpOn: today, childExperiencesFitting: true, parentsExperienceFitting: false, professionalExplanation: 'De onveiligheid is weg; ouders willen meer contact.' })
        .expect(201);
      expect(res.body.milestones[0].experiences).toEqual([
        expect.objectContaining({ followUpOn: today, childExperiencesFitting: true, parentsExperienceFitting: false, professionalExplanation: 'De onveiligheid is weg; ouders willen meer contact.' }),
      ]);
    });

    it('uses the urgent help due date of an urgent measure', async () => {
      const { id } = await openCase({ measure: { rulingDate: daysAgo(20), urgent: true, urgentHelpDueOn: daysAgo(13) } });
      const late = await request(api.http).post(`/api/cases/${id}/milestones`).set(as(guardian)).send({ kind: 'fitting_help', metOn: daysAgo(12), offeringId }).expect(400);
      expect(fieldsOf(late.body)).toEqual(['explanation']);
      const res = await request(api.http)
        .post(`/api/cases/${id}/milestones`)
        .set(as(guardian))
        .send({ kind: 'fitting_help', metOn: daysAgo(12), offeringId, explanation: { reasonCode: 'waiting_list', text: 'Crisisplek pas na een week vrij.' } })
        .expect(201);
      expect(res.body.clocks[2]).toMatchObject({ dueOn: daysAgo(13), state: 'met_late', daysLate: 1 });
    });
  });

  describe('needs and client voice', () => {
    it('adds a need in the social map vocabulary, notes encrypted; secure care needs its authorisation', async () => {
      const { id } = await openCase();
      const bad: [Record<string, unknown>, string][] = [
        [{ categoryCode: '43', urgency: 'urgent', settingConstraints: ['secure_residential'] }, 'secureAuthorisationFrom'],
        [{ categoryCode: '99', urgency: 'urgent' }, 'categoryCode'],
        [{ categoryCode: '43', urgency: 'urgent', specialismCodes: ['astrology'] }, 'specialismCodes[0]'],
        [{ categoryCode: '43', urgency: 'whenever' }, 'urgency'],
        [{ categoryCode: '43', urgency: 'urgent', secureAuthorisationFrom: daysAgo(1), secureAuthorisationTo: daysAgo(2) }, 'secureAuthorisationTo'],
        [{ categoryCode: '43', urgency: 'urgent', maxDistanceKm: 0 }, 'maxDistanceKm'],
      ];
      const before = await counts();
      for (const [body, field] of bad) {
        const res = await request(api.http).post(`/api/cases/${id}/needs`).set(as(guardian)).send(body);
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        expect(fieldsOf(res.body)).toContain(field);
      }
      expect(await counts()).toEqual(before);
      const res = await request(api.http)
        .post(`/api/cases/${id}/needs`)
        .set(as(guardian))
        .send({
          categoryCode: '43',
          urgency: 'acute',
          specialismCodes: ['trauma_treatment'],
          settingConstraints: ['secure_residential', 'residential'],
          secureAuthorisationFrom: today,
          secureAuthorisationTo: addDays(today, 180),
          keepWithSiblings: true,
          maxDistanceKm: 40,
          notes: 'Noa wil bij haar broertje Daan blijven.',
        })
        .expect(201);
      expect(res.body.needs).toEqual([
        expect.objectContaining({ categoryCode: '43', urgency: 'acute', settingConstraints: ['secure_residential', 'residential'], secureAuthorisationTo: addDays(today, 180), keepWithSiblings: true, maxDistanceKm: 40, notes: 'Noa wil bij haar broertje Daan blijven.' }),
      ]);
      const [row] = await api.dataSource.query(`SELECT notes_enc FROM cases.need WHERE measure_id = $1`, [id]);
      expect(row.notes_enc).not.toContain('Daan');
    });

    it("records what the child, parents or network say, in their words", async () => {
      const { id } = await openCase();
      const res = await request(api.http).post(`/api/cases/${id}/client-voice`).set(as(guardian)).send({ speaker: 'parents', statement: 'Wij willen dat hij thuis kan blijven wonen.' }).expect(201);
      expect(res.body.clientVoice).toEqual([expect.objectContaining({ speaker: 'parents', milestone: null, statement: 'Wij willen dat hij thuis kan blijven wonen.' })]);
      await request(api.http).post(`/api/cases/${id}/client-voice`).set(as(guardian)).send({ speaker: 'neighbour', statement: 'x' }).expect(400);
    });
  });

  describe('listing and the timeline', () => {
    it("lists the institution's own cases, paginated, each with its three clocks", async () => {
      const mine = await openCase();
      const theirs = await openCase({}, otherGuardian);
      const page = await request(api.http).get('/api/cases?perPage=100').set(as(guardian)).expect(200);
      const ids = page.body.items.map((c: { id: string }) => c.id);
      expect(ids).toContain(mine.id);
      expect(ids).not.toContain(theirs.id);
      expect(page.body.total).toBe(page.body.items.length);
      const item = page.body.items.find((c: { id: string }) => c.id === mine.id);
      expect(item).toMatchObject({ childGivenNames: 'Noa Emma', childFamilyName: 'Zwanenburg', kind: 'supervision_order', permanentGuardian: null });
      expect(item.clocks).toHaveLength(3);
      const one = await request(api.http).get('/api/cases?perPage=1&page=2').set(as(guardian)).expect(200);
      expect(one.body).toMatchObject({ page: 2, perPage: 1, total: page.body.total });
      expect(one.body.items).toHaveLength(1);
      await request(api.http).get('/api/cases?perPage=500').set(as(guardian)).expect(400);
      const other = await request(api.http).get('/api/cases').set(as(otherGuardian)).expect(200);
      expect(other.body.items.map((c: { id: string }) => c.id)).toEqual([theirs.id]);
    });

    it('shows every event of the case in order, with codes and dates only', async () => {
      // event ids cross from three to four digits within this case: order is numeric, not textual
      await api.dataSource.query(`SELECT setval('cases.case_event_id_seq', greatest(997, (SELECT max(id) FROM cases.case_event)))`);
      const created = await openCase({ measure: { rulingDate: daysAgo(3) } });
      const id = created.id;
      await request(api.http).post(`/api/cases/${id}/guardians`).set(as(guardian)).send({ guardianUserId, kind: 'permanent', fromDate: daysAgo(2) }).expect(201);
      await request(api.http).post(`/api/cases/${id}/needs`).set(as(guardian)).send({ categoryCode: '45', urgency: 'regular', notes: 'Geheim' }).expect(201);
      await request(api.http).post(`/api/cases/${id}/milestones`).set(as(guardian)).send({ kind: 'agreed_course', metOn: daysAgo(1), agreedBy: ['parents'], clientVoice: [{ speaker: 'parents', statement: 'Geheim ook' }] }).expect(201);
      const res = await request(api.http).get(`/api/cases/${id}/timeline`).set(as(guardian)).expect(200);
      expect(res.body.caseId).toBe(id);
      expect(res.body.events.map((e: { kind: string }) => e.kind)).toEqual(['case_opened', 'guardian_assigned', 'milestone_recorded', 'need_added', 'milestone_recorded', 'client_voice_recorded']);
      const eventIds = res.body.events.map((e: { id: string }) => Number(e.id));
      expect(eventIds).toEqual([...eventIds].sort((a, b) => a - b));
      expect(res.body.events.every((e: { actorUserId: string }) => e.actorUserId === guardianUserId)).toBe(true);
      expect(JSON.stringify(res.body)).not.toMatch(/Geheim|Zwanenburg|Noa/);
      expect(JSON.stringify(res.body)).not.toContain(created.child.bsn);
      const [{ version }] = await api.dataSource.query(`SELECT version FROM cases.measure WHERE id = $1`, [id]);
      expect(version).toBe(5);
    });

    it('keeps the timeline append-only', async () => {
      const { id } = await openCase();
      await expect(api.dataSource.query(`UPDATE cases.case_event SET summary = 'rewritten' WHERE measure_id = $1`, [id])).rejects.toThrow(/append-only/);
      await expect(api.dataSource.query(`DELETE FROM cases.case_event WHERE measure_id = $1`, [id])).rejects.toThrow(/append-only/);
    });
  });

  describe('access and the audit log', () => {
    it('logs every read and write with purpose care', async () => {
      const { id } = await openCase();
      await request(api.http).get(`/api/cases/${id}`).set(as(guardian)).expect(200);
      await request(api.http).get(`/api/cases/${id}/timeline`).set(as(guardian)).expect(200);
      const caseLists = async () =>
        (await api.dataSource.query(
          `SELECT purpose, user_id FROM audit.access_log WHERE subject_type = 'institution' AND subject_id = $1 AND action = 'list_cases' ORDER BY seq`,
          [institutionId],
        )) as { purpose: string; user_id: string }[];
      const listsBefore = (await caseLists()).length;
      await request(api.http).get('/api/cases?perPage=100').set(as(guardian)).expect(200);
      await request(api.http).post(`/api/cases/${id}/client-voice`).set(as(guardian)).send({ speaker: 'child', statement: 'Ik wil naar huis.' }).expect(201);
      const rows = await api.dataSource.query(
        `SELECT action, purpose, outcome, user_id FROM audit.access_log WHERE subject_type = 'case' AND subject_id = $1 ORDER BY seq`,
        [id],
      );
      expect(rows.map((r: { action: string }) => r.action)).toEqual(['create', 'read', 'read_timeline', 'list', 'record_client_voice']);
      expect(rows.every((r: { purpose: string; outcome: string; user_id: string }) => r.purpose === 'care' && r.outcome === 'success' && r.user_id === guardianUserId)).toBe(true);
      // the one list request above is logged once against the institution too, by this guardian, for care
      expect((await caseLists()).slice(listsBefore)).toEqual([{ purpose: 'care', user_id: guardianUserId }]);
    });

    it("refuses another institution's guardian with 403, logs the denial, and writes nothing", async () => {
      const { id } = await openCase();
      const before = await counts();
      const read = await request(api.http).get(`/api/cases/${id}`).set(as(otherGuardian)).expect(403);
      expect(read.body.error.code).toBe('forbidden');
      expect(JSON.stringify(read.body)).not.toContain('Zwanenburg');
      await request(api.http).get(`/api/cases/${id}/timeline`).set(as(otherGuardian)).expect(403);
      await request(api.http).post(`/api/cases/${id}/milestones`).set(as(otherGuardian)).send({ kind: 'agreed_course', metOn: today, agreedBy: ['parents'] }).expect(403);
      await request(api.http).post(`/api/cases/${id}/guardians`).set(as(otherGuardian)).send({ guardianUserId: otherGuardianUserId, kind: 'permanent', fromDate: today }).expect(403);
      await request(api.http).post(`/api/cases/${id}/needs`).set(as(otherGuardian)).send({ categoryCode: '43', urgency: 'regular' }).expect(403);
      await request(api.http).get(`/api/institutions/${institutionId}/caseload`).set(as(otherGuardian)).expect(403);
      await request(api.http).post('/api/cases').set(as(otherGuardian)).send(caseBody({ measure: { institutionId } })).expect(403);
      expect(await counts()).toEqual(before);
      await eventually(async () => {
        const denied = await api.dataSource.query(
          `SELECT action FROM audit.access_log WHERE subject_type = 'case' AND subject_id = $1 AND outcome = 'denied' AND user_id = $2 AND purpose = 'care' ORDER BY seq`,
          [id, otherGuardianUserId],
        );
        expect(denied.map((r: { action: string }) => r.action).sort()).toEqual(['add_need', 'assign_guardian', 'read', 'read_timeline', 'record_milestone']);
      });
      const caseload = await api.dataSource.query(`SELECT outcome FROM audit.access_log WHERE subject_type = 'institution' AND subject_id = $1 AND action = 'read_caseload' AND user_id = $2`, [institutionId, otherGuardianUserId]);
      expect(caseload).toEqual([{ outcome: 'denied' }]);
    });

    it.each(['region_officer', 'provider_staff', 'expert_member', 'admin'] as const)('refuses a %s everything here with 403, logged', async (role) => {
      const { id } = await openCase();
      const token = await api.tokenFor(role);
      const before = await counts();
      await request(api.http).get(`/api/cases/${id}`).set(as(token)).expect(403);
      await request(api.http).get('/api/cases').set(as(token)).expect(403);
      await request(api.http).post('/api/cases').set(as(token)).send(caseBody()).expect(403);
      await request(api.http).post(`/api/cases/${id}/needs`).set(as(token)).send({ categoryCode: '43', urgency: 'regular' }).expect(403);
      await request(api.http).post(`/api/cases/${id}/guardians`).set(as(token)).send({ guardianUserId, kind: 'permanent', fromDate: today }).expect(403);
      await request(api.http).get(`/api/institutions/${institutionId}/caseload`).set(as(token)).expect(403);
      expect(await counts()).toEqual(before);
      await eventually(async () => {
        const denied = await api.dataSource.query(`SELECT action FROM audit.access_log WHERE subject_id = $1 AND outcome = 'denied' AND purpose = 'care'`, [id]);
        expect(denied.map((r: { action: string }) => r.action).sort()).toEqual(['add_need', 'assign_guardian', 'read']);
      });
    });

    it('refuses the inspection too: aggregates come with the dashboards', async () => {
      const { id } = await openCase();
      const inspection = await login('inspectie@demo.passend.nl', DEMO_PASSWORD);
      await request(api.http).get(`/api/cases/${id}`).set(as(inspection)).expect(403);
      await request(api.http).get('/api/cases').set(as(inspection)).expect(403);
    });

    it('answers 404 for an unknown case and 400 for a malformed id', async () => {
      await request(api.http).get('/api/cases/6a1b9c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d').set(as(guardian)).expect(404);
      await request(api.http).get('/api/cases/not-a-uuid').set(as(guardian)).expect(400);
      await request(api.http).get('/api/cases').expect(401);
    });
  });

  describe('effects', () => {
    it('writes one cases.measure-changed job with the measure id only, per change, in the same transaction', async () => {
      const { id } = await openCase();
      await request(api.http).post(`/api/cases/${id}/client-voice`).set(as(guardian)).send({ speaker: 'network', statement: 'Oma kan helpen.' }).expect(201);
      const jobs = await api.dataSource.query(`SELECT payload FROM platform.outbox WHERE job_name = 'cases.measure-changed' AND payload->>'measureId' = $1`, [id]);
      expect(jobs).toEqual([{ payload: { measureId: id } }, { payload: { measureId: id } }]);
    });

    it('handles cases.measure-changed idempotently', async () => {
      const { id } = await openCase();
      const job = api.app.get(MeasureChangedJob);
      const first = await job.handle({ measureId: id });
      const second = await job.handle({ measureId: id });
      expect(first).toEqual({ measureId: id, exists: true });
      expect(second).toEqual(first);
    });

    it('documents every route with its request and response types in OpenAPI', async () => {
      const doc = (await request(api.http).get('/api/docs-json').expect(200)).body;
      for (const path of ['/api/cases', '/api/cases/{id}', '/api/cases/{id}/guardians', '/api/cases/{id}/needs', '/api/cases/{id}/milestones', '/api/cases/{id}/milestones/fitting_help/experience', '/api/cases/{id}/client-voice', '/api/cases/{id}/timeline', '/api/institutions/{id}/caseload']) {
        expect(doc.paths).toHaveProperty([path]);
      }
      expect(doc.components.schemas.CaseResponse.properties).toHaveProperty('clocks');
      expect(doc.components.schemas.RecordMilestoneRequest.required).toEqual(expect.arrayContaining(['kind', 'metOn']));
    });

    it('lists the explanation reasons for comply or explain', async () => {
      const res = await request(api.http).get('/api/cases/explanation-reasons').set(as(guardian)).expect(200);
      expect(res.body).toEqual(expect.arrayContaining([{ code: 'waiting_list', label: 'Wachtlijst bij aanbieder' }]));
    });
  });
});
