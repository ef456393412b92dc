import { Worker } from 'node:worker_threads';

/** One request's timing: from when it was due (open loop) or sent, and from when it was sent. */
export interface Sample {
  /** position in the task's list */
  index: number;
  ms: number;
  serviceMs: number;
  status: number;
}

export type LoadTask =
  | {
      kind: 'open';
      origin: string;
      token: string;
      /** requests per second, fixed */
      rps: number;
      /** GET paths, sent in this order at the fixed rate */
      paths: string[];
      /** read `engine` from each 200 answer */
      parseEngine: boolean;
    }
  | {
      kind: 'closed';
      origin: string;
      token: string;
      concurrency: number;
      total: number;
      method: 'POST' | 'PUT';
      path: string;
      /** JSON body; `{i}` becomes the attempt's number, `{i%N:W}` that number modulo N, zero-padded to W digits */
      body: string;
      successStatus: number;
      expectedRefusal: number;
    };

export interface OpenLoopResult {
  kind: 'open';
  samples: Sample[];
  engines: Record<string, number>;
  errors: string[];
  durationMs: number;
}

export interface ClosedLoopResult {
  kind: 'closed';
  statuses: Record<string, number>;
  /** ms after the start at which each success answered */
  successAtMs: number[];
  latencies: number[];
  errors: string[];
  durationMs: number;
}

/** Runs a load task in a worker thread (see load-worker.ts) and returns what it measured. */
export function runLoad<T extends LoadTask>(task: T): Promise<T extends { kind: 'open' } ? OpenLoopResult : ClosedLoopResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.js', import.meta.url), { workerData: task });
    let settled = false;
    worker.once('message', (result: OpenLoopResult | ClosedLoopResult) => {
      settled = true;
      resolve(result as never);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`load worker exited with code ${code} before reporting`));
    });
  });
}

/** Nearest-rank percentile of unsorted numbers (NaN when empty). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarise(values: readonly number[]): LatencySummary {
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    count: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    max: round(values.length ? Math.max(...values) : Number.NaN),
    mean: round(values.length ? values.reduce((s, v) => s + v, 0) / values.length : Number.NaN),
  };
}
