import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts, type AccessControl } from '@passend/identity';
import {
  canConnect,
  DomainError,
  dropDatabase,
  ensureDatabase,
  ErrorCode,
  JobRegistry,
  OutboxWriter,
  startEmbeddedPostgres,
  withDatabase,
  type Actor,
  type EmbeddedPostgresHandle,
  type PassendConfig,
  type Role,
} from '@passend/platform';
import { createProgressBar, HoldService, OfferingEffects, reindexOfferings, seedSocialMap, socialMapEvents } from '@passend/social-map';
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { createApi } from '../../api/src/create-api.js';
import { passendDataSourceOptions } from '../../shared/data-source.js';
import { migrate, withDataSource } from '../../shared/operations.js';
import { createWorker } from '../../worker/src/create-worker.js';
import { benchDatabase } from './bench-database.js';
import { runLoad, summarise, type LatencySummary } from './load.js';
import { searchMix, type MixMunicipality } from './search-mix.js';

/**
 * `npm run bench -- social-map`: the social map under load, through real HTTP on an in-process api
 * (the worker in a process of its own, as in production), on a database of its own seeded at
 * national scale; the HTTP clients run in a worker thread. It reports, it does not assert:
 *   1. search latency at a steady 50 requests/s with a realistic mix, per engine (goal p95 < 50 ms)
 *   2. capacity change -> visible in search (goal p95 < 2 s on Meilisearch; PostgreSQL for reference)
 *   3. holds on one hot offering from 64 clients: exactly N, none overbooked (goal >= 500 holds/s),
 *      and the same conditional UPDATE in raw SQL on 64 connections for comparison.
 * Settings (environment): BENCH_DATABASE_ADMIN_URL, BENCH_MEILI_URL/BENCH_MEILI_API_KEY (an existing
 * Meilisearch; its index "offerings" is replaced), MEILI_BINARY, BENCH_REDIS_URL (queue on Redis
 * instead of PostgreSQL), BENCH_SEARCH_SECONDS (20), BENCH_SEARCH_RPS (50), BENCH_CAPACITY_SAMPLES (30),
 * BENCH_HOLDS (2000), BENCH_HOLD_ATTEMPT_FACTOR (20), BENCH_HOLD_CLIENTS (64), BENCH_WARMUP_SECONDS (3),
 * BENCH_ONLY (search,capacity,holds), BENCH_WORKER (process | inprocess), BENCH_LOG_LEVEL (error).
 */

const env = process.env;
const num = (name: string, fallback: number) => (env[name] && Number.isFinite(Number(env[name])) ? Number(env[name]) : fallback);
const SETTINGS = {
  searchSeconds: num('BENCH_SEARCH_SECONDS', 20),
  searchRps: num('BENCH_SEARCH_RPS', 50),
  warmupSeconds: num('BENCH_WARMUP_SECONDS', 3),
  capacitySamples: num('BENCH_CAPACITY_SAMPLES', 30),
  holds: num('BENCH_HOLDS', 2_000),
  holdAttemptFactor: num('BENCH_HOLD_ATTEMPT_FACTOR', 20),
  holdClients: num('BENCH_HOLD_CLIENTS', 64),
};

/** BENCH_WORKER=inprocess: the worker on the api's event loop (default: a process of its own) */
const WORKER_IN_PROCESS = env.BENCH_WORKER === 'inprocess';

/** BENCH_ONLY=search,capacity,holds (default all) */
const ONLY = new Set((env.BENCH_ONLY ?? 'search,capacity,holds').split(',').map((p) => p.trim()));

const GOALS = { searchP95Ms: 50, capacityVisibleP95Ms: 2_000, holdsPerSecond: 500 };
const BENCH_OFFERING_WORD = 'kwartelkoning';
const started = performance.now();
const say = (line: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);

export interface SearchFigures {
  engine: string;
  requests: number;
  rps: number;
  /** from when each request was due (open loop), ms */
  latency: LatencySummary;
  /** from when each request was sent, ms */
  service: LatencySummary;
  statuses: Record<string, number>;
  answeredBy: Record<string, number>;
  /** per kind of search (text, filters, near, combo) */
  byShape: Record<string, { latency: LatencySummary; service: LatencySummary }>;
  /** the five slowest requests (service time) */
  slowest: { ms: number; status: number; path: string }[];
  errors: string[];
}

export interface CapacityFigures {
  engine: string;
  samples: number;
  /** PUT sent -> a search shows the new freePlaces, ms */
  visible: LatencySummary;
  /** the PUT itself, ms */
  put: LatencySummary;
  /**
   * Meilisearch: where the time goes, per change (ms): commit -> outbox row relayed to the queue;
   * relayed -> the index job's Meilisearch task enqueued (queue pick-up, documents loaded);
   * enqueued -> the task finished (Meilisearch's own queue and indexing); finished -> a search showed it
   */
  stages?: Record<'relay' | 'queueAndHandler' | 'meiliTask' | 'seenAfterTask', LatencySummary>;
  timeouts: number;
  errors: string[];
}

export interface HoldFigures {
  places: number;
  attempts: number;
  clients: number;
  created: number;
  refused: number;
  other: Record<string, number>;
  /** places / time until the last place was taken */
  holdsPerSecond: number;
  attemptsPerSecond: number;
  soldOutAfterMs: number;
  latency: LatencySummary;
  verified: { freePlaces: number; heldHolds: number; overbooked: number; holdEvents: number };
  errors: string[];
}

export interface SocialMapBenchReport {
  suite: 'social-map';
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; postgres: string; queue: string; worker: string; meilisearch: string | null; loadAverage: { start: number[]; end?: number[] } };
  settings: typeof SETTINGS;
  goals: typeof GOALS;
  seed?: { providers: number; locations: number; offerings: number; tookMs: number; migrateMs: number };
  search: SearchFigures[];
  capacity: CapacityFigures[];
  holds?: { api?: HoldFigures; service?: HoldFigures; raw?: HoldFigures; apiToRawRatio?: number };
  meiliReindex?: { documents: number; tookMs: number };
  skipped: string[];
  errors: string[];
  tookMs: number;
}

