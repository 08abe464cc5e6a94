#!/usr/bin/python3
"""Online Retail CSV(.gz) → the scans file bench_itemcf and scipy_itemcf.py read.

Each purchase line (CustomerID present, Quantity > 0) becomes one scan:
customer → user index, StockCode → dense product id (sorted codes). The file
has no tags or categories, so only similarity and recommendations apply.
Usage: online_retail_pairs.py online_retail.csv.gz out.bin
"""
import csv
import gzip
import sys

import numpy as np


def main(src, dst):
    users, products, pairs = {}, set(), []
    with gzip.open(src, "rt", encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.DictReader(f):
            if not row["CustomerID"] or float(row["Quantity"]) <= 0:
                continue
            users.setdefault(row["CustomerID"], len(users))
            products.add(row["StockCode"])
            pairs.append((row["CustomerID"], row["StockCode"]))
    code = {c: i for i, c in enumerate(sorted(products))}
    data = np.array([(users[u], code[p]) for u, p in pairs], dtype=np.uint32)
    with open(dst, "wb") as out:
        out.write(b"QRIC")
        out.write(np.uint32(len(code)).tobytes())
        out.write(np.uint64(len(data)).tobytes())
        out.write(data.tobytes())
    print("users %d products %d scans %d" % (len(users), len(code), len(data)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
