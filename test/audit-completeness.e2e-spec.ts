import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, todayInAmsterdam } from '@passend/cases/domain';
import request, { type Response } from 'supertest';
import { offeringOfDemoProvider } from './support/social-map-fixtures.js';
import { syntheticBsns } from './support/synthetic-bsn.js';
import type { AccessLogRow } from './support/access-log-row.js';
import { startTestApi, type TestApi } from './support/test-api.js';

type Entry = AccessLogRow;

/**
 * Audit completeness (NEN 7513): every read and every change of a child's record through the api
 * writes exactly the entries it should — one per record touched — each with every field the
 * standard asks for: who (user, organisation, role), what (action, kind and id of the record),
 * when, why (purpose), the outcome, from where (client address) and which request (the answer's
 * correlation id).
 */
describe('every access to a child\'s record is audited once, with every NEN 7513 field', () => {
  let api: TestApi;
  let guardian: string;
  let provider: string;
  let admin: string;
  let caseId: string;
  const nextBsn = syntheticBsns(74_000_000);
  const today = todayInAmsterdam(new Date());
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  let lastSeq = '0';

  /** The entries written since the last call (requests run one at a time in this file). */
  async function newEntries(): Promise<Entry[]> {
    const rows = (await api.dataSource.query(
      `SELECT seq::text AS seq, occurred_at, user_id, organisation_id, role, action, subject_type, subject_id, purpose, outcome, client_address, correlation_id
         FROM audit.access_log WHERE seq > $1::bigint ORDER BY seq`,
      [lastSeq],
    )) as Entry[];
    if (rows.length) lastSeq = rows[rows.length - 1]!.seq;
    return rows;
  }

  /** Runs the request and returns its audit entries, each checked for completeness and tied to the request's correlation id. */
  async function audited(send: () => Promise<Response>, status: number): Promise<Entry[]> {
    await newEntries();
    const res = await send();
    expect(res.status).toBe(status);
    const entries = await newEntries();
    const correlationId = res.headers['x-correlation-id'];
    expect(correlationId).toEqual(expect.any(String));
    for (const e of entries) {
      expect(e).toEqual({
        seq: expect.stringMatching(/^\d+$/),
        occurred_at: expect.any(Date),
        user_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        organisation_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        role: expect.any(String),
        action: expect.stringMatching(/^[a-z_]+$/),
        subject_type: expect.any(String),
        subject_id: expect.any(String),
        purpose: expect.stringMatching(/^(care|matching|capacity_management|oversight|administration)$/),
        outcome: 'success',
        client_address: expect.any(String),
        correlation_id: correlationId,
      });
    }
    return entries;
  }
  const brief = (entries: Entry[]) => entries.map((e) => [e.action, e.subject_type, e.subject_id, e.purpose]);

  beforeAll(async () => {
    api = await startTestApi();
    [guardian, provider, admin] = await Promise.all([api.tokenFor('guardian'), api.tokenFor('provider_staff'), api.tokenFor('admin')]);
    await offeringOfDemoProvider(
      api,
      { name: 'Locatie Logboek', latitude: 52.09, longitude: 5.12 },
      { name: 'Ambulante hulp Logboek', setting: 'outpatient', categoryCode: '45', specialismCodes: [], minAge: 6, totalPlaces: 5, freePlaces: 3 },
    );
  }, 60_000);
  afterAll(async () => {
    await api?.close();
  });

  it('opening a case: one entry, create, for the new case', async () => {
    let created = '';
    const entries = await audited(async () => {
      const res = await request(api.http)
        .post('/api/cases')
        .set(as(guardian))
        .send({ child: { givenNames: 'Lotte', familyName: 'Logboek', bsn: nextBsn(), dateOfBirth: '2012-04-04', homeMunicipalityCode: 'GM0344' }, measure: { kind: 'supervision_order', rulingDate: addDays(today, -10) } });
      created = res.body.id;
      return res;
    }, 201);
    caseId = created;
    expect(brief(entries)).toEqual([['create', 'case', caseId, 'care']]);
  });

  it.each([
    ['reading the case', 'get', '', undefined, 200, 'read'],
    ['reading its timeline', 'get', '/timeline', undefined, 200, 'read_timeline'],
    ['recording a need', 'post', '/needs', { categoryCode: '45', urgency: 'regular', notes: 'Logboeknotitie' }, 201, 'add_need'],
    ['recording the family\'s voice', 'post', '/client-voice', { speaker: 'parents', statement: 'Wij willen meedenken.' }, 201, undefined],
    ['correcting the child\'s identity', 'put', '/child', { givenNames: 'Lotte Anne' }, 200, 'correct_child'],
  ] as const)('%s: exactly one entry for the case', async (_, method, path, body, status, action) => {
    const entries = await audited(() => {
      const req = request(api.http)[method](`/api/cases/${caseId}${path}`).set(as(guardian));
      return body ? req.send(body) : req;
    }, status);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ subject_type: 'case', subject_id: caseId, purpose: 'care', ...(action ? { action } : {}) });
  });

  it('listing the caseload: one entry for the list and one for every case in it', async () => {
    let ids: string[] = [];
    const entries = await audited(async () => {
      const res = await request(api.http).get('/api/cases?status=open&perPage=50').set(as(guardian));
      ids = (res.body.items as { id: string }[]).map((i) => i.id);
      return res;
    }, 200);
    expect(ids).toContain(caseId);
    expect(entries.filter((e) => e.action === 'list_cases')).toHaveLength(1);
    expect(entries.filter((e) => e.action === 'list').map((e) => e.subject_id).sort()).toEqual([...ids].sort());
    expect(entries).toHaveLength(ids.length + 1);
  });

  it('the proposals for the case, offered, accepted and the child\'s identity read by the provider: one entry each, on the case or the proposal', async () => {
    await request(api.http).post('/api/matching/runs').set(as(admin)).send({ scope: 'region', code: 'JZ22' }).expect(201);
    let proposalId = '';
    const read = await audited(async () => {
      const res = await request(api.http).get(`/api/cases/${caseId}/matching`).set(as(guardian));
      proposalId = (res.body.proposals as { proposalId: string; state: string }[]).find((p) => p.state === 'proposed')?.proposalId ?? '';
      return res;
    }, 200);
    expect(proposalId).not.toBe('');
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({ subject_type: 'case_matching', subject_id: caseId, purpose: 'matching' });

    // one entry for every record touched, none twice: the proposal (and, offering it, the hold on the place)
    const records = (entries: Entry[]) => {
      const keys = entries.map((e) => `${e.subject_type}:${e.subject_id}`);
      expect(new Set(keys).size).toBe(keys.length);
      return keys;
    };
    const offered = await audited(() => request(api.http).post(`/api/proposals/${proposalId}/offer`).set(as(guardian)).send({ ttlHours: 24 }), 200);
    expect(records(offered)).toEqual([`proposal:${proposalId}`, expect.stringMatching(/^hold:[0-9a-f-]{36}$/)]);
    const accepted = await audited(() => request(api.http).post(`/api/proposals/${proposalId}/accept`).set(as(provider)).send({ plannedStart: addDays(today, 2) }), 200);
    expect(records(accepted)).toContain(`proposal:${proposalId}`);
    const identity = await audited(() => request(api.http).get(`/api/proposals/${proposalId}/child`).set(as(provider)), 200);
    expect(records(identity)).toEqual([expect.stringMatching(new RegExp(`^[a-z_]+:(${proposalId}|${caseId})$`))]);
  });
});
