"""qrmark-job with jobs/online-retail.ini on the real UCI Online Retail transactions.

Checks the cleaning counts, every customer's recency, frequency and monetary value against an
independent pandas computation, that customer ids are kept as they are (the mapping declares them
pseudonymous), that the k-means inertia is within 1% of scikit-learn's KMeans(n_init=10) on the
same standardized log1p(R, F, M) points, and that 1 and 2 ranks give identical tables.
The data is ../shared/data/online-retail/online_retail.csv.gz beside the checkout, or the
file named by QRMARK_ONLINE_RETAIL_GZ.
"""
import filecmp
import gzip
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402

DATA = os.environ.get("QRMARK_ONLINE_RETAIL_GZ", os.path.join(harness.SOURCE, "..", "shared", "data",
                                                              "online-retail", "online_retail.csv.gz"))
ACCEPTED, CUSTOMERS = 397884, 4338  # the usual cleaning of this file (Chen et al., 2012)


def expected_rfm(csv_path):
    df = pd.read_csv(csv_path, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": "Int64"},
                     parse_dates=["InvoiceDate"])
    df = df[df["CustomerID"].notna() & ~df["InvoiceNo"].str.startswith("C") & (df["Quantity"] > 0) &
            (df["UnitPrice"] > 0)].copy()
    df["cents"] = np.floor(df["Quantity"] * df["UnitPrice"] * 100 + 0.5).astype("int64")
    as_of = df["InvoiceDate"].max().normalize() + pd.Timedelta(days=1)
    g = df.groupby("CustomerID").agg(last=("InvoiceDate", "max"), visits=("InvoiceDate", "nunique"),
                                     monetary_cents=("cents", "sum"))
    g["recency_days"] = (as_of - g["last"]).dt.days
    return len(df), g, as_of


def sklearn_inertia(users):
    y = np.log1p(users[["recency_days", "frequency", "monetary_cents"]].to_numpy(dtype=float))
    z = (y - y.mean(axis=0)) / y.std(axis=0)
    return KMeans(n_clusters=3, n_init=10, random_state=0).fit(z).inertia_


def main():
    harness.check(os.path.exists(DATA), f"Online Retail data not found at {DATA} "
                                        "(set QRMARK_ONLINE_RETAIL_GZ to online_retail.csv.gz)")
    with harness.Workdir("online-retail") as work:
        csv_path = os.path.join(work, "online_retail.csv")
        with gzip.open(DATA, "rb") as src, open(csv_path, "wb") as dst:
            shutil.copyfileobj(src, dst)
        keys = harness.keygen(os.path.join(work, "keys"))
        config = os.path.join(harness.SOURCE, "jobs", "online-retail.ini")
        outs = {}
        for ranks in (2, 1):
            outs[ranks] = os.path.join(work, f"r{ranks}")
            p = harness.job(ranks, ["--config", config, "--input", csv_path, "--output-root", outs[ranks],
                                    "--keys", keys])
        latest = os.path.join(outs[2], "latest")
        tables = sorted(n for n in os.listdir(latest) if n.endswith(".csv"))
        _, mismatch, errors = filecmp.cmpfiles(latest, os.path.join(outs[1], "latest"), tables, shallow=False)
        harness.check(not mismatch and not errors, f"1 and 2 ranks differ: {mismatch + errors}")

        with open(os.path.join(latest, "report.json")) as f:
            attributes = json.load(f)["attributes"]
        accepted, expected, as_of = expected_rfm(csv_path)
        harness.check(accepted == ACCEPTED, f"pandas cleaning kept {accepted} rows, expected {ACCEPTED}")
        harness.check(attributes["records_accepted"] == ACCEPTED, f"job accepted {attributes['records_accepted']}")
        harness.check(attributes["users"] == CUSTOMERS, f"job found {attributes['users']} customers")
        harness.check(attributes["as_of"] == as_of.strftime("%Y-%m-%dT%H:%M:%SZ"), f"as_of {attributes['as_of']}")
        rejected = dict(zip(attributes["rejected_reasons"], attributes["rejected_by_reason"]))
        harness.check(rejected["missing_user"] > 0 and rejected["cancelled"] > 0, f"rejected: {rejected}")
        harness.check(f"{attributes['records_rejected']} of" in p.stdout, f"no reject warning:\n{p.stdout}")

        users = pd.read_csv(os.path.join(latest, "users.csv"), dtype={"user_key": "uint64"})
        harness.check(set(users["user_key"].astype("int64")) == set(expected.index.astype("int64")),
                      "user keys are not the CustomerIDs")
        users = users.set_index(users["user_key"].astype("int64")).loc[expected.index.astype("int64")]
        for ours, theirs in (("recency_days", "recency_days"), ("frequency", "visits"),
                             ("monetary_cents", "monetary_cents")):
            diff = (users[ours].to_numpy() != expected[theirs].to_numpy()).sum()
            harness.check(diff == 0, f"users.{ours}: {diff} customers differ from pandas")

        reference = sklearn_inertia(users)
        ours = attributes["kmeans_inertia"]
        harness.check(ours <= reference * 1.01, f"k-means inertia {ours}, scikit-learn {reference}")
        print(f"inertia: qrmark-job {ours:.4f}, scikit-learn {reference:.4f}")
    print("PASS")


if __name__ == "__main__":
    main()
