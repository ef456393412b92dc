import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addCalendarMonths, addDays, compareDates, dueDate, todayInAmsterdam, type LocalDate } from '@passend/cases';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@passend/identity';
import { FixedClock } from '@passend/platform';
import { startTestApi, type TestApi } from './support/test-api.js';
import { createHash } from 'node:crypto';
import request from 'supertest';

/**
 * The norm dashboards over HTTP: figures per youth-care region, inspection area and certified
 * institution, counted straight from the case tables; aggregates only, small cells suppressed,
 * every read in the audit log.
 *
 * The data (inserted in SQL; the dashboards never decrypt, so identity columns hold placeholder
 * ciphertext). All "recent" measures have their ruling 3 months and 2 days ago, so all three due
 * dates (guardian ~1 week, course 6 weeks, help 3 months) fall in the last 3 months and are past.
 * - JZ22 Utrecht Stad (institution GI): 20 open recent measures. Guardian: 16 on time, 2 late,
 *   2 without (80%, amber). Course: 19 on time, 1 without (95%, green). Help: 14 on time (day 30,
 *   32, ... 56), 1 late (today), 5 without (70%, red). Plus 5 closed measures from 8 months ago,
 *   all met on time (help on day 50): in the 12-month figures only (help also in 6 months).
 * - JZ26 Lekstroom (another institution): 8 open recent measures, all on time, help 6 of 8 (75%).
 * - JZ29 Rijnmond (GI): 3 children, all on time: every cell suppressed.
 */
