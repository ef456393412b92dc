/**
 * The assignment problem the matching layer hands to the solver: waiting children (rows), offerings
 * with free places (columns), and the eligible child-offering pairs (edges) with a positive integer
 * weight. Plain typed arrays: no objects per edge, so a national instance (10,000 children,
 * 500,000 edges) stays a few megabytes.
 *
 * The caller sorts children and offerings by their stable ids before building the arrays: ties
 * are broken by index, so the same waiting list gives the same proposal.
 */
export interface AssignmentInstance {
  /** rows 0..children-1 */
  children: number;
  /** columns 0..offerings-1 */
  offerings: number;
  /** free places per offering (>= 0) */
  capacity: Int32Array;
  /** the eligible edges only (sparse), in any order */
  edgeChild: Int32Array;
  edgeOffering: Int32Array;
  /** positive integers up to MAX_WEIGHT (exact in a double; see priority.ts) */
  edgeWeight: Float64Array;
}

/** A placement of children: what the solver and the first-come-first-served baseline return. */
export interface Assignment {
  /** per child: the offering index, or -1 (unplaced) */
  offeringOf: Int32Array;
  /** per child: the chosen edge index, or -1 */
  edgeOf: Int32Array;
  /** total weight of the placed children (unplaced scores 0); exact while below 2^53, see objectiveExact */
  objective: number;
  /** the same sum, exact at any size */
  objectiveExact: bigint;
  placed: number;
}

/**
 * The largest edge weight the solver accepts. Its labels and potentials are sums of at most three
 * weights, so 3 * 2^50 < 2^53 keeps every intermediate value an exact integer in a double.
 */
export const MAX_WEIGHT = 2 ** 50;

/** One thing wrong with an instance: the field, the index within it (if any) and what is wrong. */
export interface InstanceProblem {
  field: string;
  index?: number;
  message: string;
}

export function formatProblem(problem: InstanceProblem): string {
  return `${problem.field}${problem.index === undefined ? '' : `[${problem.index}]`}: ${problem.message}`;
}

/** Thrown by solveAssignment and firstComeFirstServed on an instance that validateInstance refuses. */
export class InvalidInstanceError extends Error {
  constructor(readonly problems: readonly InstanceProblem[]) {
    super(`invalid assignment instance: ${problems.map(formatProblem).join('; ')}`);
    this.name = 'InvalidInstanceError';
  }
}

export interface ValidateOptions {
  /** stop after this many problems (default 20): a broken file must not produce a million lines */
  maxProblems?: number;
  /** the largest accepted weight (default MAX_WEIGHT) */
  maxWeight?: number;
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0x7fffffff;

/**
 * Everything wrong with an instance (up to maxProblems), each naming the field and the index:
 * `edgeWeight[17]: must be an integer 1..1125899906842624`. An empty list means solvable.
 */
export function validateInstance(instance: AssignmentInstance, options: ValidateOptions = {}): InstanceProblem[] {
  const maxProblems = options.maxProblems ?? 20;
  const maxWeight = options.maxWeight ?? MAX_WEIGHT;
  const problems: InstanceProblem[] = [];
  const add = (field: string, index: number | undefined, message: string): boolean => {
    problems.push(index === undefined ? { field, message } : { field, index, message });
    return problems.length >= maxProblems;
  };
  const { children, offerings, capacity, edgeChild, edgeOffering, edgeWeight } = instance;
  if (!isCount(children)) add('children', undefined, 'must be a whole number >= 0');
  if (!isCount(offerings)) add('offerings', undefined, 'must be a whole number >= 0');
  const arrays: [string, unknown, Function][] = [
    ['capacity', capacity, Int32Array],
    ['edgeChild', edgeChild, Int32Array],
    ['edgeOffering', edgeOffering, Int32Array],
    ['edgeWeight', edgeWeight, Float64Array],
  ];
  for (const [field, value, type] of arrays) if (!(value instanceof type)) add(field, undefined, `must be a ${type.name}`);
  if (problems.length > 0) return problems;

  if (capacity.length !== offerings) add('capacity', undefined, `has ${capacity.length} entries for ${offerings} offerings`);
  const edges = edgeChild.length;
  if (edgeOffering.length !== edges) add('edgeOffering', undefined, `has ${edgeOffering.length} entries for ${edges} edges (edgeChild)`);
  if (edgeWeight.length !== edges) add('edgeWeight', undefined, `has ${edgeWeight.length} entries for ${edges} edges (edgeChild)`);
  if (problems.length > 0) return problems;

  for (let o = 0; o < offerings; o++) if (capacity[o] < 0 && add('capacity', o, `must be >= 0, is ${capacity[o]}`)) return problems;
  for (let e = 0; e < edges; e++) {
    const c = edgeChild[e];
    const o = edgeOffering[e];
    const w = edgeWeight[e];
    if ((c < 0 || c >= children) && add('edgeChild', e, `must be a child index 0..${children - 1}, is ${c}`)) return problems;
    if ((o < 0 || o >= offerings) && add('edgeOffering', e, `must be an offering index 0..${offerings - 1}, is ${o}`)) return problems;
    if (!(Number.isInteger(w) && w >= 1 && w <= maxWeight) && add('edgeWeight', e, `must be an integer 1..${maxWeight}, is ${w}`)) return problems;
  }
  return problems;
}

export function assertValidInstance(instance: AssignmentInstance): void {
  const problems = validateInstance(instance);
  if (problems.length > 0) throw new InvalidInstanceError(problems);
}
