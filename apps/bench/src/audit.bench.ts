import { AuditLog, ChainSealer, ChainVerifier, type AuditEvent } from '@passend/audit';
import { dropDatabase, ensureDatabase, type Actor } from '@passend/platform';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { passendDataSourceOptions } from '../../shared/data-source.js';
import { migrate } from '../../shared/operations.js';
import { benchDatabase } from './bench-database.js';
import { summarise, type LatencySummary } from './load.js';

/**
 * `npm run bench -- audit`: audit writes under concurrency, on a database of its own. Each writer
 * runs what an audited change runs: a transaction that writes an access-log entry (AuditLog.record)
 * and commits. Beside it, in the same run and on the same server:
 *   - reference "plain insert": the same INSERT into a table with the same columns and no trigger,
 *     so the figure shows what the audit machinery itself costs;
 *   - reference "chain lock at insert": the design before the chain was sealed after commit (the
 *     insert trigger locks the chain's head until the writer's transaction ends), on a copy.
 * Scenarios: 1, 8, 32 and 64 concurrent writers; then 30 concurrent writers while one transaction
 * that wrote an entry stays open for BENCH_AUDIT_HOLD_MS (the review's stall); then how fast the
 * sealer chains a backlog and how long an entry waits to be sealed while the writers run.
 * Settings: BENCH_DATABASE_ADMIN_URL, BENCH_AUDIT_ENTRIES (entries per scenario, 4000),
 * BENCH_AUDIT_HOLD_MS (2000). Reports; asserts nothing.
 */

const env = process.env;
const num = (name: string, fallback: number) => (env[name] && Number.isFinite(Number(env[name])) ? Number(env[name]) : fallback);
const SETTINGS = { entriesPerScenario: num('BENCH_AUDIT_ENTRIES', 4_000), holdMs: num('BENCH_AUDIT_HOLD_MS', 2_000), concurrency: [1, 8, 32, 64] };
const GOALS = { heldTransactionP95Ms: 100 };
const started = performance.now();
const say = (line: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);

type Variant = 'audit log' | 'plain insert' | 'chain lock at insert';
const VARIANTS: Variant[] = ['audit log', 'plain insert', 'chain lock at insert'];

export interface WriteFigures {
  variant: Variant;
  writers: number;
  entries: number;
  perSecond: number;
  latencyMs: LatencySummary;
}

export interface HeldFigures {
  variant: Variant;
  holdMs: number;
  writers: number;
  entries: number;
  /** latency of the other writers' transactions while one transaction with an entry stays open */
  latencyMs: LatencySummary;
  errors: number;
}

export interface AuditBenchReport {
  suite: 'audit';
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; postgres: string; loadAverage: { start: number[]; end?: number[] } };
  settings: typeof SETTINGS;
  goals: typeof GOALS;
  writes: WriteFigures[];
  held: HeldFigures[];
  sealing?: { backlog: number; ms: number; perSecond: number; lagMs: LatencySummary; verifyMs: number; intact: boolean };
  tookMs: number;
}

const actor: Actor = {
  principal: { userId: '00000000-0000-4000-8000-0000000000b1', role: 'guardian', organisationId: '00000000-0000-4000-8000-0000000000b2', organisationKind: 'certified_institution' },
  clientAddress: '10.0.0.1',
  correlationId: 'bench-audit',
};
const event = (i: number): AuditEvent => ({ action: 'read', subjectType: 'case', subjectId: `bench-${i}`, purpose: 'care', outcome: 'success' });

/** The two reference tables: the log's columns without a trigger, and the log as it was before sealing after commit. */
async function createReferences(ds: DataSource): Promise<void> {
  await ds.query(`CREATE SCHEMA audit_bench`);
  for (const table of ['plain_log', 'locked_log']) {
    await ds.query(`CREATE TABLE audit_bench.${table} (LIKE audit.access_log INCLUDING DEFAULTS)`);
    await ds.query(`ALTER TABLE audit_bench.${table} ADD PRIMARY KEY (seq)`);
  }
  await ds.query(`CREATE SEQUENCE audit_bench.seq`);
  await ds.query(`CREATE TABLE audit_bench.head (id int PRIMARY KEY, hash text NOT NULL)`);
  await ds.query(`INSERT INTO audit_bench.head VALUES (1, repeat('0', 64))`);
  await ds.query(`CREATE FUNCTION audit_bench.plain() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN NEW.seq := nextval('audit_bench.seq'); NEW.occurred_at := clock_timestamp(); RETURN NEW; END $$`);
  await ds.query(`CREATE TRIGGER plain BEFORE INSERT ON audit_bench.plain_log FOR EACH ROW EXECUTE FUNCTION audit_bench.plain()`);
  // the previous design (migration AuditChainHead1795800000201): the head locked until the writer commits
  await ds.query(`CREATE FUNCTION audit_bench.locked() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE previous text;
    BEGIN
      SELECT hash INTO STRICT previous FROM audit_bench.head WHERE id = 1 FOR UPDATE;
      NEW.seq := nextval('audit_bench.seq');
      NEW.occurred_at := date_trunc('milliseconds', clock_timestamp());
      NEW.prev_hash := previous;
      NEW.hash := encode(sha256(convert_to(previous || NEW.seq::text || coalesce(NEW.subject_id, '~'), 'UTF8')), 'hex');
      UPDATE audit_bench.head SET hash = NEW.hash WHERE id = 1;
      RETURN NEW;
    END $$`);
  await ds.query(`CREATE TRIGGER locked BEFORE INSERT ON audit_bench.locked_log FOR EACH ROW EXECUTE FUNCTION audit_bench.locked()`);
}

