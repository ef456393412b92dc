import { buildAdjacency } from './adjacency.js';
import { assertValidInstance, type Assignment, type AssignmentInstance } from './instance.js';

/**
 * Today's practice, as a baseline: children in arrival order, each takes its best allowed edge
 * (highest weight; ties: lowest offering index, then lowest edge index) to an offering with a
 * place left, or stays unplaced. `order` lists child indexes (each at most once; children not in
 * it stay unplaced). `allowedEdge` restricts the edges, e.g. to the child's own region.
 */
export function firstComeFirstServed(instance: AssignmentInstance, order: Int32Array, allowedEdge?: (edge: number) => boolean): Assignment {
  assertValidInstance(instance);
  const { children, capacity } = instance;
  const adj = buildAdjacency(instance, (e) => capacity[instance.edgeOffering[e]] > 0 && (!allowedEdge || allowedEdge(e)));
  const left = capacity.slice();
  const offeringOf = new Int32Array(children).fill(-1);
  const edgeOf = new Int32Array(children).fill(-1);
  let objectiveExact = 0n;
  let placed = 0;
  const seen = new Uint8Array(children);
  for (let k = 0; k < order.length; k++) {
    const c = order[k];
    if (c < 0 || c >= children) throw new RangeError(`order[${k}]: ${c} is not a child index 0..${children - 1}`);
    if (seen[c]++) throw new RangeError(`order[${k}]: child ${c} appears twice`);
    let bestAt = -1;
    for (let i = adj.rowStart[c], to = adj.rowStart[c + 1]; i < to; i++) {
      if (left[adj.offering[i]] > 0 && (bestAt < 0 || adj.weight[i] > adj.weight[bestAt])) bestAt = i;
    }
    if (bestAt < 0) continue;
    const o = adj.offering[bestAt];
    left[o]--;
    offeringOf[c] = o;
    edgeOf[c] = adj.edge[bestAt];
    objectiveExact += BigInt(adj.weight[bestAt]);
    placed++;
  }
  return { offeringOf, edgeOf, objective: Number(objectiveExact), objectiveExact, placed };
}
