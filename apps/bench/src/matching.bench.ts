import {
  checkCertificate,
  firstComeFirstServed,
  solveAssignment,
  type Assignment,
  type AssignmentInstance,
  type AssignmentResult,
} from '@passend/matching/domain';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { InstanceFileError, readInstanceFile, writeInstanceFile } from './matching-instance.js';
import { timePlan, type PlanFigures } from './matching-plan.js';
import { generateNationalInstance, NATIONAL, type NationalInstance } from './matching-national.js';

/**
 * `npm run bench -- matching [--instance FILE] [--write-instance FILE] [--seed N] [--no-reference]`:
 * the assignment solver on the national instance (10,000 waiting children x 20,000 offerings, about
 * 50 eligible offerings each, about 8,000 free places; seeded) or on an instance file (see
 * matching-instance.ts). It reports, it does not assert:
 *   1. the national solve: time and peak RSS (goal < 5 s, < 1 GB), optimality by its dual certificate;
 *   2. SciPy's min_weight_full_bipartite_matching on the same instance, when /usr/bin/python3 has
 *      scipy: its time, the ratio (goal <= 3x SciPy) and whether both objectives are equal;
 *   3. a regional rematch: one offering loses a free place, its region's children are re-solved
 *      against what the rest of the country leaves free (goal < 200 ms);
 *   4. first come, first served (arrival = index order) for comparison.
 * A malformed instance file stops with a message naming the field and the index, exit code 2.
 */

export const GOALS = { nationalSeconds: 5, peakRssMb: 1024, scipyRatio: 3, rematchMs: 200 };
const PYTHON = '/usr/bin/python3';

export interface MatchingBenchReport {
  suite: 'matching';
  startedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; loadAverage: { start: number[]; end?: number[] } };
  goals: typeof GOALS;
  instance: { source: string; children: number; offerings: number; edges: number; places: number; generateOrReadMs: number };
  national: {
    seconds: number;
    objective: number;
    placed: number;
    dualBound: number;
    certificate: { ok: boolean; problems: string[]; checkMs: number };
    stats: AssignmentResult['stats'];
    /** process.resourceUsage().maxRSS: before the instance, after the solve, at the end (MB) */
    peakRssMb: { start: number; afterSolve: number; end?: number };
  };
  reference: {
    scipy: null | { solveSeconds: number; totalSeconds: number; wallSeconds: number; objective: number; placed: number; version: string; columns: number; nonzeros: number };
    ratio: number | null;
    objectivesEqual: boolean | null;
    skipped?: string;
  };
  /** the whole plan on domain objects (hard rules, fit, solve): what a national run computes after reading its input */
  plan: PlanFigures | null;
  rematch: null | {
    region: number;
    offering: number;
    children: number;
    offerings: number;
    edges: number;
    ms: number;
    objectiveAfter: number;
    feasible: boolean;
    subCertificateOk: boolean;
    /** the whole country re-solved after the same change, for comparison */
    fullResolve: { seconds: number; objective: number };
  };
  skipped: string[];
  firstComeFirstServed: { objective: number; placed: number };
  tookMs: number;
}

interface Options {
  instance?: string;
  writeInstance?: string;
  seed: number;
  reference: boolean;
}

export class UsageError extends Error {}

export function parseMatchingArgs(args: readonly string[]): Options {
  const options: Options = { seed: NATIONAL.seed, reference: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--instance') options.instance = value();
    else if (arg === '--write-instance') options.writeInstance = value();
    else if (arg === '--seed') {
      const seed = Number(value());
      if (!Number.isInteger(seed)) throw new UsageError('--seed must be a whole number');
      options.seed = seed;
    } else if (arg === '--no-reference') options.reference = false;
    else throw new UsageError(`unknown option ${arg} (options: --instance FILE, --write-instance FILE, --seed N, --no-reference)`);
  }
  return options;
}

const mb = (kb: number) => Math.round(kb / 102.4) / 10;
const maxRssMb = () => mb(process.resourceUsage().maxRSS);
const say = (line: string) => process.stderr.write(`[bench matching] ${line}\n`);

