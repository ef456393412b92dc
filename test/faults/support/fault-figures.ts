import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where `npm run test:faults` collects each fault's figures (its global set-up sets it); unset in `npm test`. */
export const FAULTS_DIR_KEY = 'PASSEND_FAULTS_DIR';

/** One fault's figures, as the fault run prints them and writes them to .data/faults/report.json. */
export interface FaultFigures {
  fault: string;
  /** from the fault's start until the system showed it (health, a fallback, a refusal); null: not observed */
  detectMs: number | null;
  /** requests sent while the fault lasted and until recovery, and those that failed, by status ('timeout': no answer in time) */
  requests: number;
  failedRequests: number;
  failedStatuses: Record<string, number>;
  /** from the end of the fault until the first success */
  recoverMs: number | null;
  /** work that piled up during the fault (outbox rows, queued jobs) and how long it took to drain after it */
  backlog: number | null;
  drainMs: number | null;
  /** whether each effect was applied exactly once; null where the fault has no effect to count */
  exactlyOnce: boolean | null;
  notes?: string;
}

/** Writes one fault's figures for the run's report (a no-op outside `npm run test:faults`). */
export function recordFault(figures: FaultFigures): void {
  const dir = process.env[FAULTS_DIR_KEY];
  process.stdout.write(`[fault figures] ${JSON.stringify(figures)}\n`);
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${figures.fault.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}.json`), JSON.stringify(figures, null, 2));
}

export interface ProbeResult {
  at: number;
  status: number | 'timeout' | 'error';
  ok: boolean;
}

/**
 * Sends one request after another (never more than one at a time) while a fault lasts, and keeps
 * each outcome with its time: what the figures are made of. `send` returns the status and whether
 * the answer was the right one (a 200 with the wrong body is not a success).
 */
export class RequestProbe {
  readonly results: ProbeResult[] = [];
  private running?: Promise<void>;
  private stopped = false;

  constructor(private readonly send: () => Promise<{ status: number | 'timeout' | 'error'; ok: boolean }>, private readonly pauseMs = 100) {}

  start(): this {
    this.running = (async () => {
      while (!this.stopped) {
        const outcome = await this.send().catch((): { status: 'error'; ok: boolean } => ({ status: 'error', ok: false }));
        this.results.push({ at: Date.now(), ...outcome });
        await new Promise((resolve) => setTimeout(resolve, this.pauseMs));
      }
    })();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** the first result from `since` on that satisfies `test` */
  firstAfter(since: number, test: (r: ProbeResult) => boolean): ProbeResult | undefined {
    return this.results.find((r) => r.at >= since && test(r));
  }

  failures(since = 0): ProbeResult[] {
    return this.results.filter((r) => r.at >= since && !r.ok);
  }

  static countStatuses(results: ProbeResult[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of results) counts[String(r.status)] = (counts[String(r.status)] ?? 0) + 1;
    return counts;
  }
}

/** The status of a supertest request, or 'timeout' when it got no answer within its timeout. */
export async function statusOf(
  pending: PromiseLike<{ status: number; body: unknown; text?: string; headers: Record<string, string> }>,
): Promise<{ status: number | 'timeout' | 'error'; body: unknown; text: string; headers: Record<string, string> }> {
  try {
    const res = await pending;
    return { status: res.status, body: res.body, text: res.text ?? JSON.stringify(res.body), headers: res.headers };
  } catch (error) {
    const timedOut = (error as { timeout?: unknown; code?: unknown }).timeout !== undefined || (error as { code?: unknown }).code === 'ECONNABORTED';
    return { status: timedOut ? 'timeout' : 'error', body: undefined, text: '', headers: {} };
  }
}
