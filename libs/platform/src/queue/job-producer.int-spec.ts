import { describe, expect, it } from '@jest/globals';
import { freePort } from '../database/embedded-postgres.js';
import { DomainError, ErrorCode } from '../domain/domain-error.js';
import { toErrorResponse } from '../errors/exception.filter.js';
import { defineJob } from './job-definition.js';
import { JobProducer } from './job-producer.js';
import { JobRegistry } from './job-registry.js';
import { QueueBackend } from './queue-backend.js';

const check = defineJob<Record<string, never>>('test.check', { queue: 'platform' });

describe('JobProducer.enqueue with Redis down', () => {
  it('is refused as unavailable (503, Retry-After) within its timeout instead of waiting for Redis to come back', async () => {
    // nothing listens on a port just handed out and closed again: connections are refused, as when Redis is down
    const backend = new QueueBackend({ redisUrl: `redis://127.0.0.1:${await freePort()}`, databaseUrl: 'postgres://unused/unused' });
    const producer = new JobProducer(new JobRegistry([check]), backend);
    producer.enqueueTimeoutMs = 300;
    try {
      const refused = await producer.enqueue(check, {}).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(DomainError);
      expect(refused).toMatchObject({ code: ErrorCode.Unavailable, details: { retryAfterSeconds: 5 } });
      expect(toErrorResponse(refused).status).toBe(503);
    } finally {
      await backend.close();
    }
  });
});
