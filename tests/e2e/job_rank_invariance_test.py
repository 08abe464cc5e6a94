"""qrmark-job gives the same snapshot for any number of ranks and threads, from either format,
and with its vector kernels off.

Generated scans (scan-log segments and the same scans as CSV) go through the whole job at
1, 2 and 3 ranks with one thread, 1 rank with 2 threads, and 2 ranks over the CSV; then 2 ranks
over each format with QRMARK_PORTABLE_KERNELS=1, so that the portable CSV split, digit
conversion, CRC-32C and Lloyd scan run end to end on a CPU that has the vector instructions.
Every CSV table must be byte-identical and every HDF5 dataset equal; with item-CF off, the
tables left are those of the run with it. The users' features and the
suspicious serials are then checked against an independent pandas computation over the CSV.
"""
import filecmp
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

AS_OF = "2026-11-23"


def run_job(work, name, ranks, threads, inputs, extra=(), env_extra=None):
    out = os.path.join(work, name)
    p = harness.job(ranks, ["--keys", os.path.join(work, "keys"), "--input", *inputs,
                            "--input.catalog", os.path.join(work, "data", "catalog.csv"),
                            "--as-of", AS_OF, "--output-root", out, *extra], threads=threads, env_extra=env_extra)
    portable = "vector_kernels=off" in p.stdout + p.stderr
    harness.check(portable == bool(env_extra), f"{name}: the log says vector kernels off: {portable}")
    return os.path.join(out, "latest")


def check_same_tables_without_itemcf(reference, other):
    """Without item-CF the job frees the scans as the features stage reads them: same tables."""
    tables = sorted(n for n in os.listdir(other) if n.endswith(".csv"))
    harness.check("users.csv" in tables and not any(n.startswith("user_recs") for n in tables),
                  f"item-CF off: unexpected tables {tables}")
    _, mismatch, errors = filecmp.cmpfiles(reference, other, tables, shallow=False)
    harness.check(not mismatch and not errors, f"item-CF off: tables differ from item-CF on: {mismatch + errors}")


def h5_datasets(path):
    found = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: found.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
    return found


def check_same_snapshot(reference, other, label):
    csvs = sorted(n for n in os.listdir(reference) if n.endswith(".csv"))
    harness.check(len(csvs) >= 10, f"expected the job's CSV tables in {reference}, found {csvs}")
    _, mismatch, errors = filecmp.cmpfiles(reference, other, csvs, shallow=False)
    harness.check(not mismatch and not errors, f"{label}: CSV tables differ from 1 rank: {mismatch + errors}")
    ref, got = h5_datasets(os.path.join(reference, "snapshot.h5")), h5_datasets(os.path.join(other, "snapshot.h5"))
    harness.check(sorted(ref) == sorted(got), f"{label}: HDF5 datasets differ: {sorted(set(ref) ^ set(got))}")
    for name, values in ref.items():
        harness.check(np.array_equal(values, got[name]), f"{label}: HDF5 dataset /{name} differs")
    with h5py.File(os.path.join(reference, "snapshot.h5")) as a, h5py.File(os.path.join(other, "snapshot.h5")) as b:
        for attr in ("kmeans_inertia", "records_accepted", "users", "rfm_monetary_thresholds"):
            harness.check(np.array_equal(a.attrs[attr], b.attrs[attr]), f"{label}: attribute {attr} differs")