export async function runMatchingBench(args: readonly string[]): Promise<MatchingBenchReport> {
  const started = performance.now();
  const options = parseMatchingArgs(args);
  const loadStart = loadavg();
  const rssStart = maxRssMb();

  let instance: AssignmentInstance;
  let national: NationalInstance | undefined;
  const t0 = performance.now();
  if (options.instance) {
    say(`reading ${options.instance}`);
    instance = readInstanceFile(options.instance);
  } else {
    say(`generating the national instance (seed ${options.seed})`);
    national = generateNationalInstance({ ...NATIONAL, seed: options.seed });
    instance = national.instance;
  }
  const generateOrReadMs = performance.now() - t0;
  if (options.writeInstance) {
    writeInstanceFile(options.writeInstance, instance);
    say(`instance written to ${options.writeInstance}`);
  }
  const places = instance.capacity.reduce((sum, k) => sum + k, 0);

  say('solving');
  const s0 = performance.now();
  const result = solveAssignment(instance);
  const seconds = (performance.now() - s0) / 1000;
  const rssAfterSolve = maxRssMb();
  const c0 = performance.now();
  const certificate = checkCertificate(instance, result, result.duals);
  const checkMs = performance.now() - c0;

  const fcfs = firstComeFirstServed(instance, Int32Array.from({ length: instance.children }, (_, i) => i));
  const skipped: string[] = [];
  let rematch: MatchingBenchReport['rematch'] = null;
  if (national) rematch = regionalRematch(national, result);
  else skipped.push('regional rematch: an instance file has no regions');

  let plan: PlanFigures | null = null;
  if (!options.instance) {
    say('planning a national run on domain objects (eligibility, fit, solve)');
    plan = timePlan(options.seed).figures;
  }

  let reference: MatchingBenchReport['reference'];
  if (!options.reference) reference = { scipy: null, ratio: null, objectivesEqual: null, skipped: '--no-reference' };
  else reference = runScipy(instance, options.instance, seconds, result.objective);
  if (reference.skipped) skipped.push(`SciPy reference: ${reference.skipped}`);

  return {
    suite: 'matching',
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: { start: loadStart, end: loadavg() } },
    goals: GOALS,
    instance: {
      source: options.instance ?? `national (seed ${options.seed})`,
      children: instance.children,
      offerings: instance.offerings,
      edges: instance.edgeChild.length,
      places,
      generateOrReadMs,
    },
    national: {
      seconds,
      objective: result.objective,
      placed: result.placed,
      dualBound: result.dualBound,
      certificate: { ok: certificate.ok, problems: certificate.problems, checkMs },
      stats: result.stats,
      peakRssMb: { start: rssStart, afterSolve: rssAfterSolve, end: maxRssMb() },
    },
    reference,
    plan,
    rematch,
    skipped,
    firstComeFirstServed: { objective: fcfs.objective, placed: fcfs.placed },
    tookMs: performance.now() - started,
  };
}

/**
 * One offering loses a free place (the lowest-numbered full offering with a child of its own region
 * in it); that region's children are re-solved from scratch against the places the rest of the
 * country leaves free (their placements in the national solution stay). Timed from the change to
 * the new placements, including building the sub-instance from the national arrays.
 */
