import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { addDays, CheckNorms, dueDate, NormCheck, normClocks, todayInAmsterdam, type LocalDate, type Milestone } from '@passend/cases';
import { DEMO_PASSWORD, UserDirectory } from '@passend/identity';
import { eventually } from '@passend/testing';
import { FixedClock } from '@passend/platform';
import { startTestApi, type TestApi } from './support/test-api.js';
import { startTestWorker, type TestWorker } from './support/test-worker.js';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';

/**
 * The norm check: every open measure's clocks, due-soon and overdue milestones notified to the
 * case's guardian and the institution's team leads, once; a user's own notifications over HTTP.
 */
describe('norm notifications', () => {
  let api: TestApi;
  let normCheck: NormCheck;
  let guardianToken: string;
  let adminToken: string;
  let leadToken: string;

  // the api and the worker read the time from this clock: "today" stays the fixtures' today, midnight or not
  const clock = new FixedClock(new Date());
  const today = todayInAmsterdam(clock.now());
  const ruling = addDays(today, -40);
  /** noon UTC is the same calendar day in Amsterdam, summer and winter */
  const dayAt = (d: LocalDate) => new Date(`${d}T12:00:00Z`);

  const ids = {} as {
    gi: string; otherGi: string; guardian: string; lead: string; other: string; admin: string;
    a: string; b: string; c: string; closed: string; ended: string; elsewhere: string;
  };

  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => api.dataSource.query(sql, params) as Promise<T[]>;
  const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await q<T>(sql, params))[0]!;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  async function addGuardian(institutionId: string, email: string): Promise<string> {
    const row = await one<{ id: string }>(
      `INSERT INTO identity."user" (organisation_id, email, display_name, role, password_hash)
       SELECT $1, $2, 'Test Jeugdbeschermer', 'guardian', password_hash FROM identity."user" WHERE id = $3 RETURNING id`,
      [institutionId, email, ids.guardian],
    );
    return row.id;
  }

  async function openMeasure(o: { institutionId?: string; rulingDate?: LocalDate; status?: 'open' | 'closed'; endDate?: LocalDate | null; urgentHelpDueOn?: LocalDate | null } = {}): Promise<string> {
    const child = await one<{ id: string }>(
      `INSERT INTO cases.child (institution_id, given_names_enc, family_name_enc, bsn_enc, date_of_birth_enc, bsn_hmac, key_id, home_municipality_code)
       VALUES ($2, 'pd1.test.a.b.c', 'pd1.test.a.b.c', 'pd1.test.a.b.c', 'pd1.test.a.b.c', $1, 'test', 'GM0344') RETURNING id`,
      [randomBytes(32).toString('hex'), o.institutionId ?? ids.gi],
    );
    const measure = await one<{ id: string }>(
      `INSERT INTO cases.measure (child_id, kind, ruling_date, end_date, institution_id, urgent, urgent_help_due_on, status)
       VALUES ($1, 'supervision_order', $2, $3, $4, $5, $6, $7) RETURNING id`,
      [child.id, o.rulingDate ?? ruling, o.endDate ?? null, o.institutionId ?? ids.gi, o.urgentHelpDueOn != null, o.urgentHelpDueOn ?? null, o.status ?? 'open'],
    );
    return measure.id;
  }

  const assign = (measureId: string, userId: string, kind: 'permanent' | 'temporary') =>
    q(`INSERT INTO cases.guardian_assignment (measure_id, guardian_user_id, kind, from_date, created_by) VALUES ($1, $2, $3, $4, $5)`, [measureId, userId, kind, ruling, ids.guardian]);

  const meet = (measureId: string, milestone: 'permanent_guardian' | 'agreed_course', metOn: LocalDate) =>
    q(`INSERT INTO cases.milestone (measure_id, kind, met_on, agreed_by, recorded_by) VALUES ($1, $2, $3, $4, $5)`, [
      measureId, milestone, metOn, milestone === 'agreed_course' ? ['child', 'parents'] : null, ids.guardian,
    ]);

  /** recipient|measure|milestone|kind of every notification, sorted */
  async function notificationKeys(): Promise<string[]> {
    const rows = await q<{ k: string }>(`SELECT recipient_user_id || '|' || measure_id || '|' || milestone || '|' || kind AS k FROM cases.notification`);
    return rows.map((r) => r.k).sort();
  }
  const key = (user: string, measure: string, milestone: Milestone, kind: 'due_soon' | 'overdue') => `${user}|${measure}|${milestone}|${kind}`;

  beforeAll(async () => {
    api = await startTestApi({}, undefined, { clock });
    normCheck = api.app.get(NormCheck);
    [guardianToken, adminToken] = await Promise.all([api.tokenFor('guardian'), api.tokenFor('admin')]);
    const user = (email: string) => one<{ id: string; organisation_id: string }>(`SELECT id, organisation_id FROM identity."user" WHERE email = $1`, [email]);
    const g = await user('jeugdbeschermer@demo.passend.nl');
    ids.guardian = g.id;
    ids.gi = g.organisation_id;
    ids.admin = (await user('beheer@demo.passend.nl')).id;
    ids.otherGi = (await one<{ id: string }>(`INSERT INTO identity.organisation (kind, name, region_code, synthetic) VALUES ('certified_institution', 'Andere GI (synthetisch)', 'JZ22', true) RETURNING id`)).id;
    ids.lead = await addGuardian(ids.gi, 'teamleider@test.passend.nl');
    ids.other = await addGuardian(ids.gi, 'collega@test.passend.nl');
    await q(`INSERT INTO cases.team_lead (institution_id, user_id) VALUES ($1, $2)`, [ids.gi, ids.lead]);
    leadToken = (await request(api.http).post('/api/auth/login').send({ email: 'teamleider@test.passend.nl', password: DEMO_PASSWORD }).expect(200)).body.accessToken;

    // A: only a duty guardian; permanent guardian overdue, course due soon, help on time
    ids.a = await openMeasure();
    await assign(ids.a, ids.guardian, 'temporary');
    // B: permanent guardian and a duty guardian; guardian and course met; urgent help due soon
    ids.b = await openMeasure({ urgentHelpDueOn: addDays(today, 3) });
    await assign(ids.b, ids.guardian, 'permanent');
    await assign(ids.b, ids.other, 'temporary');
    await meet(ids.b, 'permanent_guardian', addDays(ruling, 1));
    await meet(ids.b, 'agreed_course', addDays(today, -5));
    // C: no guardian at all: the team lead must see it
    ids.c = await openMeasure();
    // closed, and open with an end date in the past: not checked
    ids.closed = await openMeasure({ rulingDate: addDays(today, -100), endDate: addDays(today, -10), status: 'closed' });
    await assign(ids.closed, ids.guardian, 'permanent');
    ids.ended = await openMeasure({ rulingDate: addDays(today, -100), endDate: addDays(today, -1) });
    await assign(ids.ended, ids.guardian, 'permanent');
    // another institution without guardians or team leads: flagged, nobody to tell
    ids.elsewhere = await openMeasure({ institutionId: ids.otherGi });
  });
  afterAll(() => api.close());

  // each test starts without notifications and makes the ones it reads (jest -t runs any one alone)
  beforeEach(async () => {
    await q(`DELETE FROM cases.notification`);
  });
  /** today's check: guardian 3 (A's guardian and course, B's help), team lead 5 (and C's guardian and course) */
  const notifyToday = () => normCheck.check();

  it('sets up the clocks it means to (computed with the domain)', () => {
    expect(dueDate('agreed_course', ruling)).toBe(addDays(today, 2));
    expect(normClocks(ruling, {}, today).map((c) => c.state)).toEqual(['overdue', 'due_soon', 'on_time']);
    expect(normClocks(ruling, { permanent_guardian: addDays(ruling, 1), agreed_course: addDays(today, -5) }, today, undefined, { urgentHelpDueDate: addDays(today, 3) }).map((c) => c.state))
      .toEqual(['met_on_time', 'met_on_time', 'due_soon']);
  });

  it('refuses a team lead who is not a guardian of the institution', async () => {
    await expect(q(`INSERT INTO cases.team_lead (institution_id, user_id) VALUES ($1, $2)`, [ids.gi, ids.admin])).rejects.toThrow('is not a guardian of institution');
    await expect(q(`INSERT INTO cases.team_lead (institution_id, user_id) VALUES ($1, $2)`, [ids.otherGi, ids.guardian])).rejects.toThrow('is not a guardian of institution');
  });

  it('notifies the guardian (permanent before duty) and the team leads of each due-soon and overdue clock, once', async () => {
    const first = await normCheck.check();
    expect(first).toEqual({ today, measures: 4, dueSoon: 4, overdue: 3, created: 8, withoutRecipient: 2 });

    const expected = [
      // A: the duty guardian, as there is no permanent one, and the team lead
      key(ids.guardian, ids.a, 'permanent_guardian', 'overdue'),
      key(ids.guardian, ids.a, 'agreed_course', 'due_soon'),
      key(ids.lead, ids.a, 'permanent_guardian', 'overdue'),
      key(ids.lead, ids.a, 'agreed_course', 'due_soon'),
      // B: met milestones get nothing; the permanent guardian, not the duty guardian, gets the help clock
      key(ids.guardian, ids.b, 'fitting_help', 'due_soon'),
      key(ids.lead, ids.b, 'fitting_help', 'due_soon'),
      // C: a child without a guardian: only the team lead
      key(ids.lead, ids.c, 'permanent_guardian', 'overdue'),
      key(ids.lead, ids.c, 'agreed_course', 'due_soon'),
    ].sort();
    expect(await notificationKeys()).toEqual(expected);

    const second = await normCheck.check();
    expect(second).toEqual({ ...first, created: 0 });
    expect(await notificationKeys()).toEqual(expected);

    const row = await one(
      `SELECT due_on::text, created_on::text, read_at FROM cases.notification WHERE recipient_user_id = $1 AND measure_id = $2 AND milestone = 'agreed_course'`,
      [ids.guardian, ids.a],
    );
    expect(row).toEqual({ due_on: addDays(today, 2), created_on: today, read_at: null });
    expect(await q(`SELECT 1 FROM cases.notification WHERE measure_id = ANY($1)`, [[ids.closed, ids.ended, ids.elsewhere]])).toEqual([]);
  });

  it('shows the signed-in user their own notifications, newest first, with ids, codes and dates only', async () => {
    await notifyToday();
    const res = await request(api.http).get('/api/notifications').set(auth(guardianToken)).expect(200);
    expect(res.body).toMatchObject({ total: 3, unread: 3, page: 1, perPage: 25 });
    expect(res.body.items).toEqual([
      { id: expect.any(String), measureId: ids.a, milestone: 'permanent_guardian', kind: 'overdue', dueOn: dueDate('permanent_guardian', ruling), createdAt: expect.any(String), readAt: null },
      { id: expect.any(String), measureId: ids.a, milestone: 'agreed_course', kind: 'due_soon', dueOn: addDays(today, 2), createdAt: expect.any(String), readAt: null },
      { id: expect.any(String), measureId: ids.b, milestone: 'fitting_help', kind: 'due_soon', dueOn: addDays(today, 3), createdAt: expect.any(String), readAt: null },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('pd1.');

    const admin = await request(api.http).get('/api/notifications').set(auth(adminToken)).expect(200);
    expect(admin.body).toEqual({ items: [], total: 0, unread: 0, page: 1, perPage: 25 });
    await request(api.http).get('/api/notifications').expect(401);
  });

  it('marks one read (idempotently) and filters on unread', async () => {
    await notifyToday();
    const list = await request(api.http).get('/api/notifications').set(auth(guardianToken)).expect(200);
    const course = list.body.items.find((n: { milestone: string }) => n.milestone === 'agreed_course');

    const read = await request(api.http).post(`/api/notifications/${course.id}/read`).set(auth(guardianToken)).expect(200);
    expect(read.body).toMatchObject({ id: course.id, readAt: expect.any(String) });
    const again = await request(api.http).post(`/api/notifications/${course.id}/read`).set(auth(guardianToken)).expect(200);
    expect(again.body.readAt).toBe(read.body.readAt);

    const unread = await request(api.http).get('/api/notifications?unread=true').set(auth(guardianToken)).expect(200);
    expect(unread.body).toMatchObject({ total: 2, unread: 2 });
    expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(course.id);
    const readOnes = await request(api.http).get('/api/notifications?unread=false').set(auth(guardianToken)).expect(200);
    expect(readOnes.body).toMatchObject({ total: 1, unread: 2, items: [{ id: course.id }] });
  });

  it("answers 404 for someone else's notification and leaves it unread", async () => {
    await notifyToday();
    const [theirs] = await q<{ id: string }>(`SELECT id FROM cases.notification WHERE recipient_user_id = $1 AND read_at IS NULL LIMIT 1`, [ids.guardian]);
    const res = await request(api.http).post(`/api/notifications/${theirs!.id}/read`).set(auth(leadToken)).expect(404);
    expect(res.body.error.code).toBe('not_found');
    await request(api.http).post(`/api/notifications/${theirs!.id}/read`).set(auth(adminToken)).expect(404);
    await request(api.http).post(`/api/notifications/${randomUUID()}/read`).set(auth(guardianToken)).expect(404);
    expect(await one(`SELECT read_at FROM cases.notification WHERE id = $1`, [theirs!.id])).toEqual({ read_at: null });
  });

  it('refuses bad list parameters and ids with a 400', async () => {
    for (const query of ['foo=1', 'unread=maybe', 'page=0', 'perPage=101', 'perPage=abc', 'page=']) {
      const res = await request(api.http).get(`/api/notifications?${query}`).set(auth(guardianToken)).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    await request(api.http).post('/api/notifications/not-a-uuid/read').set(auth(guardianToken)).expect(400);
  });

  it('pages and marks all read, for the signed-in user only', async () => {
    await notifyToday();
    const page = await request(api.http).get('/api/notifications?perPage=2&page=3').set(auth(leadToken)).expect(200);
    expect(page.body).toMatchObject({ total: 5, unread: 5, page: 3, perPage: 2 });
    expect(page.body.items).toHaveLength(1);

    const all = await request(api.http).post('/api/notifications/read-all').set(auth(leadToken)).expect(200);
    expect(all.body).toEqual({ marked: 5 });
    expect((await request(api.http).post('/api/notifications/read-all').set(auth(leadToken)).expect(200)).body).toEqual({ marked: 0 });
    expect((await request(api.http).get('/api/notifications?unread=true').set(auth(leadToken)).expect(200)).body).toMatchObject({ total: 0, unread: 0 });
    // the guardian's own are untouched
    expect((await request(api.http).get('/api/notifications').set(auth(guardianToken)).expect(200)).body).toMatchObject({ total: 3, unread: 3 });
  });

  it('adds one overdue notification when a due-soon clock runs out, and only once', async () => {
    await notifyToday();
    const later = dayAt(addDays(today, 5));
    const before = (await notificationKeys()).length;
    expect(before).toBe(8);
    const run = await normCheck.check({ now: later });
    // A's course and B's help (guardian and team lead), C's course (team lead)
    expect(run).toMatchObject({ measures: 4, dueSoon: 0, overdue: 7, created: 5, withoutRecipient: 2 });
    expect(await normCheck.check({ now: later })).toMatchObject({ created: 0 });
    const keys = await notificationKeys();
    expect(keys).toHaveLength(before + 5);
    expect(keys).toEqual(expect.arrayContaining([
      key(ids.guardian, ids.a, 'agreed_course', 'due_soon'),
      key(ids.guardian, ids.a, 'agreed_course', 'overdue'),
      key(ids.guardian, ids.b, 'fitting_help', 'overdue'),
      key(ids.lead, ids.c, 'agreed_course', 'overdue'),
    ]));
    expect(keys).not.toContain(key(ids.other, ids.b, 'fitting_help', 'overdue'));
  });

  describe('on demand', () => {
    let worker: TestWorker | undefined;
    afterAll(() => worker?.close());

    it('lets only an administrator queue the check (202 with the job id); the worker runs it', async () => {
      await request(api.http).post('/api/notifications/check').set(auth(guardianToken)).expect(403);
      await notifyToday(); // what is known already: the queued check adds only the new measure's
      const fresh = await openMeasure();
      const res = await request(api.http).post('/api/notifications/check').set(auth(adminToken)).expect(202);
      expect(res.body).toEqual({ jobId: expect.any(String) });

      worker = await startTestWorker({ databaseUrl: api.db.url, jobs: [CheckNorms], providers: [NormCheck, UserDirectory], clock: api.clock });
      const queue = worker.backend.queue(CheckNorms.queue);
      await eventually(async () => expect(await (await queue.getJob(res.body.jobId))?.getState()).toBe('completed'), 10_000);
      const job = (await queue.getJob(res.body.jobId))!;
      expect(job.name).toBe(CheckNorms.name);
      expect(job.returnvalue).toMatchObject({ today, created: 2 });
      expect(await notificationKeys()).toEqual(expect.arrayContaining([key(ids.lead, fresh, 'permanent_guardian', 'overdue'), key(ids.lead, fresh, 'agreed_course', 'due_soon')]));
    });
  });

  it('checks thousands of open measures in batches, each notified once', async () => {
    const known = await notifyToday(); // the measures other tests made: notified before the thousands come
    const institution = (await one<{ id: string }>(`INSERT INTO identity.organisation (kind, name, region_code, synthetic) VALUES ('certified_institution', 'Grote GI (synthetisch)', 'JZ22', true) RETURNING id`)).id;
    const lead = await addGuardian(institution, 'teamleider-groot@test.passend.nl');
    await q(`INSERT INTO cases.team_lead (institution_id, user_id) VALUES ($1, $2)`, [institution, lead]);
    await q(
      `WITH c AS (
         INSERT INTO cases.child (institution_id, given_names_enc, family_name_enc, bsn_enc, date_of_birth_enc, bsn_hmac, key_id, home_municipality_code)
         SELECT $2::uuid, 'pd1.test.a.b.c', 'pd1.test.a.b.c', 'pd1.test.a.b.c', 'pd1.test.a.b.c', encode(sha256(gen_random_uuid()::text::bytea), 'hex'), 'test', 'GM0344'
           FROM generate_series(1, 2000)
         RETURNING id)
       INSERT INTO cases.measure (child_id, kind, ruling_date, institution_id) SELECT id, 'supervision_order', $1, $2 FROM c`,
      [ruling, institution],
    );

    const run = await normCheck.check({ batchSize: 300 });
    expect(run.measures).toBe(known.measures + 2_000);
    expect(run.created).toBe(4_000);
    expect(await one(`SELECT count(*)::int AS n, count(DISTINCT measure_id)::int AS measures FROM cases.notification WHERE recipient_user_id = $1`, [lead]))
      .toEqual({ n: 4_000, measures: 2_000 });
    expect(await normCheck.check({ batchSize: 300 })).toMatchObject({ measures: known.measures + 2_000, created: 0 });
  });
});
