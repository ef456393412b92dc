import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '@passend/identity';
import { syntheticBsns } from './support/synthetic-bsn.js';
import { startTestApi, type TestApi } from './support/test-api.js';
import request from 'supertest';

/**
 * Providers keep the map live: their entry, locations, offerings and capacity, with optimistic
 * concurrency, bulk changes all or nothing, "still correct", holds taken by one conditional write.
 */
describe('the live social map: capacity and holds', () => {
  let api: TestApi;
  let provider: string;
  let guardian: string;
  let locationId: string;
  /** A hold names the open case (or the proposal) it is for, one place per case: each hold below gets a case of its own. */
  const nextBsn = syntheticBsns(40_000_000);
  async function openCase(): Promise<string> {
    const bsn = nextBsn();
    const opened = await request(api.http)
      .post('/api/cases')
      .set('Authorization', `Bearer ${guardian}`)
      .send({ child: { givenNames: 'Lotte', familyName: 'Houder', bsn, dateOfBirth: '2013-05-01', homeMunicipalityCode: 'GM0344' }, measure: { kind: 'supervision_order', rulingDate: '2026-11-02' } })
      .expect(201);
    return opened.body.id as string;
  }

  const offering = (overrides: Record<string, unknown> = {}) => ({
    locationId,
    name: 'Gezinshuis De Linde',
    categoryCode: '43',
    setting: 'family_home',
    specialismCodes: ['trauma_treatment', 'family_home_care'],
    minAge: 4,
    maxAge: 17.5,
    contractedRegionCodes: ['JZ22'],
    descriptionNl: 'Kleinschalig gezinshuis voor kinderen met trauma.',
    totalPlaces: 4,
    freePlaces: 2,
    waitWeeks: 6,
    ...overrides,
  });

  async function createOffering(overrides: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
    const res = await request(api.http).post('/api/offerings').set('Authorization', `Bearer ${provider}`).send(offering(overrides)).expect(201);
    return res.body as { id: string; version: number };
  }

  beforeAll(async () => {
    // one guardian races for many places below: lift the per-person cap for this suite (the cap has its own test in matching)
    api = await startTestApi({ holds: { defaultHours: 72, maxHours: 168, perUser: 1_000, perOrganisation: 1_000 } });
    [provider, guardian] = await Promise.all([api.tokenFor('provider_staff'), api.tokenFor('guardian')]);
    await request(api.http).put('/api/providers/me').set('Authorization', `Bearer ${provider}`).send({ name: 'Zorgaanbieder De Linde', kvkNumber: '12345678' }).expect(200);
    const location = await request(api.http)
      .post('/api/locations')
      .set('Authorization', `Bearer ${provider}`)
      .send({ name: 'Locatie Oudwijk', street: 'Oudwijk 12', postcode: '3581 JK', city: 'Utrecht', municipalityCode: 'GM0344', latitude: 52.0889, longitude: 5.1342 })
      .expect(201);
    locationId = location.body.id;
    expect(location.body.regionCode).toBe('JZ22');
  });
  afterAll(() => api.close());

  /** a signed-in account of an organisation of its own: another institution's guardian, another provider's staff */
  async function outsider(kind: 'certified_institution' | 'provider', role: 'guardian' | 'provider_staff', email: string): Promise<string> {
    const [org] = await api.dataSource.query(
      `INSERT INTO identity.organisation (kind, name, region_code, synthetic) VALUES ($1, $2, 'JZ22', true) RETURNING id`,
      [kind, `Elders ${email} (synthetisch)`],
    );
    await api.dataSource.query(
      `INSERT INTO identity."user" (organisation_id, email, display_name, role, password_hash)
       SELECT $1, $2, 'Test Elders', $3, password_hash FROM identity."user" WHERE email = 'jeugdbeschermer@demo.passend.nl'`,
      [org.id, email, role],
    );
    const login = await request(api.http).post('/api/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200);
    return login.body.accessToken as string;
  }

  describe('offerings', () => {
    it('creates an offering with its capacity, freshness "today" and a first capacity event', async () => {
      const created = await createOffering();
      const res = await request(api.http).get(`/api/offerings/${created.id}`).set('Authorization', `Bearer ${guardian}`).expect(200);
      expect(res.body).toMatchObject({ name: 'Gezinshuis De Linde', freePlaces: 2, totalPlaces: 4, waitWeeks: 6, freshness: 'today', minAge: 4, maxAge: 17.5, specialismCodes: ['family_home_care', 'trauma_treatment'], contractedRegionCodes: ['JZ22'] });
      const events = await api.dataSource.query(`SELECT kind, new_free FROM social_map.capacity_event WHERE offering_id = $1`, [created.id]);
      expect(events).toEqual([{ kind: 'created', new_free: 2 }]);
    });

    it('refuses bad offerings with a 400 naming each field, and writes nothing', async () => {
      const before = await api.dataSource.query(`SELECT count(*)::int AS n FROM social_map.offering`);
      const cases: [Record<string, unknown>, string][] = [
        [{ freePlaces: 5, totalPlaces: 4 }, 'freePlaces'],
        [{ totalPlaces: 10_001, freePlaces: 0 }, 'totalPlaces'],
        [{ freePlaces: -1 }, 'freePlaces'],
        [{ minAge: 12, maxAge: 4 }, 'minAge'],
        [{ categoryCode: '99' }, 'categoryCode'],
        [{ categoryCode: '35' }, 'categoryCode'],
        [{ specialismCodes: ['astrology'] }, 'specialismCodes[0]'],
        [{ contractedRegionCodes: ['JZ99'] }, 'contractedRegionCodes[0]'],
        [{ setting: 'spa' }, 'setting'],
        [{ setting: 'secure_residential', requiresSecureAuthorisation: false }, 'requiresSecureAuthorisation'],
      ];
      for (const [overrides, field] of cases) {
        const res = await request(api.http).post('/api/offerings').set('Authorization', `Bearer ${provider}`).send(offering(overrides)).expect(400);
        expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
      expect(await api.dataSource.query(`SELECT count(*)::int AS n FROM social_map.offering`)).toEqual(before);
    });

    it('refuses a location outside the Netherlands or in an unknown municipality', async () => {
      const bad = [
        [{ latitude: 50.8503, longitude: 4.3517 }, 'latitude'], // Brussels
        [{ municipalityCode: 'GM9999' }, 'municipalityCode'],
        [{ postcode: '0123 AB' }, 'postcode'],
      ] as const;
      for (const [overrides, field] of bad) {
        const res = await request(api.http)
          .post('/api/locations')
          .set('Authorization', `Bearer ${provider}`)
          .send({ name: 'Elders', city: 'Brussel', municipalityCode: 'GM0344', latitude: 52.09, longitude: 5.12, ...overrides })
          .expect(400);
        expect(res.body.error.details.fields[0].field).toBe(field);
      }
    });

    it('lets a guardian read but not change an offering', async () => {
      const { id } = await createOffering();
      await request(api.http).patch(`/api/offerings/${id}`).set('Authorization', `Bearer ${guardian}`).send({ name: 'Overgenomen' }).expect(403);
      await request(api.http).post('/api/offerings').set('Authorization', `Bearer ${guardian}`).send(offering()).expect(403);
    });
  });

  describe('capacity', () => {
    it('updates capacity with If-Match, returns the new ETag and records old and new values', async () => {
      const { id } = await createOffering();
      const read = await request(api.http).get(`/api/offerings/${id}/capacity`).set('Authorization', `Bearer ${provider}`).expect(200);
      const etag = read.headers.etag!;
      const res = await request(api.http)
        .put(`/api/offerings/${id}/capacity`)
        .set('Authorization', `Bearer ${provider}`)
        .set('If-Match', etag)
        .send({ totalPlaces: 6, freePlaces: 3, waitWeeks: 0, reason: 'contract' })
        .expect(200);
      expect(res.body).toMatchObject({ totalPlaces: 6, freePlaces: 3, waitWeeks: 0, version: read.body.version + 1 });
      expect(res.headers.etag).toBe(`"${read.body.version + 1}"`);
      const [event] = await api.dataSource.query(`SELECT kind, old_total, new_total, old_free, new_free, old_wait, new_wait, reason, actor_user_id IS NOT NULL AS by_someone FROM social_map.capacity_event WHERE offering_id = $1 AND kind = 'updated'`, [id]);
      expect(event).toEqual({ kind: 'updated', old_total: 4, new_total: 6, old_free: 2, new_free: 3, old_wait: 6, new_wait: 0, reason: 'contract', by_someone: true });
    });

    it('takes the reason as a code only: free text (where names end up) is refused naming the field, and nothing is written', async () => {
      const { id, version } = await createOffering();
      const bad = await request(api.http)
        .put(`/api/offerings/${id}/capacity`)
        .set('Authorization', `Bearer ${provider}`)
        .send({ totalPlaces: 4, freePlaces: 1, waitWeeks: 0, version, reason: 'Jan de Vries (12) is naar huis' })
        .expect(400);
      expect(bad.body.error.details.fields[0]).toMatchObject({ field: 'reason' });
      const events = await api.dataSource.query(`SELECT kind FROM social_map.capacity_event WHERE offering_id = $1`, [id]);
      expect(events).toEqual([{ kind: 'created' }]);
      await expect(
        api.dataSource.query(`INSERT INTO social_map.capacity_event (offering_id, kind, new_total, new_free, new_wait, reason) VALUES ($1, 'updated', 4, 1, 0, 'vrije tekst')`, [id]),
      ).rejects.toThrow(/capacity_event_reason_ck/);
    });

    it('refuses a stale version with 409 and the current state, and the stale write never wins', async () => {
      const { id, version } = await createOffering();
      await request(api.http).put(`/api/offerings/${id}/capacity`).set('Authorization', `Bearer ${provider}`).send({ totalPlaces: 4, freePlaces: 1, waitWeeks: 2, version }).expect(200);
      const stale = await request(api.http).put(`/api/offerings/${id}/capacity`).set('Authorization', `Bearer ${provider}`).send({ totalPlaces: 4, freePlaces: 4, waitWeeks: 0, version }).expect(409);
      expect(stale.body.error.code).toBe('stale_version');
      expect(stale.body.error.details.current).toMatchObject({ freePlaces: 1, version: version + 1 });
      const now = await request(api.http).get(`/api/offerings/${id}/capacity`).set('Authorization', `Bearer ${provider}`).expect(200);
      expect(now.body.freePlaces).toBe(1);
    });

    it('lets exactly one of two concurrent writers with the same version win', async () => {
      const { id, version } = await createOffering();
      const attempts = await Promise.all(
        [1, 2, 3, 4].map((free) => request(api.http).put(`/api/offerings/${id}/capacity`).set('Authorization', `Bearer ${provider}`).send({ totalPlaces: 4, freePlaces: free, waitWeeks: 0, version })),
      );
      expect(attempts.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
    });

    it('asks for a version (428) and refuses impossible numbers (400) without writing', async () => {
      const { id, version } = await createOffering();
      await request(api.http).put(`/api/offerings/${id}/capacity`).set('Authorization', `Bearer ${provider}`).send({ totalPlaces: 4, freePlaces: 1, waitWeeks: 0 }).expect(428);
      const bad = await request(api.http).put(`/api/offerings/${id}/capacity`).set('Authorization', `Bearer ${provider}`).send({ totalPlaces: 2, freePlaces: 3, waitWeeks: 0, version }).expect(400);
      expect(bad.body.error.details.fields[0].field).toBe('freePlaces');
      await request(api.http).put(`/api/offerings/${id}/capacity`).set('Authorization', `Bearer ${provider}`).set('If-Match', 'nonsense').send({ totalPlaces: 2, freePlaces: 1, waitWeeks: 0 }).expect(400);
      const unchanged = await request(api.http).get(`/api/offerings/${id}/capacity`).set('Authorization', `Bearer ${provider}`).expect(200);
      expect(unchanged.body.version).toBe(version);
    });

    it("refuses another provider's offering with 403 and audits the attempt", async () => {
      const { id, version } = await createOffering();
      const [other] = await api.dataSource.query(`INSERT INTO identity.organisation (kind, name, synthetic) VALUES ('provider', 'Andere aanbieder', true) RETURNING id`);
      await api.dataSource.query(`INSERT INTO social_map.provider (id, name) VALUES ($1, 'Andere aanbieder')`, [other.id]);
      await api.dataSource.query(`UPDATE social_map.offering SET provider_id = $2 WHERE id = $1`, [id, other.id]);
      const res = await request(api.http).put(`/api/offerings/${id}/capacity`).set('Authorization', `Bearer ${provider}`).send({ totalPlaces: 4, freePlaces: 0, waitWeeks: 0, version }).expect(403);
      expect(res.body.error.code).toBe('forbidden');
      const audit = await api.dataSource.query(`SELECT action, outcome FROM audit.access_log WHERE subject_type = 'offering' AND subject_id = $1`, [id]);
      expect(audit).toContainEqual({ action: 'update_capacity', outcome: 'denied' });
    });

    it('confirms "still correct" without a new version and makes a stale offering fresh', async () => {
      const { id, version } = await createOffering();
      await api.dataSource.query(`UPDATE social_map.offering SET capacity_confirmed_at = now() - interval '20 days' WHERE id = $1`, [id]);
      const stale = await request(api.http).get('/api/providers/me/stale-offerings').set('Authorization', `Bearer ${provider}`).expect(200);
      expect(stale.body.offerings.map((o: { id: string }) => o.id)).toContain(id);
      const res = await request(api.http).post(`/api/offerings/${id}/capacity/confirm`).set('Authorization', `Bearer ${provider}`).expect(200);
      expect(res.body).toMatchObject({ version, freshness: 'today', freePlaces: 2 });
      const after = await request(api.http).get('/api/providers/me/stale-offerings').set('Authorization', `Bearer ${provider}`).expect(200);
      expect(after.body.offerings.map((o: { id: string }) => o.id)).not.toContain(id);
    });

    it('lists stale offerings per provider in a daily report; running it twice keeps one report', async () => {
      const { id } = await createOffering();
      await api.dataSource.query(`UPDATE social_map.offering SET capacity_confirmed_at = now() - interval '15 days' WHERE id = $1`, [id]);
      const { StaleReportJob } = await import('@passend/social-map');
      const job = api.app.get(StaleReportJob);
      const first = await job.run();
      await job.run();
      expect(first.offerings).toBeGreaterThanOrEqual(1);
      const reports = await api.dataSource.query(`SELECT offering_ids FROM social_map.stale_report`);
      expect(reports).toHaveLength(1);
      expect(reports[0].offering_ids).toContain(id);
      const res = await request(api.http).get('/api/providers/me/stale-offerings').set('Authorization', `Bearer ${provider}`).expect(200);
      expect(res.body.reportDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(res.body.offerings.find((o: { id: string }) => o.id === id)?.freshness).toBe('stale');
    });

    it('saves a bulk change all or nothing, naming the bad row', async () => {
      const a = await createOffering();
      const b = await createOffering();
      const bad = await request(api.http)
        .post('/api/offerings/capacity/bulk')
        .set('Authorization', `Bearer ${provider}`)
        .send({ rows: [{ offeringId: a.id, totalPlaces: 4, freePlaces: 0, waitWeeks: 3, version: a.version }, { offeringId: b.id, totalPlaces: 4, freePlaces: 9, waitWeeks: 0, version: b.version }] })
        .expect(400);
      expect(bad.body.error.details.fields).toEqual([{ field: 'rows[1].freePlaces', message: expect.stringContaining('cannot be more than totalPlaces') }]);
      const staleRow = await request(api.http)
        .post('/api/offerings/capacity/bulk')
        .set('Authorization', `Bearer ${provider}`)
        .send({ rows: [{ offeringId: a.id, totalPlaces: 4, freePlaces: 0, waitWeeks: 3, version: a.version }, { offeringId: b.id, totalPlaces: 4, freePlaces: 1, waitWeeks: 0, version: b.version + 5 }] })
        .expect(409);
      expect(staleRow.body.error.details.fields[0].field).toBe('rows[1].version');
      const unchanged = await api.dataSource.query(`SELECT free_places FROM social_map.offering WHERE id = $1`, [a.id]);
      expect(unchanged[0].free_places).toBe(2);
      const ok = await request(api.http)
        .post('/api/offerings/capacity/bulk')
        .set('Authorization', `Bearer ${provider}`)
        .send({ rows: [{ offeringId: a.id, totalPlaces: 4, freePlaces: 0, waitWeeks: 3, version: a.version }, { offeringId: b.id, totalPlaces: 5, freePlaces: 1, waitWeeks: 0, version: b.version }] })
        .expect(200);
      expect(ok.body.offerings.map((o: { freePlaces: number }) => o.freePlaces)).toEqual([0, 1]);
    });

    const eventsOf = async (id: string) =>
      (await api.dataSource.query(
        `SELECT job_name AS name, payload FROM platform.outbox WHERE kind = 'event' AND (payload->'offeringIds' ? $1 OR payload->>'offeringId' = $1) ORDER BY seq`,
        [id],
      )) as { name: string; payload: Record<string, unknown> }[];

    it('publishes CapacityChanged in the same transaction as the change, also without Meilisearch (search runs on PostgreSQL)', async () => {
      const { id, version } = await createOffering();
      expect((await eventsOf(id)).map((e) => e.name)).toEqual(['social-map.offering-changed']);
      await request(api.http).put(`/api/offerings/${id}/capacity`).set('Authorization', `Bearer ${provider}`).send({ totalPlaces: 4, freePlaces: 3, waitWeeks: 0, version }).expect(200);
      expect(await eventsOf(id)).toEqual([
        { name: 'social-map.offering-changed', payload: { offeringIds: [id] } },
        { name: 'social-map.capacity-changed', payload: { offeringIds: [id] } },
      ]);
      const rolledBack = await request(api.http).put(`/api/offerings/${id}/capacity`).set('Authorization', `Bearer ${provider}`).send({ totalPlaces: 4, freePlaces: 3, waitWeeks: 0, version }).expect(409);
      expect(rolledBack.body.error.code).toBe('stale_version');
      expect(await eventsOf(id)).toHaveLength(2);
    });

    it('publishes the same events when search has an index of its own (the search-index subscriber reacts to them)', async () => {
      const withMeili = await startTestApi({ meili: { url: 'http://127.0.0.1:9' } }, api);
      try {
        const { id, version } = await createOffering();
        await request(withMeili.http).put(`/api/offerings/${id}/capacity`).set('Authorization', `Bearer ${provider}`).send({ totalPlaces: 4, freePlaces: 3, waitWeeks: 0, version }).expect(200);
        await request(withMeili.http).post(`/api/offerings/${id}/holds`).set('Authorization', `Bearer ${guardian}`).send({ measureId: await openCase() }).expect(201);
        expect((await eventsOf(id)).map((e) => e.name)).toEqual(['social-map.offering-changed', 'social-map.capacity-changed', 'social-map.capacity-changed']);
        expect(await api.dataSource.query(`SELECT count(*)::int AS n FROM platform.outbox WHERE kind = 'command' AND payload->'offeringIds' ? $1`, [id])).toEqual([{ n: 0 }]);
      } finally {
        await withMeili.close();
      }
    });

    it('publishes CapacityChanged and HoldResolved for every step of a hold: placed, released, confirmed', async () => {
      const { id } = await createOffering({ totalPlaces: 3, freePlaces: 3 });
      const placed = (await request(api.http).post(`/api/offerings/${id}/holds`).set('Authorization', `Bearer ${guardian}`).send({ measureId: await openCase() }).expect(201)).body;
      const kept = (await request(api.http).post(`/api/offerings/${id}/holds`).set('Authorization', `Bearer ${guardian}`).send({ measureId: await openCase() }).expect(201)).body;
      await request(api.http).post(`/api/holds/${placed.holdId}/release`).set('Authorization', `Bearer ${guardian}`).expect(200);
      await request(api.http).post(`/api/holds/${kept.holdId}/confirm`).set('Authorization', `Bearer ${guardian}`).expect(200);
      const capacity = { name: 'social-map.capacity-changed', payload: { offeringIds: [id] } };
      expect((await eventsOf(id)).slice(1)).toEqual([
        capacity,
        capacity,
        { name: 'social-map.hold-resolved', payload: { holdId: placed.holdId, offeringId: id, state: 'released' } },
        capacity,
        { name: 'social-map.hold-resolved', payload: { holdId: kept.holdId, offeringId: id, state: 'confirmed' } },
        capacity,
      ]);
    });

    it('writes nothing to the outbox for a hold refused for want of a free place', async () => {
      const { id } = await createOffering({ totalPlaces: 1, freePlaces: 0 });
      const before = await eventsOf(id);
      await request(api.http).post(`/api/offerings/${id}/holds`).set('Authorization', `Bearer ${guardian}`).send({ measureId: await openCase() }).expect(409);
      expect(await eventsOf(id)).toEqual(before);
    });
  });

  describe('holds', () => {
    it('takes exactly N places when 10·N clients race, and never overbooks', async () => {
      const { id } = await createOffering({ totalPlaces: 5, freePlaces: 5 });
      const cases = await Promise.all(Array.from({ length: 50 }, () => openCase()));
      const attempts = await Promise.all(cases.map((measureId) => request(api.http).post(`/api/offerings/${id}/holds`).set('Authorization', `Bearer ${guardian}`).send({ measureId })));
      expect(attempts.filter((a) => a.status === 201)).toHaveLength(5);
      expect(attempts.filter((a) => a.status === 409).every((a) => a.body.error.details.reason === 'no_free_place')).toBe(true);
      expect(attempts.filter((a) => a.status === 409)).toHaveLength(45);
      const [row] = await api.dataSource.query(`SELECT free_places, (SELECT count(*)::int FROM social_map.hold WHERE offering_id = $1 AND state = 'held') AS held FROM social_map.offering WHERE id = $1`, [id]);
      expect(row).toEqual({ free_places: 0, held: 5 });
    });

    it('gives a released place back exactly once', async () => {
      let measureId = '';
      const { id } = await createOffering({ totalPlaces: 2, freePlaces: 1 });
      const hold = await request(api.http).post(`/api/offerings/${id}/holds`).set('Authorization', `Bearer ${guardian}`).send({ measureId: (measureId = await openCase()), ttlHours: 1 }).expect(201);
      const held = await request(api.http).get(`/api/holds/${hold.body.holdId}`).set('Authorization', `Bearer ${guardian}`).expect(200);
      expect(held.body).toMatchObject({ state: 'held', freePlaces: 0, holderRef: `case:${measureId}` });
      const releases = await Promise.all([1, 2, 3].map(() => request(api.http).post(`/api/holds/${hold.body.holdId}/release`).set('Authorization', `Bearer ${guardian}`)));
      expect(releases.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      const [row] = await api.dataSource.query(`SELECT free_places FROM social_map.offering WHERE id = $1`, [id]);
      expect(row.free_places).toBe(1);
    });

    it('keeps the place taken when a hold is confirmed, and refuses to release it afterwards', async () => {
      const { id } = await createOffering({ totalPlaces: 2, freePlaces: 1 });
      const hold = await request(api.http).post(`/api/offerings/${id}/holds`).set('Authorization', `Bearer ${guardian}`).send({ measureId: await openCase() }).expect(201);
      await request(api.http).post(`/api/holds/${hold.body.holdId}/confirm`).set('Authorization', `Bearer ${guardian}`).expect(200);
      await request(api.http).post(`/api/holds/${hold.body.holdId}/release`).set('Authorization', `Bearer ${guardian}`).expect(409);
      const [row] = await api.dataSource.query(`SELECT free_places FROM social_map.offering WHERE id = $1`, [id]);
      expect(row.free_places).toBe(0);
    });

    it('expires holds past their time, giving each place back once, also when the job runs twice', async () => {
      const { id } = await createOffering({ totalPlaces: 3, freePlaces: 3 });
      for (let i = 0; i < 2; i++) await request(api.http).post(`/api/offerings/${id}/holds`).set('Authorization', `Bearer ${guardian}`).send({ measureId: await openCase() }).expect(201);
      await api.dataSource.query(`UPDATE social_map.hold SET expires_at = now() - interval '1 minute' WHERE offering_id = $1`, [id]);
      const { HoldService } = await import('@passend/social-map');
      const holds = api.app.get(HoldService);
      const [first, second] = await Promise.all([holds.expireDue(), holds.expireDue()]);
      expect(first.expired + second.expired).toBeGreaterThanOrEqual(2);
      await holds.expireDue();
      const [row] = await api.dataSource.query(`SELECT free_places, (SELECT count(*)::int FROM social_map.hold WHERE offering_id = $1 AND state = 'expired') AS expired FROM social_map.offering WHERE id = $1`, [id]);
      expect(row).toEqual({ free_places: 3, expired: 2 });
      const resolved = (await api.dataSource.query(
        `SELECT payload->>'state' AS state FROM platform.outbox WHERE kind = 'event' AND job_name = 'social-map.hold-resolved' AND payload->>'offeringId' = $1`,
        [id],
      )) as { state: string }[];
      expect(resolved).toEqual([{ state: 'expired' }, { state: 'expired' }]);
    });

    /** every trace a hold write leaves: holds, the offering's places and version, its capacity log, the outbox and the audit log */
    const holdTraces = async (offeringId: string) =>
      (
        await api.dataSource.query(
          `SELECT (SELECT count(*)::int FROM social_map.hold WHERE offering_id = $1) AS holds,
                  (SELECT json_agg(state ORDER BY id) FROM social_map.hold WHERE offering_id = $1) AS states,
                  o.free_places, o.version,
                  (SELECT count(*)::int FROM social_map.capacity_event WHERE offering_id = $1) AS capacity_events,
                  (SELECT count(*)::int FROM platform.outbox) AS outbox,
                  (SELECT count(*)::int FROM audit.access_log WHERE outcome = 'success' AND subject_type = 'hold') AS hold_accesses
             FROM social_map.offering o WHERE o.id = $1`,
          [offeringId],
        )
      )[0] as Record<string, unknown>;

    it('refuses a hold for providers, a personal-looking holder reference, and a full offering, and writes nothing', async () => {
      const { id } = await createOffering({ totalPlaces: 1, freePlaces: 0 });
      const measureId = await openCase();
      const before = await holdTraces(id);
      await request(api.http).post(`/api/offerings/${id}/holds`).set('Authorization', `Bearer ${provider}`).send({ measureId }).expect(403);
      const bad = await request(api.http).post(`/api/offerings/${id}/holds`).set('Authorization', `Bearer ${guardian}`).send({ measureId: 'Jan Jansen' }).expect(400);
      expect(bad.body.error.details.fields[0].field).toBe('measureId');
      await request(api.http).post(`/api/offerings/${id}/holds`).set('Authorization', `Bearer ${guardian}`).send({ measureId }).expect(409);
      await request(api.http).post(`/api/offerings/not-a-uuid/holds`).set('Authorization', `Bearer ${guardian}`).send({ measureId }).expect(400);
      await request(api.http).post(`/api/offerings/00000000-0000-4000-8000-000000000000/holds`).set('Authorization', `Bearer ${guardian}`).send({ measureId }).expect(404);
      expect(await holdTraces(id)).toEqual(before);
    });

    it("refuses a hold for another institution's case, and the release or confirmation of a hold by another institution or provider or the wrong role, and writes nothing", async () => {
      const { id } = await createOffering({ totalPlaces: 3, freePlaces: 3 });
      const held = (await request(api.http).post(`/api/offerings/${id}/holds`).set('Authorization', `Bearer ${guardian}`).send({ measureId: await openCase() }).expect(201)).body;
      const otherGuardian = await outsider('certified_institution', 'guardian', 'elders-gi@test.passend.nl');
      const otherProvider = await outsider('provider', 'provider_staff', 'elders-aanbieder@test.passend.nl');
      const ourCase = await openCase();
      const before = await holdTraces(id);
      const refusals: [string, string, string, object][] = [
        ['guardian of another institution', 'hold for this institution\'s case', `/api/offerings/${id}/holds`, { measureId: ourCase }],
        ['guardian of another institution', 'release', `/api/holds/${held.holdId}/release`, {}],
        ['guardian of another institution', 'confirm', `/api/holds/${held.holdId}/confirm`, {}],
        ['provider of another offering', 'release', `/api/holds/${held.holdId}/release`, {}],
        ['provider of the offering', 'confirm', `/api/holds/${held.holdId}/confirm`, {}], // it may release, not confirm
      ];
      const tokens: Record<string, string> = { 'guardian of another institution': otherGuardian, 'provider of another offering': otherProvider, 'provider of the offering': provider };
      const got: string[] = [];
      for (const [who, what, path, body] of refusals) {
        const res = await request(api.http).post(path).set('Authorization', `Bearer ${tokens[who]!}`).send(body);
        got.push(`${who} ${what} ${res.status} ${res.body.error?.code}`);
      }
      expect(got).toEqual(refusals.map(([who, what]) => `${who} ${what} 403 forbidden`));
      expect(await holdTraces(id)).toEqual(before);
      expect(before).toMatchObject({ holds: 1, states: ['held'], free_places: 2 });
    });
  });
});
