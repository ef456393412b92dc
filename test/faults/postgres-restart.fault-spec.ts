import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from '@passend/identity';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@passend/platform';
import { testConfig } from '@passend/testing';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApi } from '../../apps/api/src/create-api.js';
import { migrate } from '../../apps/shared/operations.js';
import { recordFault, RequestProbe, statusOf } from './support/fault-figures.js';

/**
 * Fault: PostgreSQL restarts under a running api. On a private embedded PostgreSQL (never the
 * machine's shared server): stopped while a client keeps reading, every request meanwhile is
 * answered 503 with the uniform body (not 500, not a hang), and once it is started again on the
 * same port and data folder the same api process answers 200 again, without a restart.
 */
describe('fault: PostgreSQL restarted', () => {
  const root = resolve(import.meta.dirname, '../..');
  const dataDir = join(root, '.data', `fault-postgres-${randomBytes(3).toString('hex')}`);
  const password = randomBytes(18).toString('hex');
  let postgres: EmbeddedPostgresHandle;
  let port: number;
  let app: NestExpressApplication;
  let token: string;

  beforeAll(async () => {
    mkdirSync(join(root, '.data'), { recursive: true });
    postgres = await startEmbeddedPostgres({ dataDir, persistent: true, password });
    port = postgres.port;
    await ensureDatabase(postgres.adminUrl, 'passend');
    await migrate({ databaseUrl: postgres.urlFor('passend') });
    app = await createApi(testConfig(postgres.urlFor('passend'), { databaseLimits: { statementTimeoutMs: 10_000, lockTimeoutMs: 2_000 } }));
    await app.init();
    await seedDemoAccounts(app.get(DataSource).manager);
    const guardian = DEMO_ACCOUNTS.find((a) => a.role === 'guardian')!;
    token = (await request(app.getHttpServer()).post('/api/auth/login').send({ email: guardian.email, password: DEMO_PASSWORD }).expect(200)).body.accessToken;
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await postgres?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 while it is down and 200 again once it is back, in the same api process', async () => {
    const bodies: unknown[] = [];
    const probe = new RequestProbe(async () => {
      const res = await statusOf(request(app.getHttpServer()).get('/api/cases').set('Authorization', `Bearer ${token}`).timeout(10_000));
      if (res.status !== 200) bodies.push(res.body);
      return { status: res.status, ok: res.status === 200 };
    }, 100).start();
    await new Promise((r) => setTimeout(r, 500));
    expect(probe.results.length).toBeGreaterThan(0);
    expect(probe.failures()).toEqual([]);

    const stoppedAt = Date.now();
    await postgres.stop();
    const downAt = Date.now();
    // down for 10 s, and at least 20 requests meanwhile
    while (Date.now() - downAt < 10_000 || probe.results.filter((r) => r.at > downAt).length < 20) await new Promise((r) => setTimeout(r, 100));
    const restartAt = Date.now();
    postgres = await startEmbeddedPostgres({ dataDir, port, persistent: true, password });
    const upAt = Date.now();
    const deadline = Date.now() + 60_000;
    while (!probe.firstAfter(upAt, (r) => r.ok) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // and it stays up
    const recovered = probe.firstAfter(upAt, (r) => r.ok);
    if (recovered) while (probe.results.filter((r) => r.at > recovered.at).length < 10) await new Promise((r) => setTimeout(r, 100));
    await probe.stop();

    const failed = probe.failures(stoppedAt);
    recordFault({
      fault: 'PostgreSQL restarted',
      detectMs: (probe.firstAfter(stoppedAt, (r) => !r.ok)?.at ?? NaN) - stoppedAt,
      requests: probe.results.filter((r) => r.at >= stoppedAt).length,
      failedRequests: failed.length,
      failedStatuses: RequestProbe.countStatuses(failed),
      recoverMs: recovered ? recovered.at - upAt : null,
      backlog: null,
      drainMs: null,
      exactlyOnce: null,
      notes: `down ${((upAt - downAt) / 1000).toFixed(1)} s (stop took ${((downAt - stoppedAt) / 1000).toFixed(1)} s, start ${((upAt - restartAt) / 1000).toFixed(1)} s); recover counted from the restarted server accepting connections`,
    });

    expect(failed.length).toBeGreaterThan(0);
    expect(RequestProbe.countStatuses(failed)).toEqual({ 503: failed.length });
    for (const body of bodies) expect(body).toMatchObject({ error: { code: 'unavailable' }, correlationId: expect.any(String) });
    expect(recovered).toBeDefined();
    expect(probe.failures(recovered!.at)).toEqual([]);
  });
});
