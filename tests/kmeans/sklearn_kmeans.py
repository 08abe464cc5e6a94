"""Reference side of tests/kmeans/sklearn_test.cc (run with Debian's /usr/bin/python3).

  sklearn_kmeans.py inertia POINTS.csv K   -> prints scikit-learn's KMeans(n_init=10) inertia
  sklearn_kmeans.py retail RETAIL.csv.gz OUT.csv
      -> per-customer key, recency days, frequency (lines), monetary (cents) of UCI Online Retail,
         cleaned as jobs/online-retail.ini does: no C invoices, quantity and price > 0, customer set;
         as-of = midnight after the last invoice day.
"""
import sys

import numpy as np


def inertia(path, k):
    from sklearn.cluster import KMeans
    x = np.loadtxt(path, delimiter=",", ndmin=2)
    print(repr(KMeans(n_clusters=k, n_init=10, random_state=0).fit(x).inertia_))


def retail(src, out):
    import pandas as pd
    df = pd.read_csv(src, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": "Int64"},
                     parse_dates=["InvoiceDate"])
    df = df[~df["InvoiceNo"].str.startswith("C") & (df["Quantity"] > 0) & (df["UnitPrice"] > 0)]
    df = df[df["CustomerID"].notna()].copy()
    df["cents"] = (df["Quantity"] * (df["UnitPrice"] * 100).round()).astype("int64")
    as_of = df["InvoiceDate"].max().normalize() + pd.Timedelta(days=1)
    g = df.groupby("CustomerID").agg(last=("InvoiceDate", "max"), f=("InvoiceDate", "size"),
                                     m=("cents", "sum"))
    g["r"] = (as_of - g["last"]).dt.days
    g[["r", "f", "m"]].to_csv(out, header=False)


if __name__ == "__main__":
    if sys.argv[1] == "inertia":
        inertia(sys.argv[2], int(sys.argv[3]))
    else:
        retail(sys.argv[2], sys.argv[3])
