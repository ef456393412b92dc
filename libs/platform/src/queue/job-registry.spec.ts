import { describe, expect, it } from '@jest/globals';
import { defineSubscription, subscriberJobId } from './event-subscriber.decorator.js';
import { defineEvent, defineJob, type EventDefinition } from './job-definition.js';
import { JobRegistry, type RegisteredHandler, type RegisteredSubscriber } from './job-registry.js';

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

  it('rejects event names that do not say context.what-happened', () => {
    expect(() => defineEvent('CapacityChanged')).toThrow();
  });

  it('refuses a name that is both a job and an event', () => {
    expect(() => new JobRegistry([ping], [defineEvent('test.ping')])).toThrow('both a job and an event');
  });
});

describe('JobRegistry: events and their subscribers', () => {
  const happened = defineEvent<{ id: string }>('test.happened');
  const other = defineEvent<{ id: string }>('test.other-happened');
  const subscriber = (event: EventDefinition, name: string, owner = `${name}.handle`): RegisteredSubscriber => ({
    subscription: defineSubscription(event, name, { queue: 'matching' }),
    owner,
    run: async () => undefined,
  });

  it('binds any number of subscribers per event, one job name each, and adds their queues', () => {
    const registry = new JobRegistry([ping], [happened, other]);
    registry.bind([handler(ping)], [subscriber(happened, 'search-index'), subscriber(happened, 'matching'), subscriber(other, 'search-index')]);
    expect(registry.subscribers('test.happened').map((s) => s.subscription.name)).toEqual(['search-index', 'matching']);
    expect(registry.handler('test.happened/matching').owner).toBe('matching.handle');
    expect(registry.queues()).toEqual(['matching', 'platform']);
  });

  it('lets an event have no subscriber', () => {
    const registry = new JobRegistry([], [happened]);
    registry.bind([], []);
    expect(registry.subscribers('test.happened')).toEqual([]);
  });

  it('fails start-up for a subscriber of an event nobody registered', () => {
    const registry = new JobRegistry([], [happened]);
    expect(() => registry.bind([], [subscriber(other, 'search-index', 'Indexer.handle')])).toThrow(
      'Indexer.handle subscribes as search-index to event test.other-happened, which no module registered',
    );
  });

  it('fails start-up for two subscribers of one event with one name, naming both', () => {
    const registry = new JobRegistry([], [happened]);
    expect(() => registry.bind([], [subscriber(happened, 'matching', 'A.on'), subscriber(happened, 'matching', 'B.on')])).toThrow(
      'event test.happened has two subscribers named matching: A.on and B.on',
    );
  });

  it('reports every problem of a start-up at once', () => {
    const registry = new JobRegistry([ping], [happened]);
    expect(() => registry.bind([], [subscriber(other, 'x')])).toThrow(/job test\.ping has no handler\n.*test\.other-happened, which no module registered/);
  });

  it('does not hand out subscribers before they are bound (an unbound relay would drop events)', () => {
    const registry = new JobRegistry([], [happened]);
    expect(() => registry.subscribers('test.happened')).toThrow('not bound yet');
    expect(() => registry.event('test.unknown')).toThrow('unknown event test.unknown');
  });

  it('rejects subscriber names that could not be read back from a job id', () => {
    expect(() => defineSubscription(happened, 'Search.Index', { queue: 'social-map' })).toThrow();
    expect(() => defineSubscription(happened, 'a:b', { queue: 'social-map' })).toThrow();
    expect(subscriberJobId('0b6b8f0e-0000-4000-8000-000000000001', 'search-index')).toBe('0b6b8f0e-0000-4000-8000-000000000001.search-index');
  });
});
