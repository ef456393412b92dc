import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from '@passend/identity';
import { SystemClock, type Clock, type PassendConfig, type Role } from '@passend/platform';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApi } from '../../apps/api/src/create-api.js';
import { createTestDatabase, testConfig, type TestDatabase } from '@passend/testing';

export interface TestApi {
  app: NestExpressApplication;
  http: ReturnType<NestExpressApplication['getHttpServer']>;
  config: PassendConfig;
  db: TestDatabase;
  dataSource: DataSource;
  /** the clock the api reads "now" from: fixtures dated relative to it agree with the api whenever the test runs */
  clock: Clock;
  /** a bearer token of the demo account with this role */
  tokenFor(role: Role): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real api (same bootstrap as production) on a database of its own, with the demo accounts.
 * With `replicaOf`, a second api process on the same database and secrets: a replica behind a
 * load balancer (its close() leaves the database to the first). With `clock` (a FixedClock), the api's
 * "now", and so its "today" in Amsterdam, stays put however long the file runs, midnight included.
 */
export async function startTestApi(
  overrides: Partial<PassendConfig> = {},
  replicaOf?: TestApi,
  options: { clock?: Clock; logDestination?: NodeJS.WritableStream } = {},
): Promise<TestApi> {
  const clock = options.clock ?? replicaOf?.clock ?? new SystemClock();
  const db = replicaOf ? { ...replicaOf.db, drop: async () => undefined } : await createTestDatabase();
  const config = replicaOf ? { ...replicaOf.config, ...overrides } : testConfig(db.url, overrides);
  const app = await createApi(config, { clock, logDestination: options.logDestination });
  await app.init();
  const dataSource = app.get(DataSource);
  if (!replicaOf) await seedDemoAccounts(dataSource.manager);
  const http = app.getHttpServer();
  const tokens = new Map<Role, string>();
  return {
    app,
    http,
    config,
    db,
    dataSource,
    clock,
    async tokenFor(role) {
      if (!tokens.has(role)) {
        const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
        const res = await request(http).post('/api/auth/login').send({ email: account.email, password: DEMO_PASSWORD }).expect(200);
        tokens.set(role, (res.body as { accessToken: string }).accessToken);
      }
      return tokens.get(role)!;
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
