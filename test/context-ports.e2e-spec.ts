import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, FittingHelpRecorder, isValidBsn, todayInAmsterdam, WaitingChildren, type WaitingChild } from '@passend/cases';
import { DomainError } from '@passend/platform';
import { OfferingReader } from '@passend/social-map';
import request from 'supertest';
import { startTestApi, type TestApi } from './support/test-api.js';

/**
 * The ports matching reads and writes through, on the real api: cases' WaitingChildren and
 * FittingHelpRecorder, the social map's OfferingReader (and through it cases' HelpCatalogue).
 */
describe('context ports for matching', () => {
  let api: TestApi;
  let guardian: string;
  let guardianUserId: string;
  let institutionId: string;
  let offeringId: string;
  let closedOfferingId: string;
  const today = todayInAmsterdam(new Date());
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  let bsnCounter = 20_000_000;
  const nextBsn = () => {
    for (;;) {
      const head = String(bsnCounter++).padStart(8, '0');
      const check = [...head].reduce((s, d, i) => s + (9 - i) * Number(d), 0) % 11;
      if (check < 10 && isValidBsn(head + check)) return head + check;
    }
  };
  async function openCase(rulingDate: string, home = 'GM0344', dateOfBirth = '2013-05-02'): Promise<string> {
    const res = await request(api.http)
      .post('/api/cases')
      .set(as(guardian))
      .send({ child: { givenNames: 'Sem', familyName: 'Wachter', bsn: nextBsn(), dateOfBirth, homeMunicipalityCode: home }, measure: { kind: 'supervision_order', rulingDate } })
      .expect(201);
    return res.body.id as string;
  }
  function addNeed(measureId: string, body: Record<string, unknown>) {
    return request(api.http).post(`/api/cases/${measureId}/needs`).set(as(guardian)).send({ categoryCode: '43', urgency: 'urgent', ...body });
  }

  beforeAll(async () => {
    api = await startTestApi();
    guardian = await api.tokenFor('guardian');
    const [me] = await api.dataSource.query(`SELECT id, organisation_id FROM identity."user" WHERE email = 'jeugdbeschermer@demo.passend.nl'`);
    guardianUserId = me.id;
    institutionId = me.organisation_id;
    const provider = await api.tokenFor('provider_staff');
    await request(api.http).put('/api/providers/me').set(as(provider)).send({ name: 'Zorgaanbieder De Linde' }).expect(200);
    const location = await request(api.http)
      .post('/api/locations')
      .set(as(provider))
      .send({ name: 'Locatie Oudwijk', city: 'Utrecht', municipalityCode: 'GM0344', latitude: 52.0889, longitude: 5.1342 })
      .expect(201);
    const offering = (body: Record<string, unknown>) =>
      request(api.http)
        .post('/api/offerings')
        .set(as(provider))
        .send({ locationId: location.body.id, name: 'Gezinshuis De Linde', categoryCode: '43', setting: 'family_home', specialismCodes: ['trauma_treatment', 'autism'], minAge: 4, maxAge: 17.5, contractedRegionCodes: ['JZ22', 'JZ01'], totalPlaces: 4, freePlaces: 2, exclusionCriteria: ['brandstichting in de voorgeschiedenis'], ...body })
        .expect(201);
    offeringId = (await offering({})).body.id;
    closedOfferingId = (await offering({ name: 'Behandelgroep Vol', setting: 'residential', categoryCode: '45', freePlaces: 0, specialismCodes: [], exclusionCriteria: [] })).body.id;
  });
  afterAll(() => api.close());

  describe('OfferingReader', () => {
    it('gives plain candidates with their arrays, region and privacy, filtered by category, free places and region', async () => {
      const reader = api.app.get(OfferingReader);
      const all = await reader.eligibleCandidates({ categoryCodes: [] });
      expect(all.map((c) => c.offeringId).sort()).toEqual([offeringId, closedOfferingId].sort());
      const [home] = await reader.eligibleCandidates({ categoryCodes: ['43'] });
      expect(home).toEqual({
        offeringId,
        providerId: expect.any(String),
        locationId: expect.any(String),
        municipalityCode: 'GM0344',
        regionCode: 'JZ22',
        latitude: 52.0889,
        longitude: 5.1342,
        categoryCode: '43',
        setting: 'family_home',
        specialismCodes: ['autism', 'trauma_treatment'],
        minAge: 4,
        maxAge: 17.5,
        exclusionCriteria: ['brandstichting in de voorgeschiedenis'],
        requiresSecureAuthorisation: false,
        acceptsOtherRegions: true,
        contractedRegionCodes: ['JZ01', 'JZ22'],
        freePlaces: 2,
        waitWeeks: 0,
        capacityConfirmedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        capacityStatus: 'open',
        isPrivateHome: true,
      });
      expect((await reader.eligibleCandidates({ categoryCodes: [], onlyWithFreePlaces: true })).map((c) => c.offeringId)).toEqual([offeringId]);
      expect(await reader.eligibleCandidates({ categoryCodes: [], regionCodes: ['JZ01'] })).toEqual([]);
      expect(await reader.eligibleCandidates({ categoryCodes: ['45'], regionCodes: ['JZ22'] })).toMatchObject([{ offeringId: closedOfferingId, isPrivateHome: true, freePlaces: 0 }]); // residential, but at the family home's address
      expect((await reader.get([closedOfferingId, '00000000-0000-4000-8000-000000000000'])).map((c) => c.offeringId)).toEqual([closedOfferingId]);
    });

    it('answers cases through the HelpCatalogue port: unknown specialisms and offerings are named fields', async () => {
      const measureId = await openCase(addDays(today, -5));
      const bad = await addNeed(measureId, { specialismCodes: ['autism', 'no_such_thing'] }).expect(400);
      expect(bad.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['specialismCodes[1]']);
      const res = await request(api.http).post(`/api/cases/${measureId}/milestones`).set(as(guardian)).send({ kind: 'fitting_help', metOn: today, offeringId: '00000000-0000-4000-8000-000000000000' }).expect(400);
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['offeringId']);
    });
  });

  describe('WaitingChildren and FittingHelpRecorder', () => {
    let measureId: string;
    let needId: string;
    let waiting: WaitingChild[];

    it('refuses unknown circumstance codes and a sibling group that is no UUID, naming the fields', async () => {
      const id = await openCase(addDays(today, -5));
      const res = await addNeed(id, { circumstanceCodes: ['arson_history', 'pyromania'], siblingGroup: 'broers' }).expect(400);
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['circumstanceCodes', 'siblingGroup']);
    });

    it('lists one entry per need of an open case without fitting help, with the decrypted date of birth and the clocks', async () => {
      measureId = await openCase(addDays(today, -10), 'GM0344', '2012-11-30');
      const group = '6a1c9d3e-8f7b-4c2a-9e1d-2b3c4d5e6f70';
      await addNeed(measureId, { specialismCodes: ['trauma_treatment'], settingConstraints: ['family_home', 'foster_care'], keepWithSiblings: true, siblingGroup: group, maxDistanceKm: 30, circumstanceCodes: ['arson_history'] }).expect(201);
      const res = await addNeed(measureId, { categoryCode: '45', urgency: 'regular', settingConstraints: ['outpatient'] }).expect(201);
      expect(res.body.needs[0]).toMatchObject({ siblingGroup: group, circumstanceCodes: ['arson_history'] });
      const elsewhere = await openCase(addDays(today, -10), 'GM0014'); // Groningen: another region
      await addNeed(elsewhere, {}).expect(201);
      await openCase(addDays(today, -10)); // no need: nothing to match

      const port = api.app.get(WaitingChildren);
      waiting = await port.list({ regionCodes: ['JZ22'] }, today);
      expect(waiting.map((w) => w.measureId)).toEqual([measureId, measureId]);
      needId = waiting[0]!.needId;
      expect(waiting[0]).toEqual({
        measureId,
        needId: expect.any(String),
        institutionId,
        childId: expect.any(String),
        dateOfBirth: '2012-11-30',
        homeMunicipalityCode: 'GM0344',
        homeRegionCode: 'JZ22',
        networkMunicipalityCode: null,
        rulingDate: addDays(today, -10),
        measureKind: 'supervision_order',
        urgent: false,
        categoryCode: '43',
        specialismCodes: ['trauma_treatment'],
        settingConstraints: ['family_home', 'foster_care'],
        secureAuthorisation: null,
        urgency: 'urgent',
        keepWithSiblings: true,
        siblingGroup: group,
        maxDistanceKm: 30,
        exclusionCodes: ['arson_history'],
        needRecordedAt: expect.stringMatching(/^\d{4}-/),
        fittingHelpDueOn: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
        agreedCourseMetOn: null,
      });
      expect(waiting[1]).toMatchObject({ categoryCode: '45', exclusionCodes: [], siblingGroup: null, keepWithSiblings: false });
      expect((await port.list({ measureIds: [elsewhere] }, today)).map((w) => w.homeRegionCode)).toEqual(['JZ01']);
      expect((await port.list({}, today)).filter((w) => w.measureId === measureId || w.measureId === elsewhere)).toHaveLength(3);
    });

    it('records fitting help in the caller\'s transaction with its timeline event; then the case no longer waits', async () => {
      const recorder = api.app.get(FittingHelpRecorder);
      await expect(
        api.dataSource.transaction((m) => recorder.recordFittingHelpStarted(m, { measureId, needId, offeringId: '00000000-0000-4000-8000-000000000000', startedOn: today, actorUserId: guardianUserId, source: 'matching:test' })),
      ).rejects.toMatchObject({ code: 'validation_failed', details: { fields: [{ field: 'offeringId' }] } });
      const milestone = await api.dataSource.transaction((m) =>
        recorder.recordFittingHelpStarted(m, { measureId, needId, offeringId, startedOn: today, actorUserId: guardianUserId, source: 'matching:test' }),
      );
      expect(milestone).toEqual({ milestoneId: expect.any(String), measureId, needId, offeringId, metOn: today, explanationCode: null });
      expect(await api.app.get(WaitingChildren).list({ measureIds: [measureId] }, today)).toEqual([]);
      const timeline = await request(api.http).get(`/api/cases/${measureId}/timeline`).set(as(guardian)).expect(200);
      expect(timeline.body.events.at(-1)).toMatchObject({ kind: 'milestone_recorded', actorUserId: guardianUserId, refs: { milestone: 'fitting_help', offeringId, needId, source: 'matching:test' } });
      const again = api.dataSource.transaction((m) => recorder.recordFittingHelpStarted(m, { measureId, offeringId, startedOn: today, actorUserId: guardianUserId, source: 'matching:test' }));
      await expect(again).rejects.toBeInstanceOf(DomainError);
      await expect(again).rejects.toMatchObject({ code: 'conflict' });
    });

    it('asks for an explanation when the help starts after the norm term, and rolls back with the caller', async () => {
      const late = await openCase(addDays(today, -120));
      await addNeed(late, {}).expect(201);
      const recorder = api.app.get(FittingHelpRecorder);
      const command = { measureId: late, offeringId, startedOn: today, actorUserId: guardianUserId, source: 'matching:test' };
      await expect(api.dataSource.transaction((m) => recorder.recordFittingHelpStarted(m, command))).rejects.toMatchObject({ details: { fields: [{ field: 'explanation' }] } });
      await expect(
        api.dataSource.transaction(async (m) => {
          await recorder.recordFittingHelpStarted(m, { ...command, explanation: { reasonCode: 'waiting_list', text: 'Er was pas na vier maanden plek bij een passende aanbieder.' } });
          throw new Error('the caller changes its mind');
        }),
      ).rejects.toThrow('the caller changes its mind');
      expect(await api.dataSource.query(`SELECT 1 FROM cases.milestone WHERE measure_id = $1`, [late])).toEqual([]);
      const done = await api.dataSource.transaction((m) =>
        recorder.recordFittingHelpStarted(m, { ...command, explanation: { reasonCode: 'waiting_list', text: 'Er was pas na vier maanden plek bij een passende aanbieder.' } }),
      );
      expect(done.explanationCode).toBe('waiting_list');
    });
  });
});