interface Running {
  api: NestExpressApplication;
  /** undefined when it did not start (the error is in the report): search and holds still run */
  worker?: { close(): Promise<void> };
  origin: string;
}

/**
 * The worker as production runs it: a process of its own (dist/apps/worker/src/main.js, configured
 * through the environment), so its jobs don't run on the api's event loop. BENCH_WORKER=inprocess
 * runs createWorker() in this process instead.
 */
async function startWorkerProcess(config: PassendConfig): Promise<{ close(): Promise<void> }> {
  const workerEnv: NodeJS.ProcessEnv = {
    PATH: env.PATH,
    DATABASE_URL: config.databaseUrl,
    ...(config.redisUrl ? { REDIS_URL: config.redisUrl } : {}),
    ...(config.queueNamespace ? { QUEUE_NAMESPACE: config.queueNamespace } : {}),
    ...(config.meili ? { MEILI_URL: config.meili.url, ...(config.meili.apiKey ? { MEILI_API_KEY: config.meili.apiKey } : {}) } : {}),
    JWT_SECRET: config.jwt.secret,
    PERSONAL_DATA_KEY: config.personalDataKey.key.toString('base64'),
    PERSONAL_DATA_KEY_ID: config.personalDataKey.id,
    LOG_LEVEL: config.logLevel,
  };
  const child = fork(fileURLToPath(new URL('../../worker/src/main.js', import.meta.url)), [], { env: workerEnv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-3000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((ready, failed) => {
    const timer = setTimeout(() => failed(new Error('the worker did not report ready within 60 s')), 60_000);
    child.on('message', (message: { type?: string }) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      // the error's own message, not the source line node prints above it
      const at = stderr.search(/^\w*Error\b.*$/m);
      const reason = (at >= 0 ? stderr.slice(at) : stderr).split('\n').filter((l) => !/^\s+at /.test(l)).slice(0, 4).join(' ').replace(/\s+/g, ' ');
      failed(new Error(`the worker exited (${signal ?? `code ${code}`}): ${reason.trim()}`));
    });
  });
  return {
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(killer);
    },
  };
}

function benchConfig(databaseUrl: string, queueNamespace: string): PassendConfig {
  return {
    databaseUrl,
    redisUrl: env.BENCH_REDIS_URL || undefined,
    queueNamespace,
    meili: undefined,
    jwt: { secret: randomBytes(32).toString('base64'), ttlSeconds: 3_600, issuer: 'passend', audience: 'passend-api' },
    oidc: undefined,
    personalDataKey: { id: 'bench', key: randomBytes(32) },
    port: 0,
    logLevel: (env.BENCH_LOG_LEVEL as PassendConfig['logLevel']) ?? 'error',
    bodyLimit: '1mb',
    loginFailuresPerMinute: 10,
    trustProxyHops: 0,
    // the hold race measures the claim, not the per-person cap (HOLDS_PER_USER): one guardian takes them all
    holds: { defaultHours: 48, maxHours: 168, perUser: 1_000_000, perOrganisation: 1_000_000 },
  };
}

async function boot(config: PassendConfig, report: SocialMapBenchReport): Promise<Running> {
  const api = await createApi(config);
  await api.listen(0, '127.0.0.1');
  const { port } = api.getHttpServer().address() as AddressInfo;
  let worker: Running['worker'];
  try {
    worker = WORKER_IN_PROCESS ? await createWorker(config) : await startWorkerProcess(config);
  } catch (error) {
    const message = (error as Error).message.replace(/\s+/g, ' ');
    report.errors.push(`worker did not start (no outbox relay, no index jobs: changes do not reach Meilisearch): ${message}`);
    say(`worker did not start: ${message}`);
  }
  return { api, worker, origin: `http://127.0.0.1:${port}` };
}

async function shutdown(running: Running | undefined): Promise<void> {
  if (!running) return;
  await running.worker?.close().catch((e: Error) => say(`worker close: ${e.message}`));
  await running.api.close().catch((e: Error) => say(`api close: ${e.message}`));
}

async function call<T>(origin: string, token: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
}

async function expectOk<T>(what: string, promise: Promise<{ status: number; body: T }>, ...ok: number[]): Promise<T> {
  const { status, body } = await promise;
  if (!(ok.length ? ok : [200, 201]).includes(status)) throw new Error(`${what}: HTTP ${status} ${JSON.stringify(body).slice(0, 400)}`);
  return body;
}

async function tokenFor(origin: string, role: Role): Promise<string> {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
  const body = await expectOk<{ accessToken: string }>(`login ${account.email}`, call(origin, undefined, 'POST', '/api/auth/login', { email: account.email, password: DEMO_PASSWORD }));
  return body.accessToken;
}

// ---- 1. search latency ------------------------------------------------------------------------

