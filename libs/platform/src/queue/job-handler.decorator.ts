import { SetMetadata } from '@nestjs/common';
import type { JobDefinition, JobPayload } from './job-definition.js';

export const JOB_HANDLER = Symbol('passend:job-handler');

export interface JobContext {
  /** the job's id: the outbox row's id for jobs that came through the outbox */
  jobId: string;
  attempt: number;
}

/**
 * Marks a provider method as the one handler of a job. Handlers must be idempotent: BullMQ
 * delivers at least once, and the outbox relay may hand over a row twice.
 */
export function JobHandler<P extends JobPayload>(definition: JobDefinition<P>) {
  return <M extends (payload: P, context: JobContext) => Promise<unknown>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ) => {
    SetMetadata(JOB_HANDLER, definition)(target, key, descriptor);
  };
}
