import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { casePersonalDataFor, RecordRetention } from '@passend/cases';
import { MatchingRetention, seedDemoExpertTables } from '@passend/matching';
import { seedDemoProviderCatalog } from '@passend/social-map';
import request from 'supertest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { syntheticBsns } from './support/synthetic-bsn.js';

/**
 * Retention: after CASE_RETENTION_YEARS from a child's last measure, the institution's record of
 * the child is anonymised (identity and free texts gone, statistics kept), nobody can read it as
 * a case any more, and matching removes its own free texts about it.
 */
describe('retention of closed cases', () => {
  let api: TestApi;
  let guardian: string;
  const nextBsn = syntheticBsns(71_000_000);
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const inTwentyOneYears = () => new Date(Date.now() + 21 * 365.25 * 24 * 3600 * 1000);
  let closed: { caseId: string; childId: string; bsnHmac: string };
  let open: { caseId: string; childId: string };

  async function openCase(givenNames: string, familyName: string): Promise<{ caseId: string; childId: string }> {
    const res = await request(api.http)
      .post('/api/cases')
      .set(as(guardian))
      .send({ child: { givenNames, familyName, bsn: nextBsn(), dateOfBirth: '2012-05-01', homeMunicipalityCode: 'GM0344' }, measure: { kind: 'supervision_order', rulingDate: '2026-01-05' } })
      .expect(201);
    const id = res.body.id as string;
    await request(api.http).post(`/api/cases/${id}/needs`).set(as(guardian)).send({ categoryCode: '45', urgency: 'regular', notes: `Notitie over ${givenNames}` }).expect(201);
    await request(api.http).post(`/api/cases/${id}/client-voice`).set(as(guardian)).send({ speaker: 'child', statement: `${givenNames} wil naar huis.` }).expect(201);
    return { caseId: id, childId: res.body.child.id as string };
  }

  const statistics = async () =>
    (await api.dataSource.query(`SELECT (SELECT count(*)::int FROM cases.measure) AS measures, (SELECT count(*)::int FROM cases.need) AS needs,
      (SELECT count(*)::int FROM cases.client_voice) AS voices, (SELECT count(*)::int FROM cases.milestone) AS milestones,
      (SELECT count(DISTINCT bsn_hmac)::int FROM cases.child) AS children,
      (SELECT json_agg(category_code ORDER BY category_code) FROM cases.need) AS categories`))[0];

  beforeAll(async () => {
    api = await startTestApi({ retention: { caseYears: 20 } });
    guardian = await api.tokenFor('guardian');
    closed = { ...(await openCase('Saskia', 'Bewaartermijn')), bsnHmac: '' };
    open = await openCase('Olivier', 'Lopendezaak');
    await api.dataSource.query(`UPDATE cases.measure SET status = 'closed', end_date = '2026-06-30' WHERE id = $1`, [closed.caseId]);
    closed.bsnHmac = ((await api.dataSource.query(`SELECT bsn_hmac FROM cases.child WHERE id = $1`, [closed.childId])) as { bsn_hmac: string }[])[0]!.bsn_hmac;
  }, 60_000);
  afterAll(async () => {
    await api?.close();
  });

  it('leaves records alone before the term has passed', async () => {
    const result = await api.app.get(RecordRetention).apply();
    expect(result).toMatchObject({ children: 0, measures: 0 });
    await request(api.http).get(`/api/cases/${closed.caseId}`).set(as(guardian)).expect(200);
  });

  it('anonymises the record whose last measure ended the term ago: identity, lookup hash and free texts go, the statistics stay', async () => {
    const before = await statistics();
    const result = await api.app.get(RecordRetention).apply({ now: inTwentyOneYears() });
    expect(result).toMatchObject({ children: 1, measures: 1 });

    const [child] = (await api.dataSource.query(
      `SELECT given_names_enc, family_name_enc, bsn_enc, date_of_birth_enc, bsn_hmac, anonymised_at FROM cases.child WHERE id = $1`,
      [closed.childId],
    )) as Record<string, unknown>[];
    expect(child).toMatchObject({ given_names_enc: null, family_name_enc: null, bsn_enc: null, date_of_birth_enc: null, anonymised_at: expect.any(Date) });
    expect(child!.bsn_hmac).toMatch(/^[0-9a-f]{64}$/);
    expect(child!.bsn_hmac).not.toBe(closed.bsnHmac);
    expect(await api.dataSource.query(`SELECT notes_enc FROM cases.need WHERE measure_id = $1`, [closed.caseId])).toEqual([{ notes_enc: null }]);
    expect(await api.dataSource.query(`SELECT statement_enc FROM cases.client_voice WHERE measure_id = $1`, [closed.caseId])).toEqual([{ statement_enc: null }]);
    // the other child keeps everything
    const [other] = (await api.dataSource.query(`SELECT given_names_enc, anonymised_at FROM cases.child WHERE id = $1`, [open.childId])) as Record<string, unknown>[];
    expect(other).toMatchObject({ given_names_enc: expect.stringMatching(/^pd1\./), anonymised_at: null });
    expect(casePersonalDataFor(api.config).open('need', ((await api.dataSource.query(`SELECT id FROM cases.need WHERE measure_id = $1`, [open.caseId])) as { id: string }[])[0]!.id, 'notes_enc',
      ((await api.dataSource.query(`SELECT notes_enc FROM cases.need WHERE measure_id = $1`, [open.caseId])) as { notes_enc: string }[])[0]!.notes_enc)).toBe('Notitie over Olivier');

    // what the statistics count is unchanged
    expect(await statistics()).toEqual(before);
    // audited, and announced to the contexts that keep free text of their own
    expect(await api.dataSource.query(`SELECT action, subject_type, purpose, outcome FROM audit.access_log WHERE subject_id = $1`, [closed.childId])).toEqual([
      { action: 'anonymise', subject_type: 'child', purpose: 'retention', outcome: 'success' },
    ]);
    const events = (await api.dataSource.query(`SELECT payload FROM platform.outbox WHERE job_name = 'cases.measure-anonymised'`)) as { payload: unknown }[];
    expect(events.map((e) => e.payload)).toEqual([{ measureId: closed.caseId }]);
  });

  it('makes the record unreadable as a case: 404, and gone from the caseload list', async () => {
    const res = await request(api.http).get(`/api/cases/${closed.caseId}`).set(as(guardian)).expect(404);
    expect(JSON.stringify(res.body)).not.toMatch(/Saskia|Bewaartermijn/);
    await request(api.http).get(`/api/cases/${closed.caseId}/timeline`).set(as(guardian)).expect(404);
    const list = await request(api.http).get('/api/cases?status=closed').set(as(guardian)).expect(200);
    expect((list.body.items as { id: string }[]).map((i) => i.id)).not.toContain(closed.caseId);
    expect(list.body.total).toBe(0);
  });

  it('does nothing a second time', async () => {
    expect(await api.app.get(RecordRetention).apply({ now: inTwentyOneYears() })).toMatchObject({ children: 0, measures: 0 });
  });

  it('lets matching remove its own free texts about the case (proposal notes, the expert table\'s rationale and the family\'s view)', async () => {
    await seedDemoProviderCatalog(api.dataSource.manager);
    await seedDemoExpertTables(api.dataSource.manager);
    const pd = casePersonalDataFor(api.config);
    const [need] = (await api.dataSource.query(`SELECT id FROM cases.need WHERE measure_id = $1`, [closed.caseId])) as { id: string }[];
    const [offering] = (await api.dataSource.query(`SELECT o.id, o.provider_id FROM social_map.offering o LIMIT 1`)) as { id: string; provider_id: string }[];
    const [table] = (await api.dataSource.query(`SELECT id FROM matching.expert_table LIMIT 1`)) as { id: string }[];
    const [expert] = (await api.dataSource.query(`SELECT id FROM identity."user" WHERE role = 'expert_member' LIMIT 1`)) as { id: string }[];
    const proposalId = '00000000-0000-4000-8000-00000000a001';
    await api.dataSource.query(
      `INSERT INTO matching.proposal (id, measure_id, need_id, institution_id, home_region_code, category_code, urgency, offering_id, provider_id, offering_region_code, source, state,
                                      explanation, profile, expected_start, decline_reason_code, note_enc, decline_note_enc)
       SELECT $1, m.id, $2, m.institution_id, 'JZ22', '45', 'regular', $3, $4, 'JZ22', 'guardian', 'declined', '{}', '{}', '2026-02-01', '10', $5, $6 FROM cases.measure m WHERE m.id = $7`,
      [proposalId, need!.id, offering!.id, offering!.provider_id, pd.seal('x', 'y', 'z', 'n'), pd.seal('x', 'y', 'z', 'd'), closed.caseId],
    );
    const [referral] = (await api.dataSource.query(
      `INSERT INTO matching.referral (table_id, measure_id, need_id, institution_id, home_region_code, category_code, urgency, reasons, state, decision_due_on, fitting_help_due_on, closed_at)
       SELECT $1, m.id, $2, m.institution_id, 'JZ22', '45', 'regular', ARRAY['guardian_asks'], 'decided', '2026-02-01', '2026-04-01', now() FROM cases.measure m WHERE m.id = $3 RETURNING id`,
      [table!.id, need!.id, closed.caseId],
    )) as { id: string }[];
    await api.dataSource.query(
      `INSERT INTO matching.decision (referral_id, kind, rationale_enc, family_view_enc, decided_by, on_time) VALUES ($1, 'ask_information', $2, $3, $4, true)`,
      [referral!.id, pd.seal('x', 'y', 'z', 'r'), pd.seal('x', 'y', 'z', 'f'), expert!.id],
    );
    const retention = api.app.get(MatchingRetention);
    expect(await retention.measureAnonymised({ measureId: closed.caseId })).toEqual({ proposals: 1, decisions: 1 });
    expect(await api.dataSource.query(`SELECT note_enc, decline_note_enc, state, decline_reason_code FROM matching.proposal WHERE id = $1`, [proposalId])).toEqual([
      { note_enc: null, decline_note_enc: null, state: 'declined', decline_reason_code: '10' },
    ]);
    expect(await api.dataSource.query(`SELECT rationale_enc, family_view_enc, kind FROM matching.decision WHERE referral_id = $1`, [referral!.id])).toEqual([
      { rationale_enc: null, family_view_enc: null, kind: 'ask_information' },
    ]);
    // at least once: a second delivery finds nothing left
    expect(await retention.measureAnonymised({ measureId: closed.caseId })).toEqual({ proposals: 0, decisions: 0 });
  });
});
