#!/usr/bin/python3
"""SciPy reference for tests/itemcf/scipy_test.cc: sparse XᵀX → cosine, support.

Reads `user,product,weight` lines (the C++ user lists), writes every ordered
pair p != q sharing a user as `p,q,cosine,support` (cosine with 17 digits).
Run with Debian's /usr/bin/python3 (python3-scipy).
"""
import sys

import numpy as np
import scipy.sparse as sp


def main(src, dst):
    data = np.loadtxt(src, delimiter=",", ndmin=2)
    users, products, weights = data[:, 0].astype(int), data[:, 1].astype(int), data[:, 2]
    n = int(sys.argv[3])
    x = sp.csr_matrix((weights, (users, products)), shape=(users.max() + 1, n))
    b = sp.csr_matrix((np.ones_like(weights), (users, products)), shape=x.shape)
    dot = (x.T @ x).tocoo()
    support = (b.T @ b).tocsr()
    norm = np.sqrt(np.asarray(x.multiply(x).sum(axis=0)).ravel())
    with open(dst, "w") as out:
        for p, q, d in zip(dot.row, dot.col, dot.data):
            if p != q:
                out.write("%d,%d,%.17g,%d\n" % (p, q, d / (norm[p] * norm[q]), support[p, q]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
