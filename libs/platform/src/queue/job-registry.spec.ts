import { describe, expect, it } from '@jest/globals';
import { defineJob } from './job-definition.js';
import { JobRegistry, type RegisteredHandler } from './job-registry.js';

const ping = defineJob<{ id: string }>('test.ping', { queue: 'platform' });
const pong = defineJob<{ id: string }>('test.pong', { queue: 'audit' });
const handler = (definition: typeof ping, owner = 'A.handle'): RegisteredHandler => ({
  definition,
  owner,
  run: async () => undefined,
});

describe('JobRegistry', () => {
  it('binds one handler per job and lists the queues in use', () => {
    const registry = new JobRegistry([ping, pong]);
    registry.bind([handler(ping), handler(pong, 'B.handle')]);
    expect(registry.handler('test.pong').owner).toBe('B.handle');
    expect(registry.queues()).toEqual(['audit', 'platform']);
  });

  it('fails start-up for a job without a handler', () => {
    const registry = new JobRegistry([ping, pong]);
    expect(() => registry.bind([handler(ping)])).toThrow('job test.pong has no handler');
  });

  it('fails start-up for a job with two handlers, naming both', () => {
    const registry = new JobRegistry([ping]);
    expect(() => registry.bind([handler(ping, 'A.handle'), handler(ping, 'C.run')])).toThrow(
      'job test.ping has two handlers: A.handle and C.run',
    );
  });

  it('fails start-up for a handler of a job nobody registered', () => {
    const registry = new JobRegistry([ping]);
    expect(() => registry.bind([handler(ping), handler(pong, 'B.handle')])).toThrow('which no module registered');
  });

  it('refuses two different definitions with one name', () => {
    const again = defineJob<{ id: string }>('test.ping', { queue: 'audit' });
    expect(() => new JobRegistry([ping, again])).toThrow('defined twice');
  });

  it('rejects job names that do not say context.action', () => {
    expect(() => defineJob('Ping', { queue: 'platform' })).toThrow();
  });
});
