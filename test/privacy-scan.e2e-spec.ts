import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { addDays, todayInAmsterdam } from '@passend/cases/domain';
import { eventually } from '@passend/testing';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { createWorker } from '../apps/worker/src/create-worker.js';
import { offeringOfDemoProvider } from './support/social-map-fixtures.js';
import { syntheticBsns } from './support/synthetic-bsn.js';
import { startTestApi, type TestApi } from './support/test-api.js';

/**
 * No personal data where it does not belong: a child's case goes through the platform (opened,
 * needs, the family's voice, matched by the worker, offered, declined with a note, searched for
 * by name, typed wrongly into a form, a wrong password for an e-mail address), with the api and
 * the worker logging at `trace`; then the log lines of both, the outbox, the queue's jobs, the
 * search documents, the audit log and the timeline are scanned for every piece of it.
 */
describe('personal data stays out of logs, job payloads, the outbox, the search index and the audit log', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let logText = '';
  const bsn = syntheticBsns(73_000_000)();
  const canary = {
    givenNames: 'Kanarie Merel',
    familyName: 'Vogelzangstra',
    dateOfBirth: '2011-11-07',
    need: 'Heeft nachtmerries over de kelder bij oom Fedde',
    voice: 'Ik wil bij oma Tjitske wonen',
    declineNote: 'Wij kennen Vogelzangstra van eerder',
    email: 'tjitske.vogelzangstra@example.nl',
  };
  /** every form in which a piece could leak: as given, in upper case, the BSN and date of birth also without separators */
  const needles = () => [
    ...Object.values(canary),
    canary.familyName.toUpperCase(),
    'Kanarie',
    'Tjitske',
    'Fedde',
    bsn,
    canary.dateOfBirth.replace(/-/g, ''),
    '07-11-2011',
  ];
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const leaksIn = (text: string) => needles().filter((needle) => text.toLowerCase().includes(needle.toLowerCase()));

  beforeAll(async () => {
    const logs = new PassThrough();
    logs.on('data', (chunk: Buffer) => (logText += chunk.toString('utf8')));
    api = await startTestApi({ logLevel: 'trace' }, undefined, { logDestination: logs });
    worker = await createWorker(api.config, { logDestination: logs });
    await offeringOfDemoProvider(
      api,
      { name: 'Locatie Kanaal', latitude: 52.09, longitude: 5.12 },
      { name: 'Ambulante hulp Kanaal', setting: 'outpatient', categoryCode: '45', specialismCodes: [], minAge: 6, totalPlaces: 5, freePlaces: 3 },
    );
    const [guardian, provider] = await Promise.all([api.tokenFor('guardian'), api.tokenFor('provider_staff')]);
    const today = todayInAmsterdam(new Date());

    await request(api.http).post('/api/auth/login').send({ email: canary.email, password: 'niet-het-wachtwoord' }).expect(401);
    // the child's data typed into a form with a mistake elsewhere: the refusal must not echo it
    await request(api.http)
      .post('/api/cases')
      .set(as(guardian))
      .send({ child: { givenNames: canary.givenNames, familyName: canary.familyName, bsn: '123456789', dateOfBirth: canary.dateOfBirth, homeMunicipalityCode: 'GM0344' }, measure: { kind: 'supervision_order', rulingDate: addDays(today, -20) } })
      .expect(400);
    const opened = await request(api.http)
      .post('/api/cases')
      .set(as(guardian))
      .send({ child: { givenNames: canary.givenNames, familyName: canary.familyName, bsn, dateOfBirth: canary.dateOfBirth, homeMunicipalityCode: 'GM0344' }, measure: { kind: 'supervision_order', rulingDate: addDays(today, -20) } })
      .expect(201);
    const caseId = opened.body.id as string;
    await request(api.http).post(`/api/cases/${caseId}/needs`).set(as(guardian)).send({ categoryCode: '45', urgency: 'regular', notes: canary.need }).expect(201);
    await request(api.http).post(`/api/cases/${caseId}/client-voice`).set(as(guardian)).send({ speaker: 'child', statement: canary.voice }).expect(201);
    // a guardian types the child's name into the social map's search box
    await request(api.http).get(`/api/social-map/offerings?q=${encodeURIComponent(`${canary.familyName} ${canary.givenNames}`)}`).set(as(guardian)).expect(200);
    // the worker matches the child (the need was recorded): a proposal appears
    const proposalId = await eventually(async () => {
      const [row] = (await api.dataSource.query(`SELECT id FROM matching.proposal WHERE measure_id = $1 AND state = 'proposed'`, [caseId])) as { id: string }[];
      expect(row).toBeDefined();
      return row!.id;
    }, 30_000);
    await request(api.http).post(`/api/proposals/${proposalId}/offer`).set(as(guardian)).send({ ttlHours: 24 }).expect(200);
    await request(api.http).post(`/api/proposals/${proposalId}/decline`).set(as(provider)).send({ reasonCode: '7', note: canary.declineNote }).expect(200);
    // the allowed reader does see the child: the canary really is in the platform
    const read = await request(api.http).get(`/api/cases/${caseId}`).set(as(guardian)).expect(200);
    expect(JSON.stringify(read.body)).toContain(canary.familyName);
    // let the worker finish what the outbox holds
    await eventually(async () => {
      const [{ n }] = (await api.dataSource.query(`SELECT count(*)::int AS n FROM platform.outbox WHERE dispatched_at IS NULL`)) as [{ n: number }];
      expect(n).toBe(0);
    }, 30_000);
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('writes log lines (the scan is not of nothing), none with the child\'s data, the notes or the e-mail address', () => {
    const lines = logText.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(50);
    expect(lines.some((l) => l.includes('"app":"worker"'))).toBe(true);
    expect(leaksIn(logText)).toEqual([]);
  });

  it('keeps them out of the outbox and the queue\'s jobs (payloads, options, results)', async () => {
    const outbox = (await api.dataSource.query(`SELECT coalesce(string_agg(to_jsonb(o)::text, ' '), '') AS t FROM platform.outbox o`)) as { t: string }[];
    expect(outbox[0]!.t.length).toBeGreaterThan(0);
    expect(leaksIn(outbox[0]!.t)).toEqual([]);
    const schemas = ((await api.dataSource.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bullmq%'`)) as { nspname: string }[]).map((r) => r.nspname);
    expect(schemas.length).toBeGreaterThan(0);
    for (const schema of schemas) {
      const jobs = (await api.dataSource.query(`SELECT coalesce(string_agg(to_jsonb(j)::text, ' '), '') AS t FROM "${schema}".job j`)) as { t: string }[];
      expect(leaksIn(jobs[0]!.t)).toEqual([]);
    }
  });

  it('keeps them out of the search documents, the audit log and the timeline', async () => {
    for (const table of ['social_map.offering', 'social_map.location', 'audit.access_log', 'cases.case_event', 'matching.proposal_event', 'social_map.capacity_event']) {
      const rows = (await api.dataSource.query(`SELECT coalesce(string_agg(to_jsonb(t)::text, ' '), '') AS t FROM ${table} t`)) as { t: string }[];
      expect({ table, leaks: leaksIn(rows[0]!.t) }).toEqual({ table, leaks: [] });
    }
  });

  it('stores the identity and the free texts only encrypted', async () => {
    for (const table of ['cases.child', 'cases.need', 'cases.client_voice', 'matching.proposal']) {
      const rows = (await api.dataSource.query(`SELECT coalesce(string_agg(to_jsonb(t)::text, ' '), '') AS t FROM ${table} t`)) as { t: string }[];
      expect(rows[0]!.t.length).toBeGreaterThan(0);
      expect({ table, leaks: leaksIn(rows[0]!.t) }).toEqual({ table, leaks: [] });
    }
  });
});