function regionalRematch(national: NationalInstance, result: AssignmentResult): MatchingBenchReport['rematch'] {
  const { instance, childRegion, offeringRegion } = national;
  const { children, offerings, capacity, edgeChild, edgeOffering, edgeWeight } = instance;
  const load = new Int32Array(offerings);
  for (const o of result.offeringOf) if (o >= 0) load[o]++;
  let offering = -1;
  for (let c = 0; c < children && offering < 0; c++) {
    const o = result.offeringOf[c];
    if (o >= 0 && load[o] === capacity[o] && childRegion[c] === offeringRegion[o]) offering = o;
  }
  if (offering < 0) return null;
  const region = offeringRegion[offering];

  const t0 = performance.now();
  const newCapacity = capacity.slice();
  newCapacity[offering]--;
  const localChild = new Int32Array(children).fill(-1);
  const regionChildren: number[] = [];
  for (let c = 0; c < children; c++) {
    if (childRegion[c] === region) {
      localChild[c] = regionChildren.length;
      regionChildren.push(c);
    }
  }
  // places taken by children of other regions stay taken
  const outside = new Int32Array(offerings);
  for (let c = 0; c < children; c++) if (localChild[c] < 0 && result.offeringOf[c] >= 0) outside[result.offeringOf[c]]++;
  const localOffering = new Int32Array(offerings).fill(-1);
  const subEdges: number[] = [];
  for (let e = 0; e < edgeChild.length; e++) {
    if (localChild[edgeChild[e]] < 0) continue;
    subEdges.push(e);
    localOffering[edgeOffering[e]] = 0;
  }
  const regionOfferings: number[] = [];
  for (let o = 0; o < offerings; o++) if (localOffering[o] === 0) localOffering[o] = regionOfferings.push(o) - 1;
  const sub: AssignmentInstance = {
    children: regionChildren.length,
    offerings: regionOfferings.length,
    capacity: Int32Array.from(regionOfferings, (o) => Math.max(0, newCapacity[o] - outside[o])),
    edgeChild: Int32Array.from(subEdges, (e) => localChild[edgeChild[e]]),
    edgeOffering: Int32Array.from(subEdges, (e) => localOffering[edgeOffering[e]]),
    edgeWeight: Float64Array.from(subEdges, (e) => edgeWeight[e]),
  };
  const subResult = solveAssignment(sub);
  const offeringOf = result.offeringOf.slice();
  const edgeOf = result.edgeOf.slice();
  regionChildren.forEach((c, i) => {
    const e = subResult.edgeOf[i];
    offeringOf[c] = e >= 0 ? edgeOffering[subEdges[e]] : -1;
    edgeOf[c] = e >= 0 ? subEdges[e] : -1;
  });
  const ms = performance.now() - t0;

  let objective = 0n;
  let placed = 0;
  for (let c = 0; c < children; c++) {
    if (edgeOf[c] >= 0) {
      objective += BigInt(edgeWeight[edgeOf[c]]);
      placed++;
    }
  }
  const after: Assignment = { offeringOf, edgeOf, objective: Number(objective), objectiveExact: objective, placed };
  const changed: AssignmentInstance = { ...instance, capacity: newCapacity };
  const f0 = performance.now();
  const full = solveAssignment(changed);
  const fullSeconds = (performance.now() - f0) / 1000;
  // feasibility of the combined placements under the new capacities (the duals of the full re-solve are only used for the capacity/edge checks)
  const feasible = checkCertificate(changed, after, full.duals).problems.every((p) => p.startsWith('dual bound'));
  return {
    region,
    offering,
    children: sub.children,
    offerings: sub.offerings,
    edges: subEdges.length,
    ms,
    objectiveAfter: after.objective,
    feasible,
    subCertificateOk: checkCertificate(sub, subResult, subResult.duals).ok,
    fullResolve: { seconds: fullSeconds, objective: full.objective },
  };
}

