import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { createTestDatabase, eventually, uniqueNamespace, type TestDatabase } from '@passend/testing';
import { startTestWorker } from '../../../../test/support/test-worker.js';
import { defineJob } from './job-definition.js';
import { JobHandler } from './job-handler.decorator.js';
import { JobProducer } from './job-producer.js';
import { JobRegistry, JobRegistryError } from './job-registry.js';

/** A worker refuses to start unless every job it knows has exactly one handler. */

const Orphan = defineJob<{ id: string }>('startup.orphan', { queue: 'platform' });
const Contested = defineJob<{ id: string }>('startup.contested', { queue: 'platform' });
const Handled = defineJob<{ id: string }>('startup.handled', { queue: 'platform' });

/** the payloads HandlesHandled ran with, in order */
const handled: { id: string }[] = [];

@Injectable()
class HandlesHandled {
  @JobHandler(Handled)
  async run(payload: { id: string }): Promise<void> {
    handled.push(payload);
  }
}

@Injectable()
class FirstClaimant {
  @JobHandler(Contested)
  async handle(): Promise<void> {}
}

@Injectable()
class SecondClaimant {
  @JobHandler(Contested)
  async process(): Promise<void> {}
}

describe('worker start-up', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('starts when every job has exactly one handler, and runs the job through it', async () => {
    const worker = await startTestWorker({ databaseUrl: db.url, jobs: [Handled], providers: [HandlesHandled], queueNamespace: uniqueNamespace() });
    try {
      expect(worker.app.get(JobRegistry).handler(Handled.name).owner).toBe('HandlesHandled.run');
      await worker.app.get(JobProducer).enqueue(Handled, { id: 'one' });
      await eventually(() => expect(handled).toEqual([{ id: 'one' }]), 10_000);
    } finally {
      await worker.close();
    }
  });

  it('fails for a job without a handler, naming the job', async () => {
    const start = startTestWorker({ databaseUrl: db.url, jobs: [Handled, Orphan], providers: [HandlesHandled] });
    await expect(start).rejects.toThrow(JobRegistryError);
    await expect(start).rejects.toThrow('job startup.orphan has no handler');
  });

  it('fails for a job with two handlers, naming both', async () => {
    const start = startTestWorker({ databaseUrl: db.url, jobs: [Contested], providers: [FirstClaimant, SecondClaimant] });
    await expect(start).rejects.toThrow(
      /job startup\.contested has two handlers: (FirstClaimant\.handle and SecondClaimant\.process|SecondClaimant\.process and FirstClaimant\.handle)/,
    );
  });
});