async function searchLatency(running: Running, token: string, engine: string, municipalities: MixMunicipality[]): Promise<SearchFigures> {
  const rps = SETTINGS.searchRps;
  if (SETTINGS.warmupSeconds > 0) {
    say(`${engine}: warm-up ${SETTINGS.warmupSeconds} s at ${rps} req/s`);
    const warmup = searchMix(99, Math.round(SETTINGS.warmupSeconds * rps), municipalities);
    await runLoad({ kind: 'open', origin: running.origin, token, rps, paths: warmup.map((m) => m.path), parseEngine: false });
  }
  const count = Math.round(SETTINGS.searchSeconds * rps);
  say(`${engine}: ${count} searches at a steady ${rps} req/s (${SETTINGS.searchSeconds} s)`);
  const mix = searchMix(2025, count, municipalities);
  const result = await runLoad({ kind: 'open', origin: running.origin, token, rps, paths: mix.map((m) => m.path), parseEngine: true });
  const statuses: Record<string, number> = {};
  for (const s of result.samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  const byShape: SearchFigures['byShape'] = {};
  for (const shape of [...new Set(mix.map((m) => m.shape))].sort()) {
    const samples = result.samples.filter((s) => mix[s.index]!.shape === shape);
    byShape[shape] = { latency: summarise(samples.map((s) => s.ms)), service: summarise(samples.map((s) => s.serviceMs)) };
  }
  const slowest = [...result.samples].sort((a, b) => b.serviceMs - a.serviceMs).slice(0, 5).map((s) => ({ ms: Math.round(s.serviceMs), status: s.status, path: mix[s.index]!.path }));
  return {
    byShape,
    slowest,
    engine,
    requests: result.samples.length,
    rps: Math.round((result.samples.length / result.durationMs) * 1000 * 10) / 10,
    latency: summarise(result.samples.map((s) => s.ms)),
    service: summarise(result.samples.map((s) => s.serviceMs)),
    statuses,
    answeredBy: result.engines,
    errors: result.errors,
  };
}

// ---- 2. capacity change -> visible in search ----------------------------------------------------

interface BenchOffering {
  id: string;
  version: number;
  totalPlaces: number;
  freePlaces: number;
}

/** The demo provider's own offering (provider staff may change only their own): made once through the API. */
async function benchOffering(origin: string, providerToken: string): Promise<BenchOffering> {
  await expectOk('PUT /api/providers/me', call(origin, providerToken, 'PUT', '/api/providers/me', { name: 'Zorgaanbieder De Linde (synthetisch)', description: 'Demo-aanbieder (synthetisch) voor de benchmark.' }));
  const location = await expectOk<{ id: string }>(
    'POST /api/locations',
    call(origin, providerToken, 'POST', '/api/locations', { name: 'Locatie Oudwijk', city: 'Utrecht', municipalityCode: 'GM0344' }),
  );
  const offering = await expectOk<{ id: string; version: number; totalPlaces: number; freePlaces: number }>(
    'POST /api/offerings',
    call(origin, providerToken, 'POST', '/api/offerings', {
      locationId: location.id,
      name: `Benchmarkaanbod ${BENCH_OFFERING_WORD[0]!.toUpperCase()}${BENCH_OFFERING_WORD.slice(1)}`,
      categoryCode: '45',
      setting: 'outpatient',
      specialismCodes: ['trauma_treatment'],
      minAge: 4,
      maxAge: 18,
      contractedRegionCodes: ['JZ22'],
      descriptionNl: 'Synthetisch aanbod voor de benchmark.',
      totalPlaces: 20,
      freePlaces: 0,
      waitWeeks: 4,
    }),
  );
  return { id: offering.id, version: offering.version, totalPlaces: offering.totalPlaces, freePlaces: offering.freePlaces };
}

interface StageProbe {
  databaseUrl: string;
  meili: { url: string; apiKey?: string };
}

const isoMs = (iso: string) => Date.parse(iso.replace(/(\.\d{3})\d+/, '$1'));

/** Timestamps along the path of one change: the outbox row (PostgreSQL) and the Meilisearch task. */
async function stagesOf(probe: StageProbe, db: pg.Client, offeringId: string, sentAt: number, seenAt: number): Promise<Record<'relay' | 'queueAndHandler' | 'meiliTask' | 'seenAfterTask', number> | undefined> {
  const { rows } = await db.query<{ created: Date; dispatched: Date | null }>(
    `SELECT created_at AS created, dispatched_at AS dispatched FROM platform.outbox
      WHERE kind = 'event' AND job_name = 'social-map.capacity-changed' AND payload->'offeringIds' ? $1 AND created_at >= $2 ORDER BY seq LIMIT 1`,
    // the change's transaction starts after the PUT was sent (one clock: the same machine)
    [offeringId, new Date(sentAt - 20)],
  );
  const row = rows[0];
  if (!row?.dispatched) return undefined;
  const after = new Date(row.dispatched.getTime() - 5).toISOString();
  const response = await fetch(`${probe.meili.url}/tasks?types=documentAdditionOrUpdate&afterEnqueuedAt=${encodeURIComponent(after)}&limit=50`, {
    headers: probe.meili.apiKey ? { authorization: `Bearer ${probe.meili.apiKey}` } : {},
  });
  if (!response.ok) return undefined;
  const tasks = ((await response.json()) as { results: { enqueuedAt: string; finishedAt: string | null }[] }).results
    .filter((t) => t.finishedAt)
    .sort((a, b) => isoMs(a.enqueuedAt) - isoMs(b.enqueuedAt));
  const task = tasks[0];
  if (!task) return undefined;
  const enqueued = isoMs(task.enqueuedAt);
  const finished = isoMs(task.finishedAt!);
  return {
    relay: row.dispatched.getTime() - row.created.getTime(),
    queueAndHandler: enqueued - row.dispatched.getTime(),
    meiliTask: finished - enqueued,
    seenAfterTask: seenAt - finished,
  };
}

async function capacityVisibility(running: Running, guardianToken: string, providerToken: string, offering: BenchOffering, engine: string, probe?: StageProbe): Promise<CapacityFigures> {
  const db = probe ? new pg.Client({ connectionString: probe.databaseUrl }) : undefined;
  await db?.connect();
  const stages: Record<'relay' | 'queueAndHandler' | 'meiliTask' | 'seenAfterTask', number[]> = { relay: [], queueAndHandler: [], meiliTask: [], seenAfterTask: [] };
  const visible: number[] = [];
  const puts: number[] = [];
  const errors: string[] = [];
  let timeouts = 0;
  // the current state (a hold or an earlier phase may have moved it)
  const current = await expectOk<{ version: number; freePlaces: number; totalPlaces: number }>('GET capacity', call(running.origin, providerToken, 'GET', `/api/offerings/${offering.id}/capacity`));
  offering.version = current.version;
  offering.freePlaces = current.freePlaces;
  const searchPath = `/api/social-map/offerings?q=${BENCH_OFFERING_WORD}&municipality=GM0344&perPage=10`;
  say(`${engine}: ${SETTINGS.capacitySamples} capacity changes, each polled in search until visible`);
  for (let i = 0; i < SETTINGS.capacitySamples; i++) {
    const freePlaces = (offering.freePlaces + 1 + (i % 3)) % (offering.totalPlaces + 1);
    const t0 = performance.now();
    const sentAt = Date.now();
    const put = await call<{ version: number; freePlaces: number }>(
      running.origin,
      providerToken,
      'PUT',
      `/api/offerings/${offering.id}/capacity`,
      { totalPlaces: offering.totalPlaces, freePlaces, waitWeeks: freePlaces ? 0 : 4, reason: freePlaces ? 'outflow' : 'intake' },
      { 'if-match': `"${offering.version}"` },
    );
    puts.push(performance.now() - t0);
    if (put.status !== 200) {
      errors.push(`PUT capacity: HTTP ${put.status} ${JSON.stringify(put.body).slice(0, 300)}`);
      const again = await call<{ version: number; freePlaces: number }>(running.origin, providerToken, 'GET', `/api/offerings/${offering.id}/capacity`);
      offering.version = again.body.version;
      offering.freePlaces = again.body.freePlaces;
      continue;
    }
    offering.version = put.body.version;
    offering.freePlaces = freePlaces;
    const deadline = t0 + 15_000;
    let seen = false;
    while (performance.now() < deadline) {
      const found = await call<{ hits: { offeringId: string; freePlaces: number }[] }>(running.origin, guardianToken, 'GET', searchPath);
      if (found.status === 200 && found.body.hits.some((h) => h.offeringId === offering.id && h.freePlaces === freePlaces)) {
        visible.push(performance.now() - t0);
        seen = true;
        if (probe && db) {
          const stage = await stagesOf(probe, db, offering.id, sentAt, Date.now()).catch(() => undefined);
          if (stage) for (const key of Object.keys(stages) as (keyof typeof stages)[]) stages[key].push(stage[key]);
        }
        break;
      }
      if (found.status !== 200 && errors.length < 5) errors.push(`search: HTTP ${found.status} ${JSON.stringify(found.body).slice(0, 300)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    if (!seen) timeouts++;
    if (!seen && timeouts >= 3 && visible.length === 0) {
      errors.push('3 changes in a row never became visible in 15 s: stopped early (is the worker indexing?)');
      break;
    }
    await new Promise((r) => setTimeout(r, 150 + Math.round(Math.random() * 150)));
  }
  await db?.end();
  return {
    engine,
    samples: SETTINGS.capacitySamples,
    visible: summarise(visible),
    put: summarise(puts),
    stages: probe && stages.relay.length ? { relay: summarise(stages.relay), queueAndHandler: summarise(stages.queueAndHandler), meiliTask: summarise(stages.meiliTask), seenAfterTask: summarise(stages.seenAfterTask) } : undefined,
    timeouts,
    errors,
  };
}

// ---- 3. holds on one hot offering ---------------------------------------------------------------

const HOLD_SQL = `WITH taken AS (
   UPDATE social_map.offering SET free_places = free_places - 1, version = version + 1, updated_at = now()
    WHERE id = $1 AND active AND free_places > 0
    RETURNING id, provider_id, total_places, free_places, wait_weeks),
 hold AS (
   INSERT INTO social_map.hold (offering_id, holder_ref, expires_at, created_by, created_by_organisation)
   SELECT id, $2, now() + make_interval(mins => $3), $4, $5 FROM taken
   RETURNING id),
 event AS (
   INSERT INTO social_map.capacity_event (offering_id, actor_user_id, kind, old_total, new_total, old_free, new_free, old_wait, new_wait, hold_id)
   SELECT t.id, $4, 'hold_placed', t.total_places, t.total_places, t.free_places + 1, t.free_places, t.wait_weeks, t.wait_weeks, h.id
     FROM taken t, hold h)
 SELECT h.id FROM hold h`;

async function resetHotOffering(databaseUrl: string, offeringId: string, places: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // earlier holds leave the hold state machine (released) so the count below is this run's
    await client.query(`UPDATE social_map.hold SET state = 'released', resolved_at = now() WHERE offering_id = $1 AND state = 'held'`, [offeringId]);
    await client.query(`UPDATE social_map.offering SET total_places = $2, free_places = $2, version = version + 1, updated_at = now() WHERE id = $1`, [offeringId, places]);
  } finally {
    await client.end();
  }
}

async function verifyHolds(databaseUrl: string, offeringId: string, places: number, holderPrefix: string): Promise<HoldFigures['verified']> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ free: number; held: number; events: number }>(
      `SELECT (SELECT free_places FROM social_map.offering WHERE id = $1) AS free,
              (SELECT count(*)::int FROM social_map.hold WHERE offering_id = $1 AND state = 'held' AND holder_ref LIKE $2) AS held,
              (SELECT count(*)::int FROM social_map.capacity_event e JOIN social_map.hold h ON h.id = e.hold_id
                WHERE e.offering_id = $1 AND e.kind = 'hold_placed' AND h.holder_ref LIKE $2) AS events`,
      [offeringId, `${holderPrefix}%`],
    );
    const r = rows[0]!;
    return { freePlaces: r.free, heldHolds: r.held, overbooked: Math.max(0, r.held - places), holdEvents: r.events };
  } finally {
    await client.end();
  }
}

function holdFigures(places: number, attempts: number, clients: number, created: number, refused: number, other: Record<string, number>, successAtMs: number[], durationMs: number, latencies: number[], verified: HoldFigures['verified'], errors: string[]): HoldFigures {
  const soldOutAfterMs = successAtMs.length ? Math.max(...successAtMs) : durationMs;
  return {
    places,
    attempts,
    clients,
    created,
    refused,
    other,
    holdsPerSecond: Math.round((created / soldOutAfterMs) * 1000),
    attemptsPerSecond: Math.round((attempts / durationMs) * 1000),
    soldOutAfterMs: Math.round(soldOutAfterMs),
    latency: summarise(latencies),
    verified,
    errors,
  };
}

/**
 * A hold names the open case (or proposal) it is for, and a case holds one place at a time: the
 * bench gives the guardian's institution as many open cases as there are places, with ids the load
 * template can name (`…-8000-{i%N:12}`), written straight into the bench database (synthetic, their
 * identity fields are placeholders in the encrypted format; nobody reads them).
 */
const BENCH_CASE_PREFIX = 'bbbbbbbb-0000-4000-8000-';

async function createBenchCases(databaseUrl: string, institutionId: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `WITH n AS (SELECT g, lpad(g::text, 12, '0') AS tail FROM generate_series(0, $2::int - 1) g),
       child AS (
         INSERT INTO cases.child (id, institution_id, given_names_enc, family_name_enc, bsn_enc, date_of_birth_enc, bsn_hmac, key_id, home_municipality_code)
         SELECT ('cccccccc-0000-4000-8000-' || tail)::uuid, $1::uuid, 'pd1.bench', 'pd1.bench', 'pd1.bench', 'pd1.bench', encode(sha256(('bench-' || g)::bytea), 'hex'), 'bench', 'GM0344' FROM n
         ON CONFLICT DO NOTHING RETURNING id)
       INSERT INTO cases.measure (id, child_id, kind, ruling_date, institution_id)
       SELECT ($3 || tail)::uuid, ('cccccccc-0000-4000-8000-' || tail)::uuid, 'supervision_order', current_date - 30, $1 FROM n
       ON CONFLICT DO NOTHING`,
      [institutionId, count, BENCH_CASE_PREFIX],
    );
  } finally {
    await client.end();
  }
}

async function apiHolds(running: Running, databaseUrl: string, guardianToken: string, offeringId: string, institutionId: string): Promise<HoldFigures> {
  const places = SETTINGS.holds;
  const attempts = places * SETTINGS.holdAttemptFactor;
  await resetHotOffering(databaseUrl, offeringId, places);
  await createBenchCases(databaseUrl, institutionId, places);
  say(`holds via the API: ${attempts} attempts from ${SETTINGS.holdClients} clients on ${places} places`);
  const result = await runLoad({
    kind: 'closed',
    origin: running.origin,
    token: guardianToken,
    concurrency: SETTINGS.holdClients,
    total: attempts,
    method: 'POST',
    path: `/api/offerings/${offeringId}/holds`,
    body: JSON.stringify({ measureId: `${BENCH_CASE_PREFIX}{i%${places}:12}` }),
    successStatus: 201,
    expectedRefusal: 409,
  });
  const { 201: created = 0, 409: refused = 0, ...other } = result.statuses;
  const verified = await verifyHolds(databaseUrl, offeringId, places, `case:${BENCH_CASE_PREFIX}`);
  return holdFigures(places, attempts, SETTINGS.holdClients, created, refused, other, result.successAtMs, result.durationMs, result.latencies, verified, result.errors);
}

/**
 * The same holds through HoldService.place in-process (its real transaction, outbox row and
 * capacity NOTIFY), without HTTP, Nest and the api's 20-connection pool: separates the cost of the
 * transaction's shape from the cost of the HTTP layer.
 */
interface HoldRace {
  created: number;
  refused: number;
  other: Record<string, number>;
  successAtMs: number[];
  latencies: number[];
  errors: string[];
  durationMs: number;
}

/** `attempts` hold attempts shared out over the callers (each runs one at a time), counted and timed. */
async function raceForPlaces<C>(attempts: number, callers: C[], attempt: (i: number, caller: C) => Promise<'created' | 'refused'>): Promise<HoldRace> {
  const race: HoldRace = { created: 0, refused: 0, other: {}, successAtMs: [], latencies: [], errors: [], durationMs: 0 };
  let next = 0;
  const start = performance.now();
  await Promise.all(
    callers.map(async (caller) => {
      for (;;) {
        const i = next++;
        if (i >= attempts) return;
        const sent = performance.now();
        try {
          const outcome = await attempt(i, caller);
          const end = performance.now();
          race.latencies.push(end - sent);
          if (outcome === 'created') {
            race.created++;
            race.successAtMs.push(end - start);
          } else race.refused++;
        } catch (error) {
          race.latencies.push(performance.now() - sent);
          race.other.error = (race.other.error ?? 0) + 1;
          if (race.errors.length < 5) race.errors.push((error as Error).message);
        }
      }
    }),
  );
  race.durationMs = performance.now() - start;
  return race;
}

async function serviceHolds(config: PassendConfig, offeringId: string, actor: { userId: string; organisationId: string }): Promise<HoldFigures> {
  const places = SETTINGS.holds;
  const attempts = places * SETTINGS.holdAttemptFactor;
  await resetHotOffering(config.databaseUrl, offeringId, places);
  say(`holds via HoldService (no HTTP): ${attempts} attempts from ${SETTINGS.holdClients} callers on ${places} places`);
  const options = passendDataSourceOptions(config, 'passend-bench-service');
  const dataSource = new DataSource({ ...options, logging: false, extra: { ...(options.extra as object), max: SETTINGS.holdClients } } as DataSourceOptions);
  await dataSource.initialize();
  // the access check (and its audit entry) is the api's business: here every caller is let through
  const letThrough = { authorize: async () => undefined } as unknown as AccessControl;
  const service = new HoldService(dataSource, letThrough, new OfferingEffects(new OutboxWriter(new JobRegistry([], socialMapEvents))), config);
  const holderRef = `case:${randomUUID()}`;
  const caller = { principal: { userId: actor.userId, organisationId: actor.organisationId, role: 'guardian' } } as unknown as Actor;
  let race: HoldRace;
  try {
    race = await raceForPlaces(attempts, Array.from({ length: SETTINGS.holdClients }, () => caller), async () => {
      try {
        await service.place(caller, offeringId, { holderRef, ttlMinutes: 2880 });
        return 'created';
      } catch (error) {
        if (error instanceof DomainError && error.code === ErrorCode.Conflict) return 'refused';
        throw error;
      }
    });
  } finally {
    await dataSource.destroy();
  }
  const verified = await verifyHolds(config.databaseUrl, offeringId, places, holderRef);
  return holdFigures(places, attempts, SETTINGS.holdClients, race.created, race.refused, race.other, race.successAtMs, race.durationMs, race.latencies, verified, race.errors);
}

async function rawHolds(databaseUrl: string, offeringId: string, actor: { userId: string; organisationId: string }): Promise<HoldFigures> {
  const places = SETTINGS.holds;
  const attempts = places * SETTINGS.holdAttemptFactor;
  await resetHotOffering(databaseUrl, offeringId, places);
  say(`holds in raw SQL: ${attempts} attempts on ${SETTINGS.holdClients} connections on ${places} places`);
  const clients = await Promise.all(
    Array.from({ length: SETTINGS.holdClients }, async () => {
      const client = new pg.Client({ connectionString: databaseUrl, application_name: 'passend-bench-raw' });
      await client.connect();
      return client;
    }),
  );
  let race: HoldRace;
  try {
    race = await raceForPlaces(attempts, clients, async (i, client) => {
      const { rowCount } = await client.query(HOLD_SQL, [offeringId, `bench-raw:${i}`, 2880, actor.userId, actor.organisationId]);
      return rowCount ? 'created' : 'refused';
    });
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
  const verified = await verifyHolds(databaseUrl, offeringId, places, 'bench-raw:');
  return holdFigures(places, attempts, SETTINGS.holdClients, race.created, race.refused, race.other, race.successAtMs, race.durationMs, race.latencies, verified, race.errors);
}

/**
 * Waits until the api has no query running (an overloaded phase can leave queries behind its
 * clients' time-outs), cancelling what still runs after `waitMs`, so the next phase starts clean.
 */
async function quiesce(databaseUrl: string, report: SocialMapBenchReport, what: string, waitMs = 10_000): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + waitMs;
    const active = `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND application_name = 'passend-api' AND pid <> pg_backend_pid()`;
    for (;;) {
      const { rows } = await client.query<{ pid: number }>(active);
      if (rows.length === 0) return;
      if (Date.now() > deadline) {
        await client.query(`SELECT pg_cancel_backend(pid) FROM (${active}) a`);
        report.errors.push(`${what}: ${rows.length} api queries still running ${waitMs / 1000} s after the load ended were cancelled`);
        say(`${what}: cancelled ${rows.length} straggling api queries`);
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await client.end();
  }
}

// ---- the run ---------------------------------------------------------------------------------

async function meilisearchServer(report: SocialMapBenchReport): Promise<{ url: string; apiKey?: string; version: string; stop(): Promise<void> } | undefined> {
  if (env.BENCH_MEILI_URL) {
    const health = await fetch(`${env.BENCH_MEILI_URL}/version`, { headers: env.BENCH_MEILI_API_KEY ? { authorization: `Bearer ${env.BENCH_MEILI_API_KEY}` } : {} }).catch(() => undefined);
    const version = health?.ok ? ((await health.json()) as { pkgVersion?: string }).pkgVersion ?? '?' : '?';
    return { url: env.BENCH_MEILI_URL, apiKey: env.BENCH_MEILI_API_KEY, version, stop: async () => undefined };
  }
  try {
    // libs/testing is a test library; its Meilisearch launcher is what the bench needs too
    const { startMeilisearch } = await import('@passend/testing');
    return await startMeilisearch({ timeoutMs: 30_000 });
  } catch (error) {
    report.skipped.push(`Meilisearch: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

export async function runSocialMapBench(): Promise<SocialMapBenchReport> {
  const report: SocialMapBenchReport = {
    suite: 'social-map',
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, postgres: '?', queue: env.BENCH_REDIS_URL ? 'redis' : 'postgresql', worker: WORKER_IN_PROCESS ? 'in-process' : 'own process', meilisearch: null, loadAverage: { start: loadavg().map((x) => Math.round(x * 100) / 100) } },
    settings: SETTINGS,
    goals: GOALS,
    search: [],
    capacity: [],
    skipped: [],
    errors: [],
    tookMs: 0,
  };

  const { adminUrl, database, databaseUrl, stamp, embedded } = await benchDatabase('passend_bench', env.BENCH_DATABASE_ADMIN_URL, say);
  const config = benchConfig(databaseUrl, `bench_${stamp}`);
  let running: Running | undefined;
  let meili: Awaited<ReturnType<typeof meilisearchServer>>;
  // Ctrl-C (or a closed pipe) must not leave the database, the worker or Meilisearch behind
  // `on`, not `once`: Nest's shutdown hooks re-raise the signal after closing the api
  let cleaningUp = false;
  const interrupted = (signal: NodeJS.Signals) => {
    if (cleaningUp) return;
    cleaningUp = true;
    say(`${signal}: cleaning up`);
    void (async () => {
      await shutdown(running).catch(() => undefined);
      await meili?.stop().catch(() => undefined);
      await dropDatabase(adminUrl, database).catch(() => undefined);
      await embedded?.stop().catch(() => undefined);
      process.exit(130);
    })();
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  process.on('SIGHUP', interrupted);
  process.stderr.on('error', () => undefined);
  process.stdout.on('error', () => undefined);

  try {
    await ensureDatabase(adminUrl, database);
    say(`database ${database}`);
    let t = performance.now();
    await migrate(config);
    const migrateMs = performance.now() - t;
    say(`migrated in ${(migrateMs / 1000).toFixed(1)} s; seeding the national map`);
    const bar = createProgressBar({ label: '[bench] seed national' });
    t = performance.now();
    const seeded = await withDataSource(config, async (ds) => {
      await seedDemoAccounts(ds.manager);
      return seedSocialMap(ds.manager, { scale: 'national', indexJobs: false, onProgress: (done, total) => bar.update(done, total) });
    });
    bar.finish();
    report.seed = { providers: seeded.providers, locations: seeded.locations, offerings: seeded.offerings, tookMs: Math.round(performance.now() - t), migrateMs: Math.round(migrateMs) };
    say(`seeded ${seeded.providers} providers, ${seeded.offerings} offerings in ${(report.seed.tookMs / 1000).toFixed(1)} s`);

    const facts = await withDataSource(config, async (ds) => {
      const [version] = (await ds.query(`SHOW server_version`)) as { server_version: string }[];
      const municipalities = (await ds.query(
        `SELECT code, region_code AS "regionCode", population FROM reference.municipality WHERE latitude IS NOT NULL ORDER BY code`,
      )) as MixMunicipality[];
      const guardian = DEMO_ACCOUNTS.find((a) => a.role === 'guardian')!;
      const [actor] = (await ds.query(`SELECT id AS "userId", organisation_id AS "organisationId" FROM identity."user" WHERE email = $1`, [guardian.email])) as { userId: string; organisationId: string }[];
      const [hot] = (await ds.query(
        `SELECT o.id FROM social_map.offering o JOIN social_map.provider p ON p.id = o.provider_id WHERE o.active AND p.synthetic AND o.setting = 'residential' ORDER BY o.id LIMIT 1`,
      )) as { id: string }[];
      return { postgres: version!.server_version, municipalities, actor: actor!, hotOfferingId: hot!.id };
    });
    report.machine.postgres = facts.postgres;

    // ---- PostgreSQL engine: search, capacity, holds
    say('booting api + worker (search on PostgreSQL)');
    running = await boot(config, report);
    const guardianToken = await tokenFor(running.origin, 'guardian');
    const providerToken = await tokenFor(running.origin, 'provider_staff');
    let offering: BenchOffering | undefined;
    try {
      offering = await benchOffering(running.origin, providerToken);
    } catch (error) {
      report.errors.push(`bench offering: ${(error as Error).message}`);
    }
    if (ONLY.has('search')) {
      await attempt(report, 'search postgresql', async () => report.search.push(await searchLatency(running!, guardianToken, 'postgresql', facts.municipalities)));
      await quiesce(databaseUrl, report, 'after search postgresql');
    }
    if (offering && ONLY.has('capacity')) await attempt(report, 'capacity postgresql', async () => report.capacity.push(await capacityVisibility(running!, guardianToken, providerToken, offering, 'postgresql')));
    report.holds = {};
    if (ONLY.has('holds')) {
      await quiesce(databaseUrl, report, 'before holds');
      await attempt(report, 'holds api', async () => {
        report.holds!.api = await apiHolds(running!, databaseUrl, guardianToken, facts.hotOfferingId, facts.actor.organisationId);
      });
    }
    await shutdown(running);
    running = undefined;

    // ---- Meilisearch engine: search, capacity
    meili = ONLY.has('search') || ONLY.has('capacity') ? await meilisearchServer(report) : undefined;
    if (meili) {
      report.machine.meilisearch = meili.version;
      const meiliConfig: PassendConfig = { ...config, meili: { url: meili.url, apiKey: meili.apiKey } };
      await attempt(report, 'meilisearch reindex', async () => {
        say(`Meilisearch ${meili!.version} at ${meili!.url}: building the index`);
        const reindexBar = createProgressBar({ label: '[bench] reindex' });
        const t0 = performance.now();
        const rebuilt = await withDataSource(config, (ds) => reindexOfferings(ds, meiliConfig, (done, total) => reindexBar.update(done, total)));
        reindexBar.finish();
        report.meiliReindex = { documents: rebuilt.documents, tookMs: Math.round(performance.now() - t0) };
      });
      if (report.meiliReindex) {
        say('booting api + worker (search on Meilisearch)');
        running = await boot(meiliConfig, report);
        if (ONLY.has('search')) {
          await attempt(report, 'search meilisearch', async () => report.search.push(await searchLatency(running!, guardianToken, 'meilisearch', facts.municipalities)));
          await quiesce(databaseUrl, report, 'after search meilisearch');
        }
        if (offering && ONLY.has('capacity')) await attempt(report, 'capacity meilisearch', async () => report.capacity.push(await capacityVisibility(running!, guardianToken, providerToken, offering, 'meilisearch', { databaseUrl, meili: { url: meili!.url, apiKey: meili!.apiKey } })));
        await shutdown(running);
        running = undefined;
      }
    }

    // ---- the same holds without HTTP, then in raw SQL, with the apps down (64 connections of their own)
    if (ONLY.has('holds')) {
      await attempt(report, 'holds service', async () => {
        report.holds!.service = await serviceHolds(config, facts.hotOfferingId, facts.actor);
      });
      await attempt(report, 'holds raw', async () => {
        report.holds!.raw = await rawHolds(databaseUrl, facts.hotOfferingId, facts.actor);
      });
    }
    if (report.holds.api && report.holds.raw && report.holds.raw.holdsPerSecond > 0) {
      report.holds.apiToRawRatio = Math.round((report.holds.api.holdsPerSecond / report.holds.raw.holdsPerSecond) * 100) / 100;
    }
  } catch (error) {
    report.errors.push((error as Error).stack ?? String(error));
  } finally {
    await shutdown(running);
    await meili?.stop().catch(() => undefined);
    await dropDatabase(adminUrl, database).catch((e: Error) => report.errors.push(`drop ${database}: ${e.message}`));
    await embedded?.stop().catch(() => undefined);
    report.tookMs = Math.round(performance.now() - started);
    report.machine.loadAverage.end = loadavg().map((x) => Math.round(x * 100) / 100);
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    process.off('SIGHUP', interrupted);
  }
  return report;
}

async function attempt(report: SocialMapBenchReport, what: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    report.errors.push(`${what}: ${(error as Error).message}`);
    say(`${what} failed: ${(error as Error).message.split('\n')[0]}`);
  }
}

// ---- the table ---------------------------------------------------------------------------------

function ms(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(x < 10 ? 1 : 0)} ms` : '-';
}

function goal(ok: boolean | undefined): string {
  return ok === undefined ? '' : ok ? 'met' : 'MISSED';
}

export function formatReport(r: SocialMapBenchReport): string {
  const rows: string[][] = [['measure', 'engine', 'p50', 'p95', 'p99', 'other', 'goal', '']];
  for (const s of r.search) {
    const errors = Object.entries(s.statuses).filter(([k]) => k !== '200').map(([k, v]) => `${v}x${k}`).join(' ');
    rows.push([
      `search @ ${s.rps} req/s (${s.requests} req)`,
      s.engine + (s.answeredBy[s.engine] === s.requests ? '' : ` (answered by ${JSON.stringify(s.answeredBy)})`),
      ms(s.latency.p50),
      ms(s.latency.p95),
      ms(s.latency.p99),
      `max ${ms(s.latency.max)}${errors ? `; ${errors}` : ''}`,
      `p95 < ${GOALS.searchP95Ms} ms`,
      goal(s.latency.p95 < GOALS.searchP95Ms && !errors),
    ]);
    for (const [shape, f] of Object.entries(s.byShape)) {
      rows.push([`  of which ${shape} (${f.latency.count})`, s.engine, ms(f.latency.p50), ms(f.latency.p95), ms(f.latency.p99), `service p50 ${ms(f.service.p50)} p95 ${ms(f.service.p95)}`, '', '']);
    }
  }
  for (const c of r.capacity) {
    rows.push([
      `capacity PUT -> visible in search (${c.samples}x)`,
      c.engine,
      ms(c.visible.p50),
      ms(c.visible.p95),
      ms(c.visible.p99),
      `PUT p50 ${ms(c.put.p50)}${c.timeouts ? `; ${c.timeouts} not visible in 15 s` : ''}`,
      c.engine === 'meilisearch' ? `p95 < ${GOALS.capacityVisibleP95Ms} ms` : '(reference)',
      c.engine === 'meilisearch' ? goal(c.visible.p95 < GOALS.capacityVisibleP95Ms && c.timeouts === 0) : '',
    ]);
    for (const [stage, f] of Object.entries(c.stages ?? {})) {
      const label = { relay: 'commit -> outbox relayed', queueAndHandler: 'relayed -> Meili task enqueued', meiliTask: 'Meili task enqueued -> done', seenAfterTask: 'task done -> seen in search' }[stage] ?? stage;
      rows.push([`  of which ${label} (${f.count})`, c.engine, ms(f.p50), ms(f.p95), ms(f.p99), `max ${ms(f.max)}`, '', '']);
    }
  }
  for (const [label, h] of [['API', r.holds?.api], ['service', r.holds?.service], ['raw SQL', r.holds?.raw]] as const) {
    if (!h) continue;
    const exact = h.created === h.places && h.verified.heldHolds === h.places && h.verified.freePlaces === 0 && h.verified.overbooked === 0;
    rows.push([
      `holds ${label}: ${h.places} places, ${h.attempts} attempts, ${h.clients} ${label === 'API' ? 'clients' : 'connections'}`,
      'postgresql',
      ms(h.latency.p50),
      ms(h.latency.p95),
      ms(h.latency.p99),
      `${h.holdsPerSecond} holds/s (sold out in ${(h.soldOutAfterMs / 1000).toFixed(1)} s), ${h.attemptsPerSecond} attempts/s; ${h.created}x201-${h.refused}x409${Object.keys(h.other).length ? ` ${JSON.stringify(h.other)}` : ''}; SQL: free ${h.verified.freePlaces}, held ${h.verified.heldHolds}, overbooked ${h.verified.overbooked}${exact ? ' (exact)' : ' (NOT EXACT)'}`,
      label === 'API' ? `>= ${GOALS.holdsPerSecond} holds/s` : '',
      label === 'API' ? goal(h.holdsPerSecond >= GOALS.holdsPerSecond && exact) : exact ? '' : 'NOT EXACT',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.min(i === 5 ? 200 : 60, Math.max(...rows.map((row) => row[i]!.length))));
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ').trimEnd();
  const out = [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.slice(1).map(line)];
  const notes: string[] = [];
  if (r.holds?.apiToRawRatio !== undefined) notes.push(`holds API / raw SQL: ${r.holds.apiToRawRatio} (${r.holds.api!.holdsPerSecond} / ${r.holds.raw!.holdsPerSecond} holds/s)`);
  if (r.holds?.service) notes.push('holds service: HoldService.place (the claim statement: conditional UPDATE, hold, capacity event, NOTIFY; then the CapacityChanged event; for a successful claim the access entry and the caps under the organisation\'s lock) called in-process, no HTTP, 64-connection pool, one organisation');
  if (r.seed) notes.push(`seed: national map ${r.seed.providers} providers, ${r.seed.locations} locations, ${r.seed.offerings} offerings in ${(r.seed.tookMs / 1000).toFixed(1)} s (migrate ${(r.seed.migrateMs / 1000).toFixed(1)} s)`);
  if (r.meiliReindex) notes.push(`Meilisearch reindex: ${r.meiliReindex.documents} documents in ${(r.meiliReindex.tookMs / 1000).toFixed(1)} s`);
  notes.push(`machine: ${r.machine.cpus} x ${r.machine.cpuModel}, ${r.machine.memoryGb} GB, node ${r.machine.node}, PostgreSQL ${r.machine.postgres}, queue on ${r.machine.queue}, worker ${r.machine.worker}, Meilisearch ${r.machine.meilisearch ?? 'not run'}`);
  notes.push(`load average (1/5/15 min) at start ${r.machine.loadAverage.start.join(' / ')}, at end ${r.machine.loadAverage.end?.join(' / ') ?? '?'}: other work on the machine shows in every figure`);
  notes.push('latencies: search from when each request was due (open loop, coordinated omission counted); holds per request');
  for (const s of r.skipped) notes.push(`skipped: ${s}`);
  for (const e of r.errors) notes.push(`error: ${e.split('\n')[0]}`);
  for (const s of r.search) for (const e of s.errors) notes.push(`search ${s.engine}: ${e}`);
  for (const s of r.search) for (const slow of s.slowest.slice(0, 3)) notes.push(`slowest ${s.engine}: ${slow.ms} ms ${slow.status} ${slow.path}`);
  for (const c of r.capacity) for (const e of c.errors) notes.push(`capacity ${c.engine}: ${e}`);
  for (const h of [r.holds?.api, r.holds?.service, r.holds?.raw]) for (const e of h?.errors ?? []) notes.push(`holds: ${e}`);
  notes.push(`total ${(r.tookMs / 1000).toFixed(0)} s`);
  return [...out, '', ...notes].join('\n');
}