/** SciPy's min_weight_full_bipartite_matching on the same instance, in a child process. */
function runScipy(instance: AssignmentInstance, file: string | undefined, ourSeconds: number, ourObjective: number): MatchingBenchReport['reference'] {
  const none = (skipped: string): MatchingBenchReport['reference'] => ({ scipy: null, ratio: null, objectivesEqual: null, skipped });
  if (!existsSync(PYTHON)) return none(`${PYTHON} not found`);
  const probe = spawnSync(PYTHON, ['-c', 'import scipy, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) return none(`${PYTHON} has no scipy/numpy (${probe.stderr.trim().split('\n').pop()})`);
  // the script lives in the sources (apps/bench/src/reference), next to this file before the build
  const script = [new URL('./reference/scipy_matching.py', import.meta.url), new URL('../../../../apps/bench/src/reference/scipy_matching.py', import.meta.url)]
    .map((u) => fileURLToPath(u))
    .find((p) => existsSync(p));
  if (!script) return none('scipy_matching.py not found');
  const dir = mkdtempSync(join(tmpdir(), 'passend-matching-'));
  try {
    let input = file;
    if (!input || input.endsWith('.gz')) {
      input = join(dir, 'instance.json');
      writeInstanceFile(input, instance);
    }
    say('running the SciPy reference');
    const w0 = performance.now();
    const run = spawnSync(PYTHON, [script, input], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const wallSeconds = (performance.now() - w0) / 1000;
    if (run.status !== 0) return none(`the SciPy script failed: ${run.stderr.trim().split('\n').slice(-2).join(' ')}`);
    const out = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as {
      objective: number;
      placed: number;
      solveSeconds: number;
      totalSeconds: number;
      scipy: string;
      columns: number;
      nonzeros: number;
    };
    return {
      scipy: {
        solveSeconds: out.solveSeconds,
        totalSeconds: out.totalSeconds,
        wallSeconds,
        objective: out.objective,
        placed: out.placed,
        version: out.scipy,
        columns: out.columns,
        nonzeros: out.nonzeros,
      },
      ratio: ourSeconds / out.solveSeconds,
      objectivesEqual: out.objective === ourObjective,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const n = (x: number) => x.toLocaleString('en-US');
const yes = (ok: boolean | null | undefined) => (ok == null ? 'n/a' : ok ? 'yes' : 'NO');

export function formatMatchingReport(r: MatchingBenchReport): string {
  const rows: [string, string, string][] = [];
  const s = r.reference.scipy;
  rows.push(['national solve', `${r.national.seconds.toFixed(3)} s`, `< ${GOALS.nationalSeconds} s`]);
  rows.push(['peak RSS (process maxRSS)', `${r.national.peakRssMb.afterSolve} MB after the solve, ${r.national.peakRssMb.end} MB at the end`, `< ${GOALS.peakRssMb} MB`]);
  rows.push(['placed / objective (total fit)', `${n(r.national.placed)} / ${n(r.national.objective)}`, '']);
  rows.push([
    'dual certificate',
    r.national.certificate.ok ? `ok: bound ${n(r.national.dualBound)} == objective, duals feasible (checked in ${r.national.certificate.checkMs.toFixed(0)} ms)` : `FAILED: ${r.national.certificate.problems.join('; ')}`,
    'bound == objective',
  ]);
  if (s) {
    rows.push(['SciPy min_weight_full_bipartite_matching', `${s.solveSeconds.toFixed(3)} s (the call), ${s.totalSeconds.toFixed(2)} s with loading (scipy ${s.version}, ${n(s.columns)} columns, ${n(s.nonzeros)} nonzeros)`, '']);
    rows.push(['ratio ours / SciPy', `${r.reference.ratio!.toFixed(2)}x`, `<= ${GOALS.scipyRatio}x`]);
    rows.push(['objective equal to SciPy', `${yes(r.reference.objectivesEqual)} (SciPy ${n(s.objective)}, ${n(s.placed)} placed)`, 'equal']);
  } else rows.push(['SciPy reference', `skipped: ${r.reference.skipped}`, '']);
  if (r.rematch) {
    const m = r.rematch;
    rows.push([
      `regional rematch (region ${m.region})`,
      `${m.ms.toFixed(1)} ms (${n(m.children)} children, ${n(m.offerings)} offerings, ${n(m.edges)} edges; offering ${m.offering} one place less)`,
      `< ${GOALS.rematchMs} ms`,
    ]);
    rows.push([
      '  after the rematch',
      `objective ${n(m.objectiveAfter)}, feasible ${yes(m.feasible)}, region optimal ${yes(m.subCertificateOk)}; whole country re-solved: ${n(m.fullResolve.objective)} in ${m.fullResolve.seconds.toFixed(3)} s`,
      '',
    ]);
  }
  if (r.plan) {
    rows.push([
      'national plan (rules + fit + solve)',
      `${r.plan.seconds.toFixed(3)} s for ${n(r.plan.children)} children x ${n(r.plan.offerings)} offerings (${n(r.plan.edges)} free-place edges, ${n(r.plan.placed)} placed, ${r.plan.optimal ? 'optimal' : 'NOT proven optimal'})`,
      `< ${GOALS.nationalSeconds} s`,
    ]);
  }
  rows.push(['first come, first served', `${n(r.firstComeFirstServed.objective)} (${n(r.firstComeFirstServed.placed)} placed)`, '']);
  const w = Math.max(...rows.map((row) => row[0].length));
  const lines = [
    `matching: ${r.instance.source}: ${n(r.instance.children)} children x ${n(r.instance.offerings)} offerings, ${n(r.instance.edges)} edges, ${n(r.instance.places)} free places (built in ${r.instance.generateOrReadMs.toFixed(0)} ms)`,
    `machine: ${r.machine.cpus} x ${r.machine.cpuModel}, node ${r.machine.node}, load average ${r.machine.loadAverage.start.map((x) => x.toFixed(2)).join(' ')} (start), ${r.machine.loadAverage.end?.map((x) => x.toFixed(2)).join(' ')} (end)`,
    '',
    `${'figure'.padEnd(w)}  value  [goal]`,
    ...rows.map(([name, value, goal]) => `${name.padEnd(w)}  ${value}${goal ? `  [goal ${goal}]` : ''}`),
    ...r.skipped.map((x) => `skipped: ${x}`),
  ];
  return lines.join('\n');
}

export { InstanceFileError };
