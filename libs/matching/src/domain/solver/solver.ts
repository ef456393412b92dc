import { buildAdjacency } from './adjacency.js';
import { assertValidInstance, type Assignment, type AssignmentInstance } from './instance.js';

export interface AssignmentResult extends Assignment {
  /**
   * Optimality certificate: the value of the dual solution in `duals`, Σ u_c + Σ k_o·v_o. LP
   * duality makes it an upper bound on every assignment's total weight; it equals `objective`
   * exactly, which proves the assignment optimal (checkCertificate verifies it from scratch).
   */
  dualBound: number;
  dualBoundExact: bigint;
  /** u per child and v per offering: >= 0, with u_c + v_o >= w on every edge */
  duals: { child: Float64Array; offering: Float64Array };
  stats: SolverStats;
}

export interface SolverStats {
  /** shortest-path searches (one per child with an edge) */
  searches: number;
  /** offerings taken from the heap, over all searches */
  settled: number;
  /** edges looked at, over all searches */
  scanned: number;
}

/**
 * Maximum-weight assignment of children to offerings with capacities: each child takes at most one
 * offering, offering o at most capacity[o] children, maximise the total weight of placed children.
 *
 * Method: successive shortest augmenting paths with potentials (Hungarian / Jonker-Volgenant
 * style, sparse). As a min-cost flow: each child sends one unit to a sink t, either through an
 * offering o (cost W - w, then o -> t with capacity k_o, cost 0) or through a private "unplaced"
 * arc c -> t of cost W. Minimising the cost maximises the placed weight, and because the unplaced
 * arc always exists every child can be routed: the optimum of this full problem is the optimum of
 * the non-full matching problem. W cancels out of every reduced cost, so the code works with the
 * LP duals of the matching problem directly:
 *   v_o >= 0 per offering (stored), u_c >= 0 per child (implicit: w(matched edge) - v_o, or 0 when
 *   unplaced); invariants: u_c + v_o >= w on every edge (= on the chosen ones), v_o = 0 while o has
 *   a free place, u_c = 0 for an unplaced child.
 * Children are added one at a time, in index order. For child r a Dijkstra over offerings finds
 * the cheapest way to add r (reduced costs are >= 0 by the invariants): through alternating paths
 * r -> o1 -> (a child c1 in o1 moves on) -> o2 -> ... ending at an offering with a free place, or at
 * a child that gives up its place (cost u_c, its "unplaced" arc; r itself: u_r). The search stops
 * as soon as the cheapest end is certain (nothing in the heap below it). Potentials of the offerings
 * settled before that end move by (end - label), which keeps every reduced cost >= 0 and makes the
 * path tight; then the path is augmented. By the successive-shortest-path theorem the assignment
 * of the children added so far stays optimal after each step, so the final one is optimal, and the
 * duals are a certificate: Σ u + Σ k_o v_o = objective (complementary slackness).
 *
 * Exact: all weights are integers <= MAX_WEIGHT = 2^50 and every label is a sum of at most three
 * of them, so all arithmetic is exact in doubles. Deterministic: no randomness; the adjacency is
 * sorted by (child, offering, edge), the heap breaks ties by offering index, and strict
 * comparisons keep the first-found of equal alternatives.
 *
 * Edges to offerings with no free place are left out of the search (they can never be used); their
 * offerings get v_o = max(w - u_c) for the certificate, which costs nothing in the bound (k_o = 0).
 */
