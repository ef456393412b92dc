import type { AssignmentInstance } from './instance.js';

/**
 * The edges per child in compressed sparse row form, built once: child c's edges are positions
 * rowStart[c] .. rowStart[c+1]-1, ordered by offering index and then by edge index. Two stable
 * counting sorts (by offering, then by child), O(edges + children + offerings).
 * The canonical order makes the solver's work independent of the order in which the caller
 * listed the edges.
 */
export interface Adjacency {
  rowStart: Int32Array;
  /** per position: the offering */
  offering: Int32Array;
  /** per position: the weight */
  weight: Float64Array;
  /** per position: the caller's edge index */
  edge: Int32Array;
}

/** keep(e) false drops an edge (e.g. to an offering without a free place) */
export function buildAdjacency(instance: AssignmentInstance, keep?: (edge: number) => boolean): Adjacency {
  const { children, offerings, edgeChild, edgeOffering, edgeWeight } = instance;
  const edges = edgeChild.length;
  // pass 1: the kept edges in order of offering (stable)
  const perOffering = new Int32Array(offerings + 1);
  let kept = 0;
  for (let e = 0; e < edges; e++) {
    if (keep && !keep(e)) continue;
    perOffering[edgeOffering[e] + 1]++;
    kept++;
  }
  for (let o = 0; o < offerings; o++) perOffering[o + 1] += perOffering[o];
  const byOffering = new Int32Array(kept);
  for (let e = 0; e < edges; e++) {
    if (keep && !keep(e)) continue;
    byOffering[perOffering[edgeOffering[e]]++] = e;
  }
  // pass 2: stable by child
  const rowStart = new Int32Array(children + 1);
  for (let i = 0; i < kept; i++) rowStart[edgeChild[byOffering[i]] + 1]++;
  for (let c = 0; c < children; c++) rowStart[c + 1] += rowStart[c];
  const next = rowStart.slice(0, children);
  const offering = new Int32Array(kept);
  const weight = new Float64Array(kept);
  const edge = new Int32Array(kept);
  for (let i = 0; i < kept; i++) {
    const e = byOffering[i];
    const at = next[edgeChild[e]]++;
    offering[at] = edgeOffering[e];
    weight[at] = edgeWeight[e];
    edge[at] = e;
  }
  return { rowStart, offering, weight, edge };
}