def check_features_against_pandas(data_dir, latest):
    scans = pd.read_csv(os.path.join(data_dir, "scans.csv"), parse_dates=["ts"],
                        dtype={"user_key": "uint64", "amount_cents": "int64", "product_id": "int64"})
    as_of = pd.Timestamp(AS_OF)
    scans = scans[scans["ts"] < as_of]
    expected = scans.groupby("user_key").agg(last=("ts", "max"), first=("ts", "min"), frequency=("ts", "size"),
                                             monetary_cents=("amount_cents", "sum"),
                                             distinct_products=("product_id", "nunique"))
    expected["recency_days"] = (as_of - expected["last"]).dt.days
    epoch = pd.Timestamp("1970-01-01")
    expected["last_seen_s"] = (expected["last"] - epoch) // pd.Timedelta(seconds=1)
    expected["first_seen_s"] = (expected["first"] - epoch) // pd.Timedelta(seconds=1)
    users = pd.read_csv(os.path.join(latest, "users.csv"), dtype={"user_key": "uint64"}).set_index("user_key")
    harness.check(len(users) == len(expected), f"users: job {len(users)}, pandas {len(expected)}")
    users = users.loc[expected.index]
    for column in ("recency_days", "frequency", "monetary_cents", "first_seen_s", "last_seen_s", "distinct_products"):
        diff = (users[column].to_numpy() != expected[column].to_numpy()).sum()
        harness.check(diff == 0, f"users.{column}: {diff} users differ from pandas")
    harness.check(set(users["tier"]) == {"high", "mid", "low"}, f"tiers: {set(users['tier'])}")


def check_suspicious_against_pandas(data_dir, latest, min_scans=5, min_regions=3):
    """Every unit (serial, batch) scanned at least min_scans times or from min_regions regions, as
    pandas counts it over every scan before as-of (anonymous ones too), and no other."""
    scans = pd.read_csv(os.path.join(data_dir, "scans.csv"), parse_dates=["ts"],
                        dtype={"serial": "uint64", "batch_id": "int64", "flags": "int64"})
    scans = scans[scans["ts"] < pd.Timestamp(AS_OF)]
    scans["invalid"] = (scans["flags"] & 4) != 0  # kFlagInvalid
    units = scans.groupby(["serial", "batch_id"]).agg(scans=("ts", "size"), distinct_regions=("region", "nunique"),
                                                      invalid_scans=("invalid", "sum"))
    reason = (units["scans"] >= min_scans).astype(int) + 2 * (units["distinct_regions"] >= min_regions).astype(int)
    units["reason"] = reason.map({1: "too_many_scans", 2: "too_many_regions", 3: "both"})
    expected = units[reason > 0].reset_index().sort_values(["serial", "batch_id"]).reset_index(drop=True)
    got = pd.read_csv(os.path.join(latest, "suspicious_serials.csv"), dtype={"serial": "uint64"})
    harness.check(len(expected) > 0 and (units["scans"] < min(min_scans, min_regions)).sum() > len(expected),
                  f"the generated data should have a few suspicious units among many others: {len(expected)}")
    harness.check(len(got) == len(expected), f"suspicious_serials: job {len(got)} units, pandas {len(expected)}")
    for column in ("serial", "batch_id", "scans", "distinct_regions", "invalid_scans", "reason"):
        diff = (got[column].to_numpy() != expected[column].to_numpy()).sum()
        harness.check(diff == 0, f"suspicious_serials.{column}: {diff} units differ from pandas")


def main():
    with harness.Workdir("rank-invariance") as work:
        harness.keygen(os.path.join(work, "keys"))
        data = harness.gen(os.path.join(work, "data"), 60000, 6000, 300, fmt="both",
                           extra=["--segment-records", 16384])
        segments = sorted(os.path.join(data, n) for n in os.listdir(data) if n.endswith(".seg"))
        harness.check(len(segments) == 4, f"expected 4 segments, got {segments}")
        reference = run_job(work, "r1t1", 1, 1, segments)
        for name, ranks, threads, inputs in (("r2t1", 2, 1, segments), ("r3t1", 3, 1, segments),
                                             ("r1t2", 1, 2, segments),
                                             ("csv_r2", 2, 1, [os.path.join(data, "scans.csv")])):
            check_same_snapshot(reference, run_job(work, name, ranks, threads, inputs), name)
        for name, inputs in (("csv_portable", [os.path.join(data, "scans.csv")]), ("segments_portable", segments)):
            check_same_snapshot(reference, run_job(work, name, 2, 1, inputs, env_extra={"QRMARK_PORTABLE_KERNELS": "1"}),
                                name)
        check_same_tables_without_itemcf(reference, run_job(work, "r2_no_itemcf", 2, 1, segments,
                                                            ["--itemcf.enabled", "false"]))
        check_features_against_pandas(data, reference)
        check_suspicious_against_pandas(data, reference)
    print("PASS")


if __name__ == "__main__":
    main()