export function solveAssignment(instance: AssignmentInstance): AssignmentResult {
  assertValidInstance(instance);
  const { children, offerings, capacity } = instance;
  const adj = buildAdjacency(instance, (e) => capacity[instance.edgeOffering[e]] > 0);
  const { rowStart, offering: adjOffering, weight: adjWeight, edge: adjEdge } = adj;

  // places per offering, capped at the number of edges into it (a capacity of 10^9 needs no slots)
  const inDegree = new Int32Array(offerings);
  for (let i = 0; i < adjOffering.length; i++) inDegree[adjOffering[i]]++;
  const slotStart = new Int32Array(offerings + 1);
  for (let o = 0; o < offerings; o++) slotStart[o + 1] = slotStart[o] + Math.min(capacity[o], inDegree[o]);
  const slotChild = new Int32Array(slotStart[offerings]).fill(-1);
  const used = new Int32Array(offerings);

  const offeringOf = new Int32Array(children).fill(-1);
  const edgeOf = new Int32Array(children).fill(-1);
  /** adjacency position of the chosen edge, -1 when unplaced */
  const posOf = new Int32Array(children).fill(-1);
  const slotOf = new Int32Array(children).fill(-1);
  /** weight of the chosen edge, 0 when unplaced: u_c = matchedWeight[c] - v[offeringOf[c]] */
  const matchedWeight = new Float64Array(children);

  const v = new Float64Array(offerings);
  const label = new Float64Array(offerings);
  /** search number in which label[o] was set; settledIn: in which o was settled */
  const labelledIn = new Int32Array(offerings).fill(-1);
  const settledIn = new Int32Array(offerings).fill(-1);
  const predChild = new Int32Array(offerings);
  const predPos = new Int32Array(offerings);
  const settledList = new Int32Array(offerings);

  // binary min-heap of offerings by (label, index)
  const heap = new Int32Array(offerings);
  const heapAt = new Int32Array(offerings).fill(-1);
  let heapSize = 0;
  const less = (a: number, b: number) => label[a] < label[b] || (label[a] === label[b] && a < b);
  const siftUp = (o: number, at: number) => {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const p = heap[parent];
      if (!less(o, p)) break;
      heap[at] = p;
      heapAt[p] = at;
      at = parent;
    }
    heap[at] = o;
    heapAt[o] = at;
  };
  const popMin = (): number => {
    const top = heap[0];
    heapAt[top] = -1;
    const last = heap[--heapSize];
    if (heapSize > 0) {
      let at = 0;
      for (;;) {
        let child = 2 * at + 1;
        if (child >= heapSize) break;
        if (child + 1 < heapSize && less(heap[child + 1], heap[child])) child++;
        const h = heap[child];
        if (!less(h, last)) break;
        heap[at] = h;
        heapAt[h] = at;
        at = child;
      }
      heap[at] = last;
      heapAt[last] = at;
    }
    return top;
  };

  const stats: SolverStats = { searches: 0, settled: 0, scanned: 0 };

  for (let r = 0; r < children; r++) {
    const rowFrom = rowStart[r];
    const rowTo = rowStart[r + 1];
    if (rowFrom === rowTo) continue;
    const search = stats.searches++;

    // u_r: the smallest value that keeps r's edges feasible (reduced costs >= 0)
    let ur = 0;
    for (let i = rowFrom; i < rowTo; i++) {
      const slack = adjWeight[i] - v[adjOffering[i]];
      if (slack > ur) ur = slack;
    }
    // the cheapest end so far: r stays unplaced (cost u_r)
    let best = ur;
    let exitChild = r;
    let endOffering = -1;
    heapSize = 0;
    let settledCount = 0;

    const relaxRow = (c: number, base: number) => {
      for (let i = rowStart[c], to = rowStart[c + 1]; i < to; i++) {
        const o = adjOffering[i];
        if (settledIn[o] === search) continue;
        const l = base + v[o] - adjWeight[i];
        if (l >= best) continue;
        if (labelledIn[o] === search) {
          if (l >= label[o]) continue;
          label[o] = l;
          predChild[o] = c;
          predPos[o] = i;
          if (heapAt[o] >= 0) siftUp(o, heapAt[o]);
          else siftUp(o, heapSize++);
        } else {
          labelledIn[o] = search;
          label[o] = l;
          predChild[o] = c;
          predPos[o] = i;
          siftUp(o, heapSize++);
        }
      }
      stats.scanned += rowStart[c + 1] - rowStart[c];
    };

    relaxRow(r, ur);
    while (heapSize > 0) {
      const o = heap[0];
      const d = label[o];
      if (d >= best) break;
      popMin();
      settledIn[o] = search;
      settledList[settledCount++] = o;
      if (used[o] < slotStart[o + 1] - slotStart[o]) {
        best = d;
        endOffering = o;
        exitChild = -1;
        break;
      }
      const vo = v[o];
      for (let s = slotStart[o], to = slotStart[o + 1]; s < to; s++) {
        const c = slotChild[s];
        const base = d + matchedWeight[c] - vo; // d + u_c
        if (base < best) {
          best = base;
          exitChild = c;
          endOffering = -1;
        }
        relaxRow(c, base);
      }
    }
    // clear what is left in the heap for the next search
    for (let i = 0; i < heapSize; i++) heapAt[heap[i]] = -1;
    heapSize = 0;
    stats.settled += settledCount;

    // potentials: every offering settled before the end moves by (best - label); the end's by 0
    for (let i = 0; i < settledCount; i++) {
      const o = settledList[i];
      v[o] += best - label[o];
    }

    // augment backwards from the end
    let o: number;
    let slot: number;
    if (endOffering >= 0) {
      o = endOffering;
      slot = slotStart[o] + used[o]++;
    } else if (exitChild === r) {
      continue; // r stays unplaced (u_r becomes 0)
    } else {
      o = offeringOf[exitChild];
      slot = slotOf[exitChild];
      offeringOf[exitChild] = -1;
      edgeOf[exitChild] = -1;
      posOf[exitChild] = -1;
      slotOf[exitChild] = -1;
      matchedWeight[exitChild] = 0;
    }
    for (;;) {
      const c = predChild[o];
      const pos = predPos[o];
      const fromOffering = offeringOf[c];
      const fromSlot = slotOf[c];
      offeringOf[c] = o;
      edgeOf[c] = adjEdge[pos];
      posOf[c] = pos;
      slotOf[c] = slot;
      matchedWeight[c] = adjWeight[pos];
      slotChild[slot] = c;
      if (c === r) break;
      o = fromOffering;
      slot = fromSlot;
    }
  }

  // the certificate: u per child from the chosen edge; offerings without a free place (left out
  // of the search) get the smallest v that covers their edges
  const u = new Float64Array(children);
  for (let c = 0; c < children; c++) if (offeringOf[c] >= 0) u[c] = matchedWeight[c] - v[offeringOf[c]];
  const { edgeChild, edgeOffering, edgeWeight } = instance;
  for (let e = 0; e < edgeChild.length; e++) {
    const o = edgeOffering[e];
    if (capacity[o] > 0) continue;
    const need = edgeWeight[e] - u[edgeChild[e]];
    if (need > v[o]) v[o] = need;
  }

  let objectiveExact = 0n;
  let placed = 0;
  let dualBoundExact = 0n;
  for (let c = 0; c < children; c++) {
    if (offeringOf[c] >= 0) {
      placed++;
      objectiveExact += BigInt(matchedWeight[c]);
    }
    if (u[c] !== 0) dualBoundExact += BigInt(u[c]);
  }
  for (let o = 0; o < offerings; o++) if (v[o] !== 0 && capacity[o] !== 0) dualBoundExact += BigInt(capacity[o]) * BigInt(v[o]);

  return {
    offeringOf,
    edgeOf,
    objective: Number(objectiveExact),
    objectiveExact,
    placed,
    dualBound: Number(dualBoundExact),
    dualBoundExact,
    duals: { child: u, offering: v },
    stats,
  };
}
