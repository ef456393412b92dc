import type { JobDefinition } from './job-definition.js';

export interface RegisteredHandler {
  definition: JobDefinition;
  /** where it lives, for error messages */
  owner: string;
  run: (payload: unknown, context: { jobId: string; attempt: number }) => Promise<unknown>;
}

export class JobRegistryError extends Error {}

/**
 * Job name -> definition -> exactly one handler. Built once at start-up; any gap or double
 * stops the process, so a job can never sit in a queue with nobody to run it.
 */
export class JobRegistry {
  private readonly definitions = new Map<string, JobDefinition>();
  private readonly handlers = new Map<string, RegisteredHandler>();

  constructor(definitions: readonly JobDefinition[]) {
    for (const d of definitions) {
      const existing = this.definitions.get(d.name);
      if (existing && existing !== d) throw new JobRegistryError(`job ${d.name} is defined twice`);
      this.definitions.set(d.name, d);
    }
  }

  definition(name: string): JobDefinition {
    const d = this.definitions.get(name);
    if (!d) throw new JobRegistryError(`unknown job ${name}`);
    return d;
  }

  has(name: string): boolean {
    return this.definitions.has(name);
  }

  all(): JobDefinition[] {
    return [...this.definitions.values()];
  }

  queues(): string[] {
    return [...new Set(this.all().map((d) => d.queue))].sort();
  }

  /** Binds handlers and checks the registry is complete: every job exactly one handler, no handler without a job. */
  bind(handlers: RegisteredHandler[]): void {
    const problems: string[] = [];
    for (const h of handlers) {
      if (!this.definitions.has(h.definition.name)) {
        problems.push(`${h.owner} handles ${h.definition.name}, which no module registered`);
        continue;
      }
      const other = this.handlers.get(h.definition.name);
      if (other) problems.push(`job ${h.definition.name} has two handlers: ${other.owner} and ${h.owner}`);
      else this.handlers.set(h.definition.name, h);
    }
    for (const name of this.definitions.keys()) {
      if (!this.handlers.has(name)) problems.push(`job ${name} has no handler`);
    }
    if (problems.length) throw new JobRegistryError(`job registry is incomplete:\n  ${problems.join('\n  ')}`);
  }

  handler(name: string): RegisteredHandler {
    const h = this.handlers.get(name);
    if (!h) throw new JobRegistryError(`job ${name} has no handler`);
    return h;
  }
}
