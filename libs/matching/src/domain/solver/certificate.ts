import type { Assignment, AssignmentInstance } from './instance.js';

export interface Duals {
  /** u per child */
  child: Float64Array;
  /** v per offering */
  offering: Float64Array;
}

export interface CertificateCheck {
  /** the assignment is feasible and the duals prove it optimal */
  ok: boolean;
  objective: bigint;
  dualBound: bigint;
  problems: string[];
}

/**
 * Checks an assignment and its dual certificate from scratch, independent of the solver:
 * - feasibility: each placed child's edge is its own and leads to its offering, capacities hold,
 *   the stated objective is the sum of the chosen weights;
 * - dual feasibility: u_c >= 0, v_o >= 0, u_c + v_o >= w on every edge;
 * - the bound Σ u_c + Σ k_o·v_o equals the objective. By weak LP duality every assignment weighs at
 *   most the bound, so equality proves this one optimal. Sums in BigInt: exact at any size.
 */
export function checkCertificate(instance: AssignmentInstance, assignment: Assignment, duals: Duals, maxProblems = 10): CertificateCheck {
  const { children, offerings, capacity, edgeChild, edgeOffering, edgeWeight } = instance;
  const problems: string[] = [];
  const add = (p: string) => {
    if (problems.length < maxProblems) problems.push(p);
  };
  const load = new Int32Array(offerings);
  let objective = 0n;
  let placed = 0;
  for (let c = 0; c < children; c++) {
    const o = assignment.offeringOf[c];
    const e = assignment.edgeOf[c];
    if (o < 0 && e < 0) continue;
    if (e < 0 || e >= edgeChild.length || edgeChild[e] !== c || edgeOffering[e] !== o) {
      add(`child ${c}: offering ${o} with edge ${e}, which is not an edge of this child to that offering`);
      continue;
    }
    load[o]++;
    placed++;
    objective += BigInt(edgeWeight[e]);
  }
  for (let o = 0; o < offerings; o++) if (load[o] > capacity[o]) add(`offering ${o}: ${load[o]} children for ${capacity[o]} places`);
  if (objective !== assignment.objectiveExact) add(`objective: stated ${assignment.objectiveExact}, sum of chosen weights ${objective}`);
  if (placed !== assignment.placed) add(`placed: stated ${assignment.placed}, counted ${placed}`);

  const { child: u, offering: v } = duals;
  let dualBound = 0n;
  for (let c = 0; c < children; c++) {
    if (!(u[c] >= 0) || !Number.isInteger(u[c])) add(`u[${c}] = ${u[c]}: must be an integer >= 0`);
    else dualBound += BigInt(u[c]);
  }
  for (let o = 0; o < offerings; o++) {
    if (!(v[o] >= 0) || !Number.isInteger(v[o])) add(`v[${o}] = ${v[o]}: must be an integer >= 0`);
    else dualBound += BigInt(capacity[o]) * BigInt(v[o]);
  }
  for (let e = 0; e < edgeChild.length; e++) {
    const c = edgeChild[e];
    const o = edgeOffering[e];
    if (u[c] + v[o] < edgeWeight[e]) add(`edge ${e}: u[${c}] + v[${o}] = ${u[c] + v[o]} < weight ${edgeWeight[e]}`);
  }
  if (dualBound !== objective) add(`dual bound ${dualBound} != objective ${objective}`);
  return { ok: problems.length === 0, objective, dualBound, problems };
}
