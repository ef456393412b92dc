import { Redis } from 'ioredis';
import pg from 'pg';
const TEST_ENV_KEY = 'PASSEND_TEST_ENVIRONMENT';

/** Drops every database and Redis key this run made, whether or not its tests cleaned up. */
export default async function globalTeardown() {
  const raw = process.env[TEST_ENV_KEY];
  if (!raw) return;
  const env = JSON.parse(raw);
  const client = new pg.Client({ connectionString: env.adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`passend_test_${env.runId}_%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  if (env.redisUrl) {
    const redis = new Redis(env.redisUrl);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `passend-t_${env.runId}_*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
  await globalThis.__passendEmbedded?.stop();
}
