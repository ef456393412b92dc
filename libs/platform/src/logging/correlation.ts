import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface RequestContext {
  correlationId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

const ACCEPTED_ID = /^[A-Za-z0-9._:-]{8,100}$/;

/** Keeps a caller's correlation id when it looks like one, otherwise makes a new one. */
export function acceptCorrelationId(candidate: unknown): string {
  return typeof candidate === 'string' && ACCEPTED_ID.test(candidate) ? candidate : randomUUID();
}

export function runWithCorrelationId<T>(correlationId: string, fn: () => T): T {
  return storage.run({ correlationId }, fn);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
