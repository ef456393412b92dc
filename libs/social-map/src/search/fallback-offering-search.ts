import { Logger } from '@nestjs/common';
import { DomainError } from '@passend/platform';
import type { OfferingSearchEngine, OfferingSearchQuery, OfferingSearchResult } from './offering-search.js';

export interface FallbackOptions {
  /** how long a search may take on the primary before PostgreSQL answers instead; default 1000 ms */
  timeoutMs?: number;
  /** after a failure, how long searches skip the primary; default 10 s */
  circuitOpenMs?: number;
  /** milliseconds clock (tests) */
  clock?: () => number;
  logger?: Pick<Logger, 'warn'>;
}

class PrimaryTimeout extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'PrimaryTimeout';
  }
}

/**
 * Meilisearch first, PostgreSQL when it fails: a search that errors or takes longer than the
 * timeout is answered by the fallback, and for the next `circuitOpenMs` searches go straight to
 * the fallback (a dead Meilisearch costs one timeout per period, not one per request). The result's
 * `engine` says which engine answered. Writes (sync, reindex) go to the primary and fail loudly,
 * so that the indexing job retries.
 */
export class FallbackOfferingSearch implements OfferingSearchEngine {
  readonly name: OfferingSearchEngine['name'];
  private readonly timeoutMs: number;
  private readonly circuitOpenMs: number;
  private readonly clock: () => number;
  private readonly logger: Pick<Logger, 'warn'>;
  private openUntil = 0;

  constructor(
    readonly primary: OfferingSearchEngine,
    readonly fallback: OfferingSearchEngine,
    options: FallbackOptions = {},
  ) {
    this.name = primary.name;
    this.timeoutMs = options.timeoutMs ?? 1_000;
    this.circuitOpenMs = options.circuitOpenMs ?? 10_000;
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger ?? new Logger('search');
  }

  /** true while searches skip the primary after a failure */
  get circuitOpen(): boolean {
    return this.clock() < this.openUntil;
  }

  async search(query: OfferingSearchQuery, now: Date): Promise<OfferingSearchResult> {
    if (this.circuitOpen) return this.fallback.search(query, now);
    try {
      return await withTimeout(this.primary.search(query, now), this.timeoutMs);
    } catch (error) {
      // validation problems are the caller's: the fallback would refuse the same query
      if (error instanceof DomainError) throw error;
      this.openUntil = this.clock() + this.circuitOpenMs;
      // never the query: free text may say more about a child than it should
      this.logger.warn({
        msg: `search on ${this.primary.name} failed; answering from ${this.fallback.name} for ${this.circuitOpenMs} ms`,
        event: 'search.fallback',
        reason: describe(error),
      });
      return this.fallback.search(query, now);
    }
  }

  async sync(offeringIds: string[]): Promise<void> {
    await this.primary.sync(offeringIds);
    await this.fallback.sync(offeringIds);
  }

  /** Rebuilds the primary's index (the fallback reads live tables). */
  reindexAll(onProgress?: (done: number, total: number) => void): Promise<number> {
    return this.primary.reindexAll(onProgress);
  }

  isAvailable(): Promise<boolean> {
    return this.primary.isAvailable();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PrimaryTimeout(ms)), ms);
  });
  promise.catch(() => undefined); // a late failure after the timeout is not unhandled
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** the error's kind and code, not its message (which may echo the request) */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { cause?: { code?: unknown } }).cause?.code ?? (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name} (${code})` : error.name;
}
