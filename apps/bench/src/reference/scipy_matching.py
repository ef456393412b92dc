"""Reference for `npm run bench -- matching`: the same instance solved by SciPy's
scipy.sparse.csgraph.min_weight_full_bipartite_matching (LAPJVsp).

Usage: /usr/bin/python3 scipy_matching.py INSTANCE.json   (the benchmark's instance file format)
Prints one JSON line: objective, placed, solveSeconds (the call only), totalSeconds (with loading).

Reduction to a full bipartite matching of the rows: rows = children; each offering with k free
places becomes k slot columns; each child gets one private "unplaced" column. Costs: 1001 - fit on
real edges, 1001 on the unplaced edge (all positive, so no explicit zeros get lost in the sparse
matrix). Every row can be matched (its own unplaced column), and min cost = 1001*C - max total fit.
"""
import json
import sys
import time

started = time.perf_counter()
import numpy as np  # noqa: E402
from scipy.sparse import csr_matrix  # noqa: E402
from scipy.sparse.csgraph import min_weight_full_bipartite_matching  # noqa: E402

BIG = 1001

with open(sys.argv[1], "rb") as f:
    data = json.load(f)
C = int(data["children"])
capacity = np.asarray(data["capacity"], dtype=np.int64)
edges = np.asarray(data["edges"], dtype=np.int64).reshape(-1, 3)
child, offering, fit = edges[:, 0], edges[:, 1], edges[:, 2]

# parallel edges: keep the best fit per (child, offering)
order = np.lexsort((-fit, offering, child))
child, offering, fit = child[order], offering[order], fit[order]
first = np.ones(len(child), dtype=bool)
first[1:] = (child[1:] != child[:-1]) | (offering[1:] != offering[:-1])
child, offering, fit = child[first], offering[first], fit[first]

# slot columns: offering o has capacity[o] of them (only offerings with an edge need any)
k = capacity[offering]
keep = k > 0
child, offering, fit, k = child[keep], offering[keep], fit[keep], k[keep]
slot_base = np.concatenate(([0], np.cumsum(capacity)))[:-1]
S = int(capacity.sum())
reps = np.repeat(np.arange(len(child)), k)
# position within each edge's group of copies: 0..k-1
within = np.arange(len(reps)) - np.repeat(np.cumsum(k) - k, k)
rows = np.concatenate((child[reps], np.arange(C)))
cols = np.concatenate((slot_base[offering[reps]] + within, S + np.arange(C)))
costs = np.concatenate((BIG - fit[reps], np.full(C, BIG))).astype(np.float64)
matrix = csr_matrix((costs, (rows, cols)), shape=(C, S + C))
loaded = time.perf_counter()

t0 = time.perf_counter()
row_ind, col_ind = min_weight_full_bipartite_matching(matrix)
solve_seconds = time.perf_counter() - t0

cost = float(np.asarray(matrix[row_ind, col_ind]).sum())
print(json.dumps({
    "objective": int(round(BIG * C - cost)),
    "placed": int((col_ind < S).sum()),
    "solveSeconds": solve_seconds,
    "loadSeconds": loaded - started,
    "totalSeconds": time.perf_counter() - started,
    "rows": C,
    "columns": S + C,
    "nonzeros": int(matrix.nnz),
    "scipy": __import__("scipy").__version__,
}))