function writerFor(ds: DataSource, variant: Variant): (i: number) => Promise<void> {
  if (variant === 'audit log') {
    const log = new AuditLog(ds);
    return (i) => ds.transaction((tx) => log.record(actor, event(i), tx));
  }
  const table = variant === 'plain insert' ? 'audit_bench.plain_log' : 'audit_bench.locked_log';
  return (i) =>
    ds.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO ${table} (user_id, organisation_id, role, action, subject_type, subject_id, purpose, outcome, client_address, correlation_id)
         VALUES ($1, $2, 'guardian', 'read', 'case', $3, 'care', 'success', '10.0.0.1', 'bench-audit')`,
        [actor.principal.userId, actor.principal.organisationId, `bench-${i}`],
      );
    });
}

/** `total` writes by `writers` concurrent writers; the latency of each transaction. */
async function writeConcurrently(write: (i: number) => Promise<void>, writers: number, total: number): Promise<{ ms: number; latencies: number[]; errors: number }> {
  let next = 0;
  let errors = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < total) {
        const i = next++;
        const s = performance.now();
        try {
          await write(i);
          latencies.push(performance.now() - s);
        } catch {
          errors++;
        }
      }
    }),
  );
  return { ms: performance.now() - t0, latencies, errors };
}

/** One transaction that has written an entry stays open for `holdMs`, while `writers` others write. */
async function whileOneStaysOpen(ds: DataSource, variant: Variant, writers: number, holdMs: number): Promise<HeldFigures> {
  const write = writerFor(ds, variant);
  const runner = ds.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  // the holder's entry, written inside the transaction that stays open
  if (variant === 'audit log') await new AuditLog(ds).record(actor, event(-1), runner.manager);
  else await runner.query(`INSERT INTO ${variant === 'plain insert' ? 'audit_bench.plain_log' : 'audit_bench.locked_log'} (action, subject_type, purpose, outcome) VALUES ('read', 'case', 'care', 'success')`);
  const release = new Promise<void>((resolve) => setTimeout(resolve, holdMs)).then(() => runner.commitTransaction()).finally(() => runner.release());
  const result = await writeConcurrently(write, writers, writers * 4);
  await release;
  return { variant, holdMs, writers, entries: result.latencies.length, latencyMs: summarise(result.latencies), errors: result.errors };
}

export async function runAuditBench(): Promise<AuditBenchReport> {
  const report: AuditBenchReport = {
    suite: 'audit',
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, postgres: '?', loadAverage: { start: loadavg().map((x) => Math.round(x * 100) / 100) } },
    settings: SETTINGS,
    goals: GOALS,
    writes: [],
    held: [],
    tookMs: 0,
  };
  const { adminUrl, database, databaseUrl, embedded } = await benchDatabase('passend_bench_audit', env.BENCH_DATABASE_ADMIN_URL, say);
  await ensureDatabase(adminUrl, database);
  const ds = new DataSource({ ...passendDataSourceOptions({ databaseUrl }, 'passend-bench-audit'), extra: { max: 80, application_name: 'passend-bench-audit' } });
  try {
    say('migrating a database of its own');
    await migrate({ databaseUrl });
    await ds.initialize();
    report.machine.postgres = ((await ds.query(`SHOW server_version`)) as { server_version: string }[])[0]!.server_version;
    await createReferences(ds);

    for (const writers of SETTINGS.concurrency) {
      for (const variant of VARIANTS) {
        const result = await writeConcurrently(writerFor(ds, variant), writers, SETTINGS.entriesPerScenario);
        const figures: WriteFigures = { variant, writers, entries: result.latencies.length, perSecond: Math.round((result.latencies.length / result.ms) * 1000), latencyMs: summarise(result.latencies) };
        report.writes.push(figures);
        say(`${variant.padEnd(22)} ${String(writers).padStart(2)} writers: ${figures.perSecond}/s, p95 ${figures.latencyMs.p95} ms`);
      }
    }

    for (const variant of VARIANTS) {
      const figures = await whileOneStaysOpen(ds, variant, 30, SETTINGS.holdMs);
      report.held.push(figures);
      say(`${variant.padEnd(22)} with a transaction open ${SETTINGS.holdMs} ms: p95 ${figures.latencyMs.p95} ms, max ${figures.latencyMs.max} ms`);
    }

    // sealing: the backlog the writes above left (nothing sealed them: no sealer ran), then the lag under load
    const sealer = new ChainSealer(ds);
    const backlog = ((await ds.query(`SELECT count(*)::int AS n FROM audit.access_log WHERE hash IS NULL`)) as { n: number }[])[0]!.n;
    const s0 = performance.now();
    await sealer.sealNow();
    const sealMs = performance.now() - s0;
    say(`sealed a backlog of ${backlog} entries in ${Math.round(sealMs)} ms`);
    const lags: number[] = [];
    sealer.onModuleInit(); // the sealer as every process runs it: a tick a second
    const log = new AuditLog(ds, sealer);
    const pending = new Map<string, number>();
    const watch = setInterval(() => {
      void (async () => {
        if (pending.size === 0) return;
        const rows = (await ds.query(`SELECT subject_id FROM audit.access_log WHERE subject_id = ANY($1) AND hash IS NOT NULL`, [[...pending.keys()]])) as { subject_id: string }[];
        for (const { subject_id } of rows) {
          lags.push(performance.now() - pending.get(subject_id)!);
          pending.delete(subject_id);
        }
      })();
    }, 50);
    let n = 0;
    await writeConcurrently(
      async () => {
        const id = `lag-${n++}`;
        await ds.transaction((tx) => log.record(actor, { ...event(0), subjectId: id }, tx));
        if (n % 20 === 0) pending.set(id, performance.now());
      },
      16,
      SETTINGS.entriesPerScenario,
    );
    const deadline = performance.now() + 5_000;
    while (pending.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    clearInterval(watch);
    await sealer.onModuleDestroy();
    const v0 = performance.now();
    const verified = await new ChainVerifier(ds).verify();
    report.sealing = { backlog, ms: Math.round(sealMs), perSecond: Math.round((backlog / sealMs) * 1000), lagMs: summarise(lags), verifyMs: Math.round(performance.now() - v0), intact: verified.intact };
    say(`seal lag under 16 writers: p50 ${report.sealing.lagMs.p50} ms, p95 ${report.sealing.lagMs.p95} ms; verify of ${verified.checked} entries ${report.sealing.verifyMs} ms, intact ${verified.intact}`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await dropDatabase(adminUrl, database).catch(() => undefined);
    await embedded?.stop();
  }
  report.machine.loadAverage.end = loadavg().map((x) => Math.round(x * 100) / 100);
  report.tookMs = Math.round(performance.now() - started);
  return report;
}

export function formatAuditReport(r: AuditBenchReport): string {
  const lines = [
    `audit writes under concurrency — ${r.machine.cpus} × ${r.machine.cpuModel}, PostgreSQL ${r.machine.postgres}, load ${r.machine.loadAverage.start.join(' ')} → ${r.machine.loadAverage.end?.join(' ')}`,
    '',
    '| writers | audit log /s (p95 ms) | plain insert /s (p95 ms) | chain lock at insert /s (p95 ms) |',
    '| ---: | ---: | ---: | ---: |',
  ];
  for (const writers of r.settings.concurrency) {
    const cell = (v: Variant) => {
      const f = r.writes.find((w) => w.writers === writers && w.variant === v);
      return f ? `${f.perSecond} (${f.latencyMs.p95})` : '-';
    };
    lines.push(`| ${writers} | ${cell('audit log')} | ${cell('plain insert')} | ${cell('chain lock at insert')} |`);
  }
  lines.push('', `30 writers while one transaction with an entry stays open ${r.settings.holdMs} ms (goal: audit log p95 < ${r.goals.heldTransactionP95Ms} ms):`, '');
  lines.push('| variant | p50 ms | p95 ms | max ms | errors |', '| --- | ---: | ---: | ---: | ---: |');
  for (const h of r.held) lines.push(`| ${h.variant} | ${h.latencyMs.p50} | ${h.latencyMs.p95} | ${h.latencyMs.max} | ${h.errors} |`);
  if (r.sealing) {
    const s = r.sealing;
    lines.push('', `sealing: a backlog of ${s.backlog} entries in ${s.ms} ms (${s.perSecond}/s); lag from commit to sealed under 16 writers p50 ${s.lagMs.p50} ms, p95 ${s.lagMs.p95} ms (${s.lagMs.count} samples); verify ${s.verifyMs} ms, intact: ${s.intact}`);
  }
  return lines.join('\n');
}
