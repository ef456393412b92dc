import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, todayInAmsterdam } from '@passend/cases/domain';
import pg from 'pg';
import request from 'supertest';
import { syntheticBsns } from '../support/synthetic-bsn.js';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { recordFault, RequestProbe, statusOf, type ProbeResult } from './support/fault-figures.js';

/**
 * Fault: the audit log cannot be written. Reads of a child's data fail closed (a 5xx without the
 * child's data, never an unlogged 200) and writes roll back with it; once the log is back, both
 * work again without a restart. Two ways it goes away: the table locked by someone else (the
 * lock timeout answers 503 with Retry-After) and the table gone (renamed). Cheap: also in `npm test`.
 */
describe('fault: the audit log unavailable', () => {
  let api: TestApi;
  let guardian: string;
  let admin: pg.Client;
  let caseId: string;
  const nextBsn = syntheticBsns(70_000_000);
  const today = todayInAmsterdam(new Date());
  const child = { givenNames: 'Lieke Audita', familyName: 'Slotvast', dateOfBirth: '2013-06-07', homeMunicipalityCode: 'GM0344' };
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const childBsn = nextBsn();
  const results: ProbeResult[] = [];

  const counts = async () =>
    (await admin.query(`SELECT (SELECT count(*)::int FROM cases.need) AS needs, (SELECT count(*)::int FROM cases.measure) AS measures, (SELECT count(*)::int FROM cases.child) AS children`)).rows[0] as Record<string, number>;

  /** one case read; fails closed when it is a 5xx with the uniform body and none of the child's data */
  async function readCase(): Promise<{ status: number | 'timeout' | 'error'; text: string; body: unknown; headers: Record<string, string> }> {
    const res = await statusOf(request(api.http).get(`/api/cases/${caseId}`).set(as(guardian)).timeout(15_000));
    results.push({ at: Date.now(), status: res.status, ok: res.status === 200 });
    return res;
  }

  function expectClosed(res: { status: number | 'timeout' | 'error'; text: string; body: unknown; headers: Record<string, string> }, status?: number): void {
    expect(typeof res.status === 'number' && res.status >= 500).toBe(true);
    if (status) expect(res.status).toBe(status);
    if (status === 503) expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(res.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) }, correlationId: expect.any(String) });
    for (const secret of [child.givenNames, child.familyName, childBsn, child.dateOfBirth, 'Lieke', 'Slotvast']) expect(res.text).not.toContain(secret);
  }

  beforeAll(async () => {
    // the lock timeout makes a blocked audit write give up (503) instead of waiting for the lock's holder
    api = await startTestApi({ databaseLimits: { statementTimeoutMs: 10_000, lockTimeoutMs: 1_000 } });
    guardian = await api.tokenFor('guardian');
    admin = new pg.Client({ connectionString: api.db.url, application_name: 'fault-test' });
    await admin.connect();
    const opened = await request(api.http)
      .post('/api/cases')
      .set(as(guardian))
      .send({ child: { ...child, bsn: childBsn }, measure: { kind: 'supervision_order', rulingDate: addDays(today, -10) } })
      .expect(201);
    caseId = opened.body.id;
    expect((await readCase()).status).toBe(200);
  });
  afterAll(async () => {
    await admin?.end();
    await api?.close();
  });

  it('locked by another session: the case read and a write answer 503 with Retry-After, nothing is written, and both work once the lock is gone', async () => {
    const before = await counts();
    const auditBefore = (await admin.query(`SELECT count(*)::int AS n FROM audit.access_log`)).rows[0].n as number;
    const locker = new pg.Client({ connectionString: api.db.url, application_name: 'fault-test-locker' });
    await locker.connect();
    const faultStart = Date.now();
    let faultEnd = 0;
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE audit.access_log IN ACCESS EXCLUSIVE MODE');
      const read = await readCase();
      expectClosed(read, 503);
      const write = await statusOf(
        request(api.http).post(`/api/cases/${caseId}/needs`).set(as(guardian)).send({ categoryCode: '43', urgency: 'regular' }).timeout(15_000),
      );
      results.push({ at: Date.now(), status: write.status, ok: false });
      expectClosed(write, 503);
      const opened = await statusOf(
        request(api.http)
          .post('/api/cases')
          .set(as(guardian))
          .send({ child: { ...child, bsn: nextBsn() }, measure: { kind: 'supervision_order', rulingDate: addDays(today, -2) } })
          .timeout(15_000),
      );
      results.push({ at: Date.now(), status: opened.status, ok: false });
      expectClosed(opened, 503);
      expect(await counts()).toEqual(before);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      faultEnd = Date.now();
      await locker.end();
    }
    const after = await readCase();
    expect(after.status).toBe(200);
    expect((after.body as { child: { familyName: string } }).child.familyName).toBe(child.familyName);
    // the read after the fault was logged
    expect((await admin.query(`SELECT count(*)::int AS n FROM audit.access_log`)).rows[0].n).toBeGreaterThan(auditBefore);
    const failed = results.filter((r) => r.at >= faultStart && r.at <= faultEnd + 1 && !r.ok);
    figures.push({ variant: 'locked', faultStart, faultEnd, failed, recoveredAt: results.find((r) => r.at > faultEnd && r.ok)?.at ?? null, detectedAt: failed[0]?.at ?? null });
  });

  it('gone (the table renamed away): the case read and a write fail closed with a 5xx, nothing is written, and both work once it is back', async () => {
    const before = await counts();
    const faultStart = Date.now();
    await admin.query('ALTER TABLE audit.access_log RENAME TO access_log_unavailable');
    let faultEnd = 0;
    try {
      expectClosed(await readCase());
      const write = await statusOf(
        request(api.http).post(`/api/cases/${caseId}/needs`).set(as(guardian)).send({ categoryCode: '43', urgency: 'regular' }).timeout(15_000),
      );
      results.push({ at: Date.now(), status: write.status, ok: false });
      expectClosed(write);
      const list = await statusOf(request(api.http).get('/api/cases').set(as(guardian)).timeout(15_000));
      results.push({ at: Date.now(), status: list.status, ok: false });
      expectClosed(list);
      expect(await counts()).toEqual(before);
    } finally {
      await admin.query('ALTER TABLE audit.access_log_unavailable RENAME TO access_log');
      faultEnd = Date.now();
    }
    expect((await readCase()).status).toBe(200);
    await request(api.http).post(`/api/cases/${caseId}/needs`).set(as(guardian)).send({ categoryCode: '43', urgency: 'regular' }).expect(201);
    const failed = results.filter((r) => r.at >= faultStart && r.at <= faultEnd + 1 && !r.ok);
    figures.push({ variant: 'gone', faultStart, faultEnd, failed, recoveredAt: results.find((r) => r.at > faultEnd && r.ok)?.at ?? null, detectedAt: failed[0]?.at ?? null });
  });

  const figures: { variant: string; faultStart: number; faultEnd: number; failed: ProbeResult[]; recoveredAt: number | null; detectedAt: number | null }[] = [];
  afterAll(() => {
    for (const f of figures) {
      recordFault({
        fault: `audit log unavailable (${f.variant})`,
        detectMs: f.detectedAt === null ? null : f.detectedAt - f.faultStart,
        requests: results.filter((r) => r.at >= f.faultStart && r.at <= (f.recoveredAt ?? f.faultEnd)).length,
        failedRequests: f.failed.length,
        failedStatuses: RequestProbe.countStatuses(f.failed),
        recoverMs: f.recoveredAt === null ? null : f.recoveredAt - f.faultEnd,
        backlog: null,
        drainMs: null,
        exactlyOnce: null,
        notes: 'every failed request was a 5xx without the child\'s data; row counts of children, measures and needs unchanged during the fault',
      });
    }
  });
});
