import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { canConnect, ensureDatabase, startEmbeddedPostgres, withDatabase } from '../../dist/libs/platform/src/index.js';
const TEST_ENV_KEY = 'PASSEND_TEST_ENVIRONMENT';
import { migrate } from '../../dist/apps/shared/operations.js';

/**
 * Runs on the compiled code (dist/): `npm test` builds first.
 * Once per `npm test`: find PostgreSQL (TEST_DATABASE_ADMIN_URL, else 127.0.0.1:5432, else an
 * embedded server of our own), build this run's template database (migrations + reference data +
 * the queue schema), and look for Redis (a missing Redis skips the Redis suites, or fails the run
 * with PASSEND_TEST_REQUIRE_REDIS=1). Test files copy the template into databases of their own.
 */
export default async function globalSetup() {
  // Redis first: a run that requires it (PASSEND_TEST_REQUIRE_REDIS=1, as on CI) fails before it creates anything
  const redisCandidate = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisRequired = process.env.PASSEND_TEST_REQUIRE_REDIS === '1';
  let redisUrl;
  let redisMissingReason;
  const redis = new Redis(redisCandidate, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1500, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
    redisUrl = redisCandidate;
  } catch (error) {
    if (redisRequired) {
      throw new Error(`no Redis at ${redisCandidate} (${error.message}), and PASSEND_TEST_REQUIRE_REDIS=1 requires one: start Redis or set TEST_REDIS_URL`);
    }
    redisMissingReason =
      `no Redis at ${redisCandidate} (${error.message}); the Redis halves of the queue-backend and outbox-relay suites are skipped, ` +
      'the PostgreSQL halves run (set PASSEND_TEST_REQUIRE_REDIS=1 to fail instead)';
    process.stdout.write(`\n[test set-up] ${redisMissingReason}\n`);
  } finally {
    redis.disconnect();
  }

  const runId = randomBytes(3).toString('hex');
  let adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let embedded;
  if (!(await canConnect(adminUrl))) {
    process.stdout.write(`\n[test set-up] no PostgreSQL at ${new URL(adminUrl).host}: starting embedded PostgreSQL\n`);
    embedded = await startEmbeddedPostgres({ dataDir: `.data/test-postgres-${runId}`, persistent: false });
    adminUrl = embedded.adminUrl;
  }
  const template = `passend_test_${runId}_template`;
  await ensureDatabase(adminUrl, template);
  await migrate({ databaseUrl: withDatabase(adminUrl, template) });

  const environment = { runId, adminUrl, template, redisUrl, redisMissingReason };
  process.env[TEST_ENV_KEY] = JSON.stringify(environment);
  globalThis.__passendEmbedded = embedded;
}
