import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { ClosedLoopResult, LoadTask, OpenLoopResult, Sample } from './load.js';

/**
 * The HTTP client side of the benchmark, in a worker thread of its own: the api runs in-process on
 * the main thread, and a client sharing that event loop would both slow the server down and see
 * its own timers delayed. Plain node:http with a keep-alive agent (cheaper per request than fetch).
 */
const task = workerData as LoadTask;
const origin = new URL(task.origin);

function send(agent: http.Agent, method: string, path: string, body: string | undefined, token: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: origin.hostname,
        port: origin.port,
        method,
        path,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.setTimeout(30_000, () => request.destroy(new Error('timeout after 30 s')));
    if (body !== undefined) request.write(body);
    request.end();
  });
}

/** Fixed arrival rate: request i is due at start + i/rps whatever happened before (no coordinated omission). */
async function openLoop(t: Extract<LoadTask, { kind: 'open' }>): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const samples: Sample[] = [];
  const engines: Record<string, number> = {};
  const errors: string[] = [];
  const start = performance.now() + 50;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < t.paths.length; i++) {
    const due = start + (i * 1000) / t.rps;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const sent = performance.now();
    pending.push(
      send(agent, 'GET', t.paths[i]!, undefined, t.token).then(
        ({ status, text }) => {
          const end = performance.now();
          samples.push({ index: i, ms: end - due, serviceMs: end - sent, status });
          if (status === 200 && t.parseEngine) {
            const engine = (JSON.parse(text) as { engine?: string }).engine ?? 'unknown';
            engines[engine] = (engines[engine] ?? 0) + 1;
          } else if (status !== 200 && errors.length < 5) errors.push(`${status} ${t.paths[i]} ${text.slice(0, 300)}`);
        },
        (error: Error) => {
          samples.push({ index: i, ms: performance.now() - due, serviceMs: performance.now() - sent, status: 0 });
          if (errors.length < 5) errors.push(`${error.message} ${t.paths[i]}`);
        },
      ),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  return { kind: 'open', samples, engines, errors, durationMs: performance.now() - start };
}

/** `concurrency` clients, each sending its next request as soon as the previous one answered, until `total` were sent. */
async function closedLoop(t: Extract<LoadTask, { kind: 'closed' }>): Promise<ClosedLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: t.concurrency });
  const statuses: Record<string, number> = {};
  const successAtMs: number[] = [];
  const latencies: number[] = [];
  const errors: string[] = [];
  let next = 0;
  const start = performance.now();
  const client = async () => {
    for (;;) {
      const i = next++;
      if (i >= t.total) return;
      const body = t.body.replace(/\{i%(\d+):(\d+)\}/g, (_m, n: string, width: string) => String(i % Number(n)).padStart(Number(width), '0')).replace('{i}', String(i));
      const sent = performance.now();
      try {
        const { status, text } = await send(agent, t.method, t.path, body, t.token);
        const end = performance.now();
        latencies.push(end - sent);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === t.successStatus) successAtMs.push(end - start);
        else if (status !== t.expectedRefusal && errors.length < 5) errors.push(`${status} ${text.slice(0, 300)}`);
      } catch (error) {
        statuses['error'] = (statuses['error'] ?? 0) + 1;
        if (errors.length < 5) errors.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: t.concurrency }, client));
  agent.destroy();
  return { kind: 'closed', statuses, successAtMs, latencies, errors, durationMs: performance.now() - start };
}

const result = task.kind === 'open' ? await openLoop(task) : await closedLoop(task);
parentPort!.postMessage(result);
