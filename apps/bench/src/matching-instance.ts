import { formatProblem, validateInstance, type AssignmentInstance } from '@passend/matching/domain';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * The plain instance file of the matching benchmark, so other solvers can run the same instance:
 *   { "children": C, "offerings": O, "capacity": [k per offering], "edges": [[child, offering, fit], ...] }
 * 0-based indexes, integer fit 1..1000; objective: maximise the total fit of placed children
 * (unplaced scores 0). Gzipped when the name ends in .gz (or the content starts with the gzip magic).
 */
export interface InstanceFile {
  children: number;
  offerings: number;
  capacity: number[];
  edges: [number, number, number][];
}

export const MAX_FILE_FIT = 1_000;

/** A malformed instance file: the message names the field and the index. */
export class InstanceFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'InstanceFileError';
  }
}

const MAX_PROBLEMS = 10;

export function readInstanceFile(file: string): AssignmentInstance {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new InstanceFileError(file, [`cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  const gzipped = file.endsWith('.gz') || (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b);
  let text: string;
  try {
    text = (gzipped ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new InstanceFileError(file, [`not a valid gzip file (${(error as Error).message})`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InstanceFileError(file, [`not valid JSON (${(error as Error).message})`]);
  }
  return instanceFromJson(value, file);
}

const isIndex = (v: unknown, size: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < size;
const show = (v: unknown) => (v === undefined ? 'missing' : JSON.stringify(v)?.slice(0, 40));

/** The instance in the file format, checked field by field: problems name the field and the index. */
export function instanceFromJson(value: unknown, file = 'instance'): AssignmentInstance {
  const problems: string[] = [];
  const fail = (problem: string): never => {
    problems.push(problem);
    throw new InstanceFileError(file, problems);
  };
  const add = (problem: string) => {
    problems.push(problem);
    if (problems.length >= MAX_PROBLEMS) throw new InstanceFileError(file, problems);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('the file must hold one JSON object { children, offerings, capacity, edges }');
  const root = value as Record<string, unknown>;
  const count = (field: string): number => {
    const v = root[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0x7fffffff) fail(`${field}: must be a whole number >= 0, is ${show(v)}`);
    return v as number;
  };
  const children = count('children');
  const offerings = count('offerings');
  if (!Array.isArray(root.capacity)) fail(`capacity: must be an array of ${offerings} whole numbers, is ${show(root.capacity)}`);
  if (!Array.isArray(root.edges)) fail(`edges: must be an array of [child, offering, fit], is ${show(root.edges)}`);
  const capacityIn = root.capacity as unknown[];
  const edgesIn = root.edges as unknown[];
  if (capacityIn.length !== offerings) fail(`capacity: has ${capacityIn.length} entries for ${offerings} offerings`);

  const capacity = new Int32Array(offerings);
  for (let o = 0; o < offerings; o++) {
    const k = capacityIn[o];
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > 0x7fffffff) add(`capacity[${o}]: must be a whole number >= 0, is ${show(k)}`);
    else capacity[o] = k;
  }
  const edges = edgesIn.length;
  const edgeChild = new Int32Array(edges);
  const edgeOffering = new Int32Array(edges);
  const edgeWeight = new Float64Array(edges);
  for (let e = 0; e < edges; e++) {
    const edge = edgesIn[e];
    if (!Array.isArray(edge) || edge.length !== 3) {
      add(`edges[${e}]: must be [child, offering, fit], is ${show(edge)}`);
      continue;
    }
    const [c, o, fit] = edge as unknown[];
    if (!isIndex(c, children)) add(`edges[${e}][0]: child must be an index 0..${children - 1}, is ${show(c)}`);
    else edgeChild[e] = c;
    if (!isIndex(o, offerings)) add(`edges[${e}][1]: offering must be an index 0..${offerings - 1}, is ${show(o)}`);
    else edgeOffering[e] = o;
    if (typeof fit !== 'number' || !Number.isInteger(fit) || fit < 1 || fit > MAX_FILE_FIT) add(`edges[${e}][2]: fit must be an integer 1..${MAX_FILE_FIT}, is ${show(fit)}`);
    else edgeWeight[e] = fit;
  }
  if (problems.length > 0) throw new InstanceFileError(file, problems);
  const instance: AssignmentInstance = { children, offerings, capacity, edgeChild, edgeOffering, edgeWeight };
  // the solver's own guard, in the file's words (should find nothing after the checks above)
  const solverProblems = validateInstance(instance, { maxWeight: MAX_FILE_FIT, maxProblems: MAX_PROBLEMS });
  if (solverProblems.length > 0) {
    const part = { edgeChild: 0, edgeOffering: 1, edgeWeight: 2 } as Record<string, number>;
    throw new InstanceFileError(
      file,
      solverProblems.map((p) => (p.index !== undefined && p.field in part ? `edges[${p.index}][${part[p.field]}]: ${p.message}` : formatProblem(p))),
    );
  }
  return instance;
}

/** The instance as file text (weights written as fit: integers 1..1000 expected). */
export function instanceToJson(instance: AssignmentInstance): string {
  const parts: string[] = [`{"children":${instance.children},"offerings":${instance.offerings},"capacity":[${Array.from(instance.capacity).join(',')}],"edges":[`];
  const { edgeChild, edgeOffering, edgeWeight } = instance;
  const chunk: string[] = [];
  for (let e = 0; e < edgeChild.length; e++) {
    chunk.push(`[${edgeChild[e]},${edgeOffering[e]},${edgeWeight[e]}]`);
    if (chunk.length === 10_000) {
      parts.push((parts.length > 1 ? ',' : '') + chunk.join(','));
      chunk.length = 0;
    }
  }
  if (chunk.length > 0) parts.push((parts.length > 1 ? ',' : '') + chunk.join(','));
  parts.push(']}\n');
  return parts.join('');
}

export function writeInstanceFile(file: string, instance: AssignmentInstance): void {
  const text = instanceToJson(instance);
  writeFileSync(file, file.endsWith('.gz') ? gzipSync(text) : text);
}
