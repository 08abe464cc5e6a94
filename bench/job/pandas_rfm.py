"""The reference the job is measured against: a pandas RFM groupby on the same CSV.

Reads the CSV that `qrmark gen --format csv` writes, groups by user and computes recency (days
from the last scan to as-of), frequency (scans) and monetary (sum of amount_cents) — the RFM part
alone, no scoring, clustering or output. Prints one JSON line with seconds and peak RSS.
Run with Debian's /usr/bin/python3 (pandas 1.5).
"""
import json
import resource
import sys
import time

import pandas as pd

path, as_of = sys.argv[1], pd.Timestamp(sys.argv[2])
t0 = time.perf_counter()
df = pd.read_csv(path, usecols=["ts", "user_key", "amount_cents"], parse_dates=["ts"],
                 dtype={"user_key": "uint64", "amount_cents": "int64"})
t1 = time.perf_counter()
g = df.groupby("user_key").agg(last=("ts", "max"), frequency=("ts", "size"),
                               monetary=("amount_cents", "sum"))
g["recency"] = (as_of - g["last"]).dt.days
t2 = time.perf_counter()
print(json.dumps({"tool": "pandas", "rows": len(df), "users": len(g), "read_s": round(t1 - t0, 3),
                  "groupby_s": round(t2 - t1, 3), "total_s": round(t2 - t0, 3),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