describe('norm dashboards', () => {
  let api: TestApi;
  let guardian: string;
  let admin: string;
  let regionOfficer: string;
  let inspector: string;
  let provider: string;
  let expert: string;
  let otherGuardian: string;
  let giId: string;
  let otherGiId: string;
  let guardianUserId: string;
  let offeringId: string;
  let today: LocalDate;
  let recent: LocalDate;
  let old: LocalDate;
  const bodies: unknown[] = [];
  let serial = 0;

  const get = async (path: string, token: string, status = 200) => {
    const res = await request(api.http).get(path).set('Authorization', `Bearer ${token}`).expect(status);
    if (status === 200) bodies.push(res.body);
    return res.body;
  };
  const area = (name: string) => `/api/dashboard/regions/${encodeURIComponent(name)}`;

  interface MeasureSpec {
    municipality: string;
    institution: string;
    ruling: LocalDate;
    status?: 'open' | 'closed';
    endDate?: LocalDate | null;
    guardianOn?: LocalDate | null;
    courseOn?: LocalDate | null;
    helpOn?: LocalDate | null;
    needs?: string[];
    /** the BSN's keyed hash: the same for one child's records at two institutions */
    bsnHmac?: string;
  }

  async function addMeasure(spec: MeasureSpec): Promise<void> {
    const q = (sql: string, params: unknown[]) => api.dataSource.query(sql, params);
    const hmac = spec.bsnHmac ?? createHash('sha256').update(`dashboard-child-${++serial}`).digest('hex');
    const [child] = await q(
      `INSERT INTO cases.child (institution_id, given_names_enc, family_name_enc, bsn_enc, date_of_birth_enc, bsn_hmac, key_id, home_municipality_code)
       VALUES ($3, 'pd1.test.x.y.z', 'pd1.test.x.y.z', 'pd1.test.x.y.z', 'pd1.test.x.y.z', $1, 'test', $2) RETURNING id`,
      [hmac, spec.municipality, spec.institution],
    );
    const [measure] = await q(
      `INSERT INTO cases.measure (child_id, kind, ruling_date, end_date, institution_id, status) VALUES ($1, 'supervision_order', $2, $3, $4, $5) RETURNING id`,
      [child.id, spec.ruling, spec.endDate ?? null, spec.institution, spec.status ?? 'open'],
    );
    const milestone = async (kind: string, metOn: LocalDate, dueOn: LocalDate) => {
      const late = compareDates(metOn, dueOn) > 0;
      await q(
        `INSERT INTO cases.milestone (measure_id, kind, met_on, explanation_code, explanation_text_enc, agreed_by, offering_id, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          measure.id,
          kind,
          metOn,
          late ? 'waiting_list' : null,
          late ? 'pd1.test.x.y.z' : null,
          kind === 'agreed_course' ? ['parents', 'professionals'] : null,
          kind === 'fitting_help' ? offeringId : null,
          guardianUserId,
        ],
      );
    };
    if (spec.guardianOn) await milestone('permanent_guardian', spec.guardianOn, dueDate('permanent_guardian', spec.ruling));
    if (spec.courseOn) await milestone('agreed_course', spec.courseOn, dueDate('agreed_course', spec.ruling));
    if (spec.helpOn) await milestone('fitting_help', spec.helpOn, dueDate('fitting_help', spec.ruling));
    for (const category of spec.needs ?? []) {
      await q(`INSERT INTO cases.need (measure_id, category_code, urgency, recorded_by) VALUES ($1, $2, 'regular', $3)`, [measure.id, category, guardianUserId]);
    }
  }

  async function login(email: string): Promise<string> {
    const res = await request(api.http).post('/api/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200);
    return res.body.accessToken as string;
  }

  beforeAll(async () => {
    // a clock of its own, so that "today" of the fixtures is the api's today for the whole file, midnight or not
    api = await startTestApi({ regionStatus: { greenShare: 0.9, amberShare: 0.8 } }, undefined, { clock: new FixedClock(new Date()) });
    [guardian, admin, regionOfficer, provider, expert] = await Promise.all(
      (['guardian', 'admin', 'region_officer', 'provider_staff', 'expert_member'] as const).map((r) => api.tokenFor(r)),
    );
    inspector = await login(DEMO_ACCOUNTS.find((a) => a.email.startsWith('inspectie'))!.email);

    const guardianAccount = DEMO_ACCOUNTS.find((a) => a.role === 'guardian')!;
    [{ id: guardianUserId, organisation_id: giId }] = await api.dataSource.query(`SELECT id, organisation_id FROM identity."user" WHERE email = $1`, [guardianAccount.email]);
    [{ id: otherGiId }] = await api.dataSource.query(
      `INSERT INTO identity.organisation (kind, name, region_code, synthetic) VALUES ('certified_institution', 'Jeugdbescherming Lekstroom (synthetisch)', 'JZ26', true) RETURNING id`,
    );
    await api.dataSource.query(
      `INSERT INTO identity."user" (organisation_id, email, display_name, role, password_hash)
       SELECT $1, 'jeugdbeschermer@lekstroom.passend.nl', 'Andere Jeugdbeschermer', 'guardian', password_hash FROM identity."user" WHERE id = $2`,
      [otherGiId, guardianUserId],
    );
    otherGuardian = await login('jeugdbeschermer@lekstroom.passend.nl');

    // an offering for the fitting-help milestones
    await request(api.http).put('/api/providers/me').set('Authorization', `Bearer ${provider}`).send({ name: 'Zorgaanbieder De Linde' }).expect(200);
    const location = await request(api.http)
      .post('/api/locations')
      .set('Authorization', `Bearer ${provider}`)
      .send({ name: 'Locatie Oudwijk', city: 'Utrecht', municipalityCode: 'GM0344' })
      .expect(201);
    const offering = await request(api.http)
      .post('/api/offerings')
      .set('Authorization', `Bearer ${provider}`)
      .send({ locationId: location.body.id, name: 'Ambulante hulp', categoryCode: '45', setting: 'outpatient', specialismCodes: [], minAge: 0, maxAge: 18, contractedRegionCodes: ['JZ22'], totalPlaces: 10, freePlaces: 5, waitWeeks: 0 })
      .expect(201);
    offeringId = offering.body.id;

    today = todayInAmsterdam(api.clock.now());
    recent = addDays(addCalendarMonths(today, -3), -2);
    old = addCalendarMonths(today, -8);
    // the design above holds: every recent due date lies in the last 3 months, before today
    for (const m of ['permanent_guardian', 'agreed_course', 'fitting_help'] as const) {
      expect(compareDates(dueDate(m, recent), addCalendarMonths(today, -3))).toBeGreaterThanOrEqual(0);
      expect(compareDates(dueDate(m, recent), today)).toBeLessThan(0);
    }
    const guardianDue = dueDate('permanent_guardian', recent);

    // JZ22 Utrecht Stad: 20 recent open measures
    for (let i = 0; i < 20; i++) {
      await addMeasure({
        municipality: 'GM0344',
        institution: giId,
        ruling: recent,
        guardianOn: i < 16 ? recent : i < 18 ? addDays(guardianDue, 3) : null,
        courseOn: i < 19 ? addDays(recent, 30) : null,
        helpOn: i < 14 ? addDays(recent, 30 + 2 * i) : i === 14 ? today : null,
        needs: i >= 15 ? (i >= 18 ? ['45', '43'] : ['45']) : [],
      });
    }
    // JZ22: 5 closed measures of 8 months ago, all on time
    for (let i = 0; i < 5; i++) {
      await addMeasure({ municipality: 'GM0344', institution: giId, ruling: old, status: 'closed', endDate: addDays(old, 200), guardianOn: old, courseOn: addDays(old, 30), helpOn: addDays(old, 50) });
    }
    // JZ26 Lekstroom (Nieuwegein, Houten): 8 recent measures of the other institution
    for (let i = 0; i < 8; i++) {
      await addMeasure({
        municipality: i % 2 ? 'GM0356' : 'GM0321',
        institution: otherGiId,
        ruling: recent,
        guardianOn: recent,
        courseOn: addDays(recent, 30),
        helpOn: i < 6 ? addDays(recent, 40) : null,
        needs: i >= 6 ? ['43'] : [],
      });
    }
    // JZ29 Rijnmond: 3 children, all on time
    for (let i = 0; i < 3; i++) {
      await addMeasure({ municipality: 'GM0599', institution: giId, ruling: recent, guardianOn: recent, courseOn: addDays(recent, 30), helpOn: addDays(recent, 40) });
    }
  });
  afterAll(() => api.close());

  describe('GET /api/dashboard/regions', () => {
    it('lists the 42 youth-care regions with their inspection areas, in code order', async () => {
      const body = await get('/api/dashboard/regions', regionOfficer);
      expect(body.asOf).toBe(today);
      expect(body.regions).toHaveLength(42);
      expect(body.regions.map((r: { code: string }) => r.code)).toEqual([...body.regions.map((r: { code: string }) => r.code)].sort());
      expect(body.regions.find((r: { code: string }) => r.code === 'JZ22')).toMatchObject({ name: 'Utrecht Stad', inspectionArea: 'Utrecht & Flevoland' });
    });

    it('counts a region: open measures, waiting, norms over 3, 6 and 12 months, time to help, status with its rule', async () => {
      const body = await get('/api/dashboard/regions', regionOfficer);
      const jz22 = body.regions.find((r: { code: string }) => r.code === 'JZ22');
      expect(jz22.childrenWithOpenMeasure).toBe(20);
      // 2 without a guardian and 1 without a course: under 5, suppressed; 5 without help: hidden as well,
      // since the area shows 7 and Lekstroom's 2 (suppressed) would be 7 − 5 (complementary suppression)
      expect(jz22.waiting).toEqual({ permanentGuardian: null, agreedCourse: null, fittingHelp: null });
      expect(jz22.norms).toEqual({
        permanentGuardian: {
          last3Months: { share: 0.8, measuresDue: 20 },
          last6Months: { share: 0.8, measuresDue: 20 },
          last12Months: { share: 21 / 25, measuresDue: 25 },
        },
        courseWithin6Weeks: {
          last3Months: { share: 0.95, measuresDue: 20 },
          last6Months: { share: 0.95, measuresDue: 20 },
          last12Months: { share: 24 / 25, measuresDue: 25 },
        },
        helpWithin3Months: {
          last3Months: { share: 0.7, measuresDue: 20 },
          last6Months: { share: 19 / 25, measuresDue: 25 },
          last12Months: { share: 19 / 25, measuresDue: 25 },
        },
      });
      // help started on day 30, 32, ... 56 (14), day 50 (5 old ones) and today (the late one): median 49, p90 54.2
      expect(jz22.timeToHelp).toEqual({ medianDays: 49, p90Days: 54.2, children: 20 });
      expect(jz22.status).toEqual({
        colour: 'red',
        rule: 'rood: minder dan 80% kreeg binnen 3 maanden passende hulp (70%)',
        window: 'last3Months',
        greenShare: 0.9,
        amberShare: 0.8,
        verdicts: [
          { norm: 'helpWithin3Months', share: 0.7, colour: 'red' },
          { norm: 'courseWithin6Weeks', share: 0.95, colour: 'green' },
          { norm: 'permanentGuardian', share: 0.8, colour: 'amber' },
        ],
      });
    });

    it('suppresses every cell of a region with 3 children, and judges nothing there', async () => {
      const body = await get('/api/dashboard/regions', admin);
      const jz29 = body.regions.find((r: { code: string }) => r.code === 'JZ29');
      expect(jz29.childrenWithOpenMeasure).toBeNull();
      expect(jz29.waiting).toEqual({ permanentGuardian: null, agreedCourse: null, fittingHelp: null });
      for (const norm of Object.values(jz29.norms) as Record<string, unknown>[]) {
        for (const window of Object.values(norm)) expect(window).toEqual({ share: null, measuresDue: null });
      }
      expect(jz29.timeToHelp).toEqual({ medianDays: null, p90Days: null, children: null });
      expect(jz29.status).toMatchObject({ colour: null, rule: 'geen oordeel: te weinig kinderen om de normen te beoordelen' });
      // a region without any measure looks the same
      const jz08 = body.regions.find((r: { code: string }) => r.code === 'JZ08');
      expect(jz08.childrenWithOpenMeasure).toBeNull();
      expect(jz08.status.colour).toBeNull();
    });

    it('judges with the thresholds from config (STATUS_GREEN_SHARE, STATUS_AMBER_SHARE)', async () => {
      const lenient = await startTestApi({ regionStatus: { greenShare: 0.7, amberShare: 0.6 } }, api);
      try {
        const res = await request(lenient.http).get('/api/dashboard/regions/JZ22').set('Authorization', `Bearer ${regionOfficer}`).expect(200);
        expect(res.body.status).toMatchObject({ colour: 'green', greenShare: 0.7, amberShare: 0.6 });
        expect(res.body.status.rule).toBe(
          'groen: ten minste 70% kreeg binnen 3 maanden passende hulp (70%); ten minste 70% had binnen 6 weken een gedragen koers (95%); ten minste 70% had op tijd een vaste jeugdbeschermer (80%)',
        );
      } finally {
        await lenient.close();
      }
    });

    it('counts a case in the region of the child\'s home municipality (Nieuwegein and Houten are Lekstroom)', async () => {
      const body = await get('/api/dashboard/regions', guardian);
      const jz26 = body.regions.find((r: { code: string }) => r.code === 'JZ26');
      expect(jz26.childrenWithOpenMeasure).toBe(8);
      expect(jz26.norms.helpWithin3Months.last3Months).toEqual({ share: 0.75, measuresDue: 8 });
      expect(jz26.norms.permanentGuardian.last3Months).toEqual({ share: 1, measuresDue: 8 });
      expect(jz26.status.colour).toBe('red');
      expect(jz26.status.rule).toBe('rood: minder dan 80% kreeg binnen 3 maanden passende hulp (75%)');
    });
  });

  describe('GET /api/dashboard/regions/:code', () => {
    it('gives one region the same figures, plus waiting per category and a monthly series', async () => {
      const [list, detail] = await Promise.all([get('/api/dashboard/regions', regionOfficer), get('/api/dashboard/regions/JZ22', regionOfficer)]);
      const { code, name, inspectionArea, ...fromList } = list.regions.find((r: { code: string }) => r.code === 'JZ22');
      expect(detail).toMatchObject({ asOf: today, scope: { kind: 'region', key: 'JZ22', name, inspectionArea, regionCodes: [code] }, ...fromList });
      // 5 wait for help, all needing category 45; 2 of them also 43 (suppressed); every current category is listed
      const categories = new Map(detail.waitingPerCategory.map((c: { categoryCode: string; children: number | null }) => [c.categoryCode, c.children]));
      expect(categories.get('45')).toBe(5);
      expect(categories.get('43')).toBeNull();
      expect(categories.get('46')).toBeNull();
      expect(detail.waitingPerCategory.find((c: { categoryCode: string }) => c.categoryCode === '45').name).toBe('Jeugdhulp ambulant');
    });

    it('gives 12 months up to the current one: new measures, help started, help in time of those due that month', async () => {
      const { monthly } = await get('/api/dashboard/regions/JZ22', inspector);
      expect(monthly).toHaveLength(12);
      expect(monthly[11].month).toBe(today.slice(0, 7));
      const month = (d: LocalDate) => monthly.find((m: { month: string }) => m.month === d.slice(0, 7));
      expect(month(recent).newMeasures).toBe(20);
      expect(month(old).newMeasures).toBe(5);
      expect(month(dueDate('fitting_help', recent)).helpWithin3Months).toEqual({ share: 0.7, measuresDue: 20 });
      expect(month(dueDate('fitting_help', old)).helpWithin3Months).toEqual({ share: 1, measuresDue: 5 });
      expect(month(addDays(old, 50)).helpStarted).toBe(5);
      const total = (key: 'newMeasures' | 'helpStarted') => monthly.reduce((n: number, m: Record<string, number | null>) => n + (m[key] ?? 0), 0);
      expect(total('newMeasures')).toBe(25);
    });

    it('adds up an inspection area over its regions (Utrecht & Flevoland: JZ22 + JZ26 + the empty ones)', async () => {
      const body = await get(area('Utrecht & Flevoland'), regionOfficer);
      expect(body.scope).toEqual({
        kind: 'inspection_area',
        key: 'Utrecht & Flevoland',
        name: 'Utrecht & Flevoland',
        inspectionArea: 'Utrecht & Flevoland',
        regionCodes: ['JZ08', 'JZ19', 'JZ20', 'JZ22', 'JZ23', 'JZ26'],
      });
      expect(body.childrenWithOpenMeasure).toBe(28);
      expect(body.waiting).toEqual({ permanentGuardian: null, agreedCourse: null, fittingHelp: 7 });
      expect(body.norms.helpWithin3Months.last3Months).toEqual({ share: 20 / 28, measuresDue: 28 });
      expect(body.norms.permanentGuardian.last3Months).toEqual({ share: 24 / 28, measuresDue: 28 });
      expect(body.norms.courseWithin6Weeks.last3Months).toEqual({ share: 27 / 28, measuresDue: 28 });
      expect(body.timeToHelp.children).toBe(26);
      expect(body.status.rule).toBe('rood: minder dan 80% kreeg binnen 3 maanden passende hulp (71,4%)');
      // 5 + 2 wait for help; 43: 2 in JZ22 + 2 in JZ26 = 4, still under 5
      const categories = new Map(body.waitingPerCategory.map((c: { categoryCode: string; children: number | null }) => [c.categoryCode, c.children]));
      expect(categories.get('45')).toBe(5);
      expect(categories.get('43')).toBeNull();
    });

    it('finds every inspection area by its URL-encoded name, also one with a slash', async () => {
      expect((await get(area('Rijnmond'), regionOfficer)).scope).toMatchObject({ kind: 'inspection_area', regionCodes: ['JZ29'] });
      expect((await get(area('Noord-Holland/Amsterdam'), regionOfficer)).scope.regionCodes).toContain('JZ13');
    });

    it.each(['JZ99', 'JZ40', 'Atlantis', 'utrecht & flevoland', 'Utrecht'])('answers 404 for %p', async (key) => {
      const res = await request(api.http).get(area(key)).set('Authorization', `Bearer ${regionOfficer}`).expect(404);
      expect(res.body.error.code).toBe('not_found');
    });
  });

  describe('GET /api/dashboard/institutions/:id', () => {
    it("gives a guardian their own institution's figures, in the same shape", async () => {
      const body = await get(`/api/dashboard/institutions/${giId}`, guardian);
      expect(body.scope).toEqual({ kind: 'institution', key: giId, name: 'Jeugdbescherming Utrecht (synthetisch)', inspectionArea: null, regionCodes: [] });
      // JZ22's 20 open + JZ29's 3; the other institution's Lekstroom cases are not counted
      expect(body.childrenWithOpenMeasure).toBe(23);
      expect(body.waiting.fittingHelp).toBe(5);
      expect(body.norms.helpWithin3Months.last3Months).toEqual({ share: 17 / 23, measuresDue: 23 });
      expect(body.monthly).toHaveLength(12);
      expect(body.status.colour).toBe('red');
    });

    it("gives an admin any institution's figures; the other institution's guardian sees their own", async () => {
      const byAdmin = await get(`/api/dashboard/institutions/${otherGiId}`, admin);
      const byOwn = await get(`/api/dashboard/institutions/${otherGiId}`, otherGuardian);
      expect(byAdmin.childrenWithOpenMeasure).toBe(8);
      expect(byAdmin.norms.helpWithin3Months.last3Months).toEqual({ share: 0.75, measuresDue: 8 });
      expect(byOwn).toEqual(byAdmin);
    });

    it("refuses another institution's dashboard to a guardian with 403, and audits the attempt", async () => {
      const res = await request(api.http).get(`/api/dashboard/institutions/${otherGiId}`).set('Authorization', `Bearer ${guardian}`).expect(403);
      expect(res.body.error.code).toBe('forbidden');
      await request(api.http).get(`/api/dashboard/institutions/${giId}`).set('Authorization', `Bearer ${otherGuardian}`).expect(403);
      const audit = await api.dataSource.query(
        `SELECT user_id, outcome FROM audit.access_log WHERE subject_type = 'dashboard' AND subject_id = $1 AND outcome = 'denied'`,
        [otherGiId],
      );
      expect(audit).toContainEqual({ user_id: guardianUserId, outcome: 'denied' });
    });

    it('refuses institution dashboards to region officers', async () => {
      await request(api.http).get(`/api/dashboard/institutions/${giId}`).set('Authorization', `Bearer ${regionOfficer}`).expect(403);
    });

    it('answers 404 for an organisation that is not a certified institution, 400 for a malformed id', async () => {
      const [providerOrg] = await api.dataSource.query(`SELECT organisation_id AS id FROM identity."user" WHERE role = 'provider_staff' LIMIT 1`);
      await request(api.http).get(`/api/dashboard/institutions/${providerOrg.id}`).set('Authorization', `Bearer ${admin}`).expect(404);
      await request(api.http).get('/api/dashboard/institutions/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${admin}`).expect(404);
      await request(api.http).get('/api/dashboard/institutions/not-a-uuid').set('Authorization', `Bearer ${admin}`).expect(400);
      // a guardian learns nothing about other ids: 403, not 404
      await request(api.http).get('/api/dashboard/institutions/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${guardian}`).expect(403);
    });
  });

  describe('access', () => {
    it.each(['provider_staff', 'expert_member'] as const)('refuses every dashboard to %s with 403', async (role) => {
      const token = role === 'provider_staff' ? provider : expert;
      for (const path of ['/api/dashboard/regions', '/api/dashboard/regions/JZ22', area('Utrecht & Flevoland'), '/api/dashboard/regions/JZ99', `/api/dashboard/institutions/${giId}`]) {
        const res = await request(api.http).get(path).set('Authorization', `Bearer ${token}`).expect(403);
        expect(res.body.error.code).toBe('forbidden');
      }
    });

    it('is described in the API documentation', async () => {
      const doc = (await request(api.http).get('/api/docs-json').expect(200)).body;
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/dashboard/regions', '/api/dashboard/regions/{code}', '/api/dashboard/institutions/{id}']));
      expect(doc.components.schemas.DashboardDetailResponse.properties).toHaveProperty('waitingPerCategory');
    });

    it('needs a token (401 without)', async () => {
      for (const path of ['/api/dashboard/regions', '/api/dashboard/regions/JZ22', `/api/dashboard/institutions/${giId}`]) {
        await request(api.http).get(path).expect(401);
      }
    });

    it('logs every dashboard read in the audit log: who, which dashboard, purpose oversight', async () => {
      const before = (await api.dataSource.query(`SELECT coalesce(max(seq), 0) AS seq FROM audit.access_log`))[0].seq;
      await get('/api/dashboard/regions', regionOfficer);
      await get('/api/dashboard/regions/JZ26', guardian);
      await get(area('Utrecht & Flevoland'), inspector);
      await get(`/api/dashboard/institutions/${giId}`, admin);
      await request(api.http).get('/api/dashboard/regions/JZ99').set('Authorization', `Bearer ${admin}`).expect(404);
      await request(api.http).get('/api/dashboard/regions/JZ22').set('Authorization', `Bearer ${provider}`).expect(403);
      const rows = await api.dataSource.query(
        `SELECT role, action, subject_type, subject_id, purpose, outcome FROM audit.access_log WHERE seq > $1 ORDER BY seq`,
        [before],
      );
      expect(rows).toEqual([
        { role: 'region_officer', action: 'read', subject_type: 'dashboard', subject_id: 'region:*', purpose: 'oversight', outcome: 'success' },
        { role: 'guardian', action: 'read', subject_type: 'dashboard', subject_id: 'JZ26', purpose: 'oversight', outcome: 'success' },
        { role: 'region_officer', action: 'read', subject_type: 'dashboard', subject_id: 'Utrecht & Flevoland', purpose: 'oversight', outcome: 'success' },
        { role: 'admin', action: 'read', subject_type: 'dashboard', subject_id: giId, purpose: 'oversight', outcome: 'success' },
        // the unknown region: nothing was read, nothing logged
        { role: 'provider_staff', action: 'read', subject_type: 'dashboard', subject_id: 'JZ22', purpose: 'oversight', outcome: 'denied' },
      ]);
    });

    it('never puts a child id, a case id or any personal data in a response', async () => {
      expect(bodies.length).toBeGreaterThan(10);
      const ids = (await api.dataSource.query(
        `SELECT id::text AS v FROM cases.child UNION ALL SELECT bsn_hmac FROM cases.child UNION ALL SELECT id::text FROM cases.measure
         UNION ALL SELECT id::text FROM cases.milestone UNION ALL SELECT id::text FROM cases.need`,
      )) as { v: string }[];
      expect(ids.length).toBeGreaterThan(100);
      const json = JSON.stringify(bodies);
      for (const { v } of ids) expect(json).not.toContain(v);
      expect(json).not.toContain('pd1.');
      expect(json).not.toMatch(/childId|measureId|caseId|bsn/i);
    });
  });

  describe('at scale', () => {
    it('answers for 2,000 more measures across the country', async () => {
      // 2,000 children over all municipalities, rulings over the last 15 months, milestones on time, late or missing
      await api.dataSource.query(
        `INSERT INTO cases.child (institution_id, given_names_enc, family_name_enc, bsn_enc, date_of_birth_enc, bsn_hmac, key_id, home_municipality_code)
         SELECT $1, 'pd1.bulk', 'pd1.bulk', 'pd1.bulk', 'pd1.bulk', encode(sha256(convert_to('bulk-' || i, 'UTF8')), 'hex'), 'bulk',
                (SELECT code FROM reference.municipality ORDER BY code OFFSET (i * 7) % 342 LIMIT 1)
           FROM generate_series(1, 2000) AS i`,
        [giId],
      );
      await api.dataSource.query(
        `INSERT INTO cases.measure (child_id, kind, ruling_date, institution_id, status)
         SELECT id, 'supervision_order', $1::date - (n % 450)::int, $2, CASE WHEN n % 10 = 0 THEN 'closed' ELSE 'open' END
           FROM (SELECT id, row_number() OVER (ORDER BY bsn_hmac) AS n FROM cases.child WHERE key_id = 'bulk') c`,
        [today, giId],
      );
      await api.dataSource.query(
        `WITH m AS (SELECT m.id, m.ruling_date, row_number() OVER (ORDER BY m.id) AS n FROM cases.measure m JOIN cases.child c ON c.id = m.child_id WHERE c.key_id = 'bulk')
         INSERT INTO cases.milestone (measure_id, kind, met_on, agreed_by, offering_id, recorded_by)
         SELECT id, 'permanent_guardian', LEAST(ruling_date + (n % 12)::int, $1::date), NULL::text[], NULL::uuid, $2::uuid FROM m WHERE n % 7 <> 0
         UNION ALL
         SELECT id, 'agreed_course', LEAST(ruling_date + 20 + (n % 40)::int, $1::date), ARRAY['parents'], NULL::uuid, $2::uuid FROM m WHERE n % 5 <> 0
         UNION ALL
         SELECT id, 'fitting_help', LEAST(ruling_date + 30 + (n % 90)::int, $1::date), NULL::text[], $3::uuid, $2::uuid FROM m WHERE n % 4 <> 0 AND ruling_date <= $1::date - 30`,
        [today, guardianUserId, offeringId],
      );
      await api.dataSource.query(
        `INSERT INTO cases.need (measure_id, category_code, urgency, recorded_by)
         SELECT m.id, (ARRAY['41','43','45','46'])[1 + ((row_number() OVER (ORDER BY m.id)) % 4)::int], 'regular', $1
           FROM cases.measure m JOIN cases.child c ON c.id = m.child_id WHERE c.key_id = 'bulk'`,
        [guardianUserId],
      );
      await api.dataSource.query(`ANALYZE cases.child; ANALYZE cases.measure; ANALYZE cases.milestone; ANALYZE cases.need`);

      for (const [path, token] of [
        [area('Utrecht & Flevoland'), regionOfficer],
        [`/api/dashboard/institutions/${giId}`, guardian],
      ] as const) {
        const scoped = await get(path, token);
        expect(scoped.childrenWithOpenMeasure).toBeGreaterThan(0);
      }
      const body = await get('/api/dashboard/regions', regionOfficer);
      expect(body.regions.filter((r: { childrenWithOpenMeasure: number | null }) => r.childrenWithOpenMeasure !== null).length).toBeGreaterThan(30);
      expect(new Set(body.regions.map((r: { status: { colour: string | null } }) => r.status.colour)).size).toBeGreaterThan(1);
    });
  });

  describe('no suppressed cell recovered by subtraction (issue #8)', () => {
    it("hides a small region's cells so that the area minus the other regions gives nothing away", async () => {
      // Noord-Holland/Amsterdam: 12 open measures in Amsterdam (JZ13), 3 in Haarlemmermeer (JZ15)
      for (let i = 0; i < 12; i++) await addMeasure({ municipality: 'GM0363', institution: giId, ruling: recent, guardianOn: recent });
      for (let i = 0; i < 3; i++) await addMeasure({ municipality: 'GM0394', institution: giId, ruling: recent, guardianOn: recent });
      const areaView = await get(area('Noord-Holland/Amsterdam'), inspector);
      const list = await get('/api/dashboard/regions', inspector);
      const codes: string[] = areaView.scope.regionCodes;
      const details = await Promise.all(codes.map((code) => get(`/api/dashboard/regions/${code}`, inspector)));
      const fromList = codes.map((code) => list.regions.find((r: { code: string }) => r.code === code));
      // every count cell a response shows, by path
      const cells = (body: Record<string, unknown>): Map<string, number | null> => {
        const out = new Map<string, number | null>();
        const walk = (v: unknown, path: string) => {
          if (v === null || typeof v === 'number') out.set(path, v as number | null);
          else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${(x as { month?: string; categoryCode?: string }).month ?? (x as { categoryCode?: string }).categoryCode ?? i}]`));
          else if (typeof v === 'object') for (const [k, x] of Object.entries(v as object)) if (!['scope', 'status', 'share', 'medianDays', 'p90Days'].includes(k)) walk(x, `${path}.${k}`);
        };
        walk(body, '');
        return out;
      };
      const areaCells = cells(areaView);
      let tried = 0;
      const leaks: { path: string; hidden: number; left: number }[] = [];
      for (const regionViews of [details, fromList]) {
        const regionCells = regionViews.map(cells);
        for (const [path, total] of areaCells) {
          if (total === null || !regionCells[0]!.has(path)) continue;
          const values = regionCells.map((c) => c.get(path) ?? null);
          const hidden = values.filter((v) => v === null).length;
          if (hidden === 0) continue;
          tried++;
          // the attack: the area total minus the regions shown; what is left is the hidden regions' sum
          const left = total - values.reduce<number>((n, v) => n + (v ?? 0), 0);
          if (left === 0) continue; // the hidden regions are all 0: that points at nobody
          if (hidden < 2 || left < 5) leaks.push({ path, hidden, left });
        }
      }
      expect(tried).toBeGreaterThan(0);
      expect(leaks).toEqual([]);
      // one pattern for every view: a region's cell is the same in the list and in its own view
      for (const [i, code] of codes.entries()) {
        const { scope, waitingPerCategory, monthly, asOf, ...headline } = details[i];
        expect({ code, ...headline }).toEqual({ code, ...(({ code: _c, name: _n, inspectionArea: _a, ...rest }) => rest)(fromList[i]) });
      }
    });
  });

  describe('one child, a record at each of two institutions', () => {
    it('counts the child once in a region and an inspection area, and each measure', async () => {
      const before = await get('/api/dashboard/regions/JZ22', regionOfficer);
      const areaBefore = await get(area('Utrecht & Flevoland'), regionOfficer);
      for (let i = 0; i < 5; i++) {
        const bsnHmac = createHash('sha256').update(`dashboard-shared-child-${i}`).digest('hex');
        for (const institution of [giId, otherGiId]) await addMeasure({ municipality: 'GM0344', institution, ruling: today, bsnHmac });
      }
      const after = await get('/api/dashboard/regions/JZ22', regionOfficer);
      const areaAfter = await get(area('Utrecht & Flevoland'), regionOfficer);
      expect(after.childrenWithOpenMeasure - before.childrenWithOpenMeasure).toBe(5);
      expect(areaAfter.childrenWithOpenMeasure - areaBefore.childrenWithOpenMeasure).toBe(5);
      // each institution counts its own measure for the child
      const own = await get(`/api/dashboard/institutions/${otherGiId}`, admin);
      expect(own.childrenWithOpenMeasure).toBeGreaterThanOrEqual(5);
    });
  });
});
