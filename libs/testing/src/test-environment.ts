import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase, withDatabase, type PassendConfig } from '@passend/platform';

/**
 * What the global set-up hands to every test file through the environment: the admin URL of
 * the test server, this run's template database (migrated, reference data loaded), and the Redis
 * URL when a Redis server answered.
 */
export interface TestEnvironment {
  runId: string;
  adminUrl: string;
  template: string;
  redisUrl?: string;
  redisMissingReason?: string;
}

export const TEST_ENV_KEY = 'PASSEND_TEST_ENVIRONMENT';

export function testEnvironment(): TestEnvironment {
  const raw = process.env[TEST_ENV_KEY];
  if (!raw) throw new Error('the jest global set-up did not run (PASSEND_TEST_ENVIRONMENT missing)');
  return JSON.parse(raw) as TestEnvironment;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file: a copy of the run's migrated template (about 100 ms). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const env = testEnvironment();
  const name = `passend_test_${env.runId}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(env.adminUrl, name, env.template);
  const url = withDatabase(env.adminUrl, name);
  return { name, url, drop: () => dropDatabase(env.adminUrl, name) };
}

/** A complete, valid configuration for tests: fresh secrets, the given database, a queue namespace of its own. */
export function testConfig(databaseUrl: string, overrides: Partial<PassendConfig> = {}): PassendConfig {
  return {
    databaseUrl,
    redisUrl: undefined,
    queueNamespace: undefined,
    meili: undefined,
    jwt: { secret: randomBytes(32).toString('base64'), ttlSeconds: 900, issuer: 'passend', audience: 'passend-api' },
    oidc: undefined,
    personalDataKey: { id: 'test', key: randomBytes(32) },
    port: 0,
    logLevel: (process.env.PASSEND_TEST_LOG_LEVEL as PassendConfig['logLevel']) ?? 'silent',
    bodyLimit: '100kb',
    loginFailuresPerMinute: 10,
    trustProxyHops: 0,
    apiDocs: true,
    ...overrides,
  };
}

export function uniqueNamespace(): string {
  return `t_${testEnvironment().runId}_${randomBytes(3).toString('hex')}`;
}
