#!/usr/bin/python3
"""SciPy baseline for bench/itemcf: sparse XᵀX → cosine → top-K per product.

Reads the scans file bench_itemcf writes (binary weights, like the C++ run),
times matrix build + XᵀX + cosine + top-K (ties to the lower product id), and
prints one JSON object with the time and peak RSS. With a second argument
(the C++ neighbour ids and scores) it also counts identical rows and
reports the largest score difference.
Run with Debian's /usr/bin/python3 (python3-scipy).
"""
import json
import resource
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp


def top_k(c, k):
    """Rows of CSR `c` → (products x k) ids, best first by the score rounded to
    2^-32 (src/itemcf/cosine.h RoundScore), ties to the lower id, -1 pads."""
    ids = np.full((c.shape[0], k), -1, dtype=np.int32)
    scores = np.zeros((c.shape[0], k))
    for p in range(c.shape[0]):
        lo, hi = c.indptr[p], c.indptr[p + 1]
        cols, vals = c.indices[lo:hi], c.data[lo:hi]
        keep = cols != p
        cols, vals = cols[keep], np.rint(vals[keep] * 2.0**32) / 2.0**32  # RoundScore
        if len(cols) > k:  # candidates >= the k-th best score, then exact order
            kth = np.partition(-vals, k - 1)[k - 1]
            sel = -vals <= kth
            cols, vals = cols[sel], vals[sel]
        order = np.lexsort((cols, -vals))[:k]
        ids[p, : len(order)] = cols[order]
        scores[p, : len(order)] = vals[order]
    return ids, scores


def main():
    path, k = sys.argv[1], 50
    with open(path, "rb") as f:
        assert f.read(4) == b"QRIC"
        products = int(np.frombuffer(f.read(4), np.uint32)[0])
        n = int(np.frombuffer(f.read(8), np.uint64)[0])
        pairs = np.frombuffer(f.read(8 * n), np.uint32).reshape(n, 2)
    t0, cpu0 = time.perf_counter(), time.process_time()
    users = pairs[:, 0].astype(np.int64)
    x = sp.csr_matrix((np.ones(n, np.float64), (users, pairs[:, 1])),
                      shape=(int(users.max()) + 1, products))
    x.sum_duplicates()
    x.data[:] = 1.0  # binary weights
    t_build = time.perf_counter()
    c = (x.T @ x).tocsr()
    t_gram = time.perf_counter()
    norm = np.sqrt(c.diagonal())
    inv = np.divide(1.0, norm, out=np.zeros_like(norm), where=norm > 0)
    c = sp.csr_matrix(c.multiply(inv[:, None]).multiply(inv[None, :]))
    ids, scores = top_k(c, k)
    t_end = time.perf_counter()
    out = {"scipy_version": scipy.__version__, "seconds": round(t_end - t0, 3),
           "cpu_s": round(time.process_time() - cpu0, 3),
           "build_s": round(t_build - t0, 3), "gram_s": round(t_gram - t_build, 3),
           "cosine_topk_s": round(t_end - t_gram, 3), "nnz_gram": int(c.nnz),
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    if len(sys.argv) > 2:
        with open(sys.argv[2], "rb") as f:
            their_ids = np.fromfile(f, np.int32, products * k).reshape(products, k)
            their_scores = np.fromfile(f, np.float64, products * k).reshape(products, k)
        out["rows_identical_to_cpp"] = int((their_ids == ids).all(axis=1).sum())
        out["rows"] = products
        out["max_score_diff_vs_cpp"] = float(np.abs(their_scores - scores).max())
    print(json.dumps(out))


if __name__ == "__main__":
    main()
