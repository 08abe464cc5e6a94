"""A published snapshot reads the same through every door the CRM may use.

After a 2-rank run: h5py and pandas agree on every table (HDF5 columns, dictionary labels and
(rows, w) columns against the CSV), each table's `rows` attribute matches, `h5dump -H` reads the
file, integer columns are stored in their narrowest type and unfiltered, or scale-offset compressed with the same
values when a second run asks for it (a bad choice fails the run, naming the key), the manifest's sizes and SHA-256 digests match the files, `qrmark verify-snapshot` accepts
the snapshot and rejects it once any published byte changes or a file goes missing. The CSVs
name products by their catalog code. The input checksums are the CRC-32C of each input file,
computed here bit by bit from the Castagnoli polynomial.
"""
import hashlib
import json
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402


def h5_table_as_frame(group):
    """The table as the CSV export lays it out: labels for dictionary columns, name_i for 2-D ones, no column
    marked in_csv = 0."""
    columns = {}
    for name in group:  # h5py lists by name; the CSV keeps creation order, so compare by name
        if name.endswith("_dict") or group[name].attrs.get("in_csv", 1) == 0:
            continue
        data = group[name][()]
        if "dictionary" in group[name].attrs:
            labels = np.append(group[group[name].attrs["dictionary"]][()].astype(str), "").astype(object)
            data = labels[np.where(data >= 0, data, len(labels) - 1)]  # code -1: empty field
        if data.ndim == 2:
            for i in range(data.shape[1]):
                columns[f"{name}_{i}"] = data[:, i]
        else:
            columns[name] = data
    return pd.DataFrame(columns)


def check_table(latest, h5, table):
    group = h5[table]
    rows = int(group.attrs["rows"])
    from_csv = pd.read_csv(os.path.join(latest, table + ".csv"), float_precision="round_trip",
                           keep_default_na=False, dtype=str)
    from_h5 = h5_table_as_frame(group)
    harness.check(len(from_csv) == rows == len(from_h5), f"{table}: csv {len(from_csv)}, rows attribute {rows}, "
                                                        f"h5 {len(from_h5)}")
    harness.check(sorted(from_csv.columns) == sorted(from_h5.columns),
                  f"{table}: columns differ: {sorted(set(from_csv.columns) ^ set(from_h5.columns))}")
    for column in from_h5.columns:
        ours = from_h5[column].to_numpy()
        text = from_csv[column]
        if ours.dtype.kind == "f":
            theirs = text.replace("", "nan").astype(float).to_numpy()
            same = np.array_equal(ours, theirs, equal_nan=True)
        elif ours.dtype.kind in "iu":
            same = np.array_equal(ours, text.astype(ours.dtype).to_numpy())
        else:
            same = list(ours) == list(text)
        harness.check(same, f"{table}.{column}: HDF5 and CSV differ")


def check_items_match_neighbour_list(h5):
    """`items` (HDF5 only: one row per product, width top_k) holds the same pairs as the long
    `item_neighbours` table that the CSV carries."""
    items, pairs = h5["items"], h5["item_neighbours"]
    neighbour, score = items["neighbour"][()], items["score"][()]
    product = np.repeat(items["product"][()], neighbour.shape[1]).reshape(neighbour.shape)
    kept = neighbour >= 0
    wide = sorted(zip(product[kept].tolist(), neighbour[kept].tolist(), score[kept].tolist()))
    long = sorted(zip(pairs["product"][()].tolist(), pairs["neighbour"][()].tolist(), pairs["score"][()].tolist()))
    harness.check(len(wide) > 0 and wide == long, f"items and item_neighbours differ ({len(wide)} vs {len(long)})")


def check_peak_hour(latest, h5):
    """users.csv has each user's peak hour instead of the 24-hour histogram, which only snapshot.h5 holds."""
    histogram = h5["users"]["hour_histogram"]
    harness.check(histogram.attrs.get("in_csv") == 0 and histogram.shape[1] == 24,
                  f"hour_histogram: in_csv {histogram.attrs.get('in_csv')}, shape {histogram.shape}")
    header = pd.read_csv(os.path.join(latest, "users.csv"), nrows=0).columns
    harness.check("peak_hour" in header and not any(c.startswith("hour_histogram") for c in header),
                  f"users.csv columns: {list(header)}")
    harness.check(np.array_equal(h5["users"]["peak_hour"][()], np.argmax(histogram[()], axis=1)),
                  "peak_hour is not the first busiest hour of hour_histogram")


def narrowest(kind, lo, hi):
    """The narrowest integer dtype of this signedness ('i' or 'u') that holds lo..hi."""
    for bits in (8, 16, 32, 64):
        t = np.dtype(f"{kind}{bits // 8}")
        if np.iinfo(t).min <= lo and hi <= np.iinfo(t).max:
            return t
    raise ValueError(f"{lo}..{hi} fits no {kind} type")


def integer_datasets(h5):
    found = []
    h5.visititems(lambda name, obj: found.append((name, obj)) if isinstance(obj, h5py.Dataset) and
                  obj.dtype.kind in "iu" and obj.size > 0 else None)
    return found


def check_integer_storage(h5, compressed_h5):
    """Without compression every integer column is unfiltered in the narrowest type that holds its values; with
    `output.hdf5_compression = scale-offset` the same values come back from scale-offset-filtered datasets."""
    for name, dataset in integer_datasets(h5):
        values = dataset[()]
        want = narrowest(dataset.dtype.kind, values.min(), values.max())
        harness.check(dataset.dtype == want and dataset.scaleoffset is None and dataset.compression is None,
                      f"{name}: stored as {dataset.dtype} (filters {dataset.scaleoffset}, {dataset.compression}), "
                      f"values {values.min()}..{values.max()} fit {want}")
        other = compressed_h5[name]
        harness.check(other.scaleoffset == 0 and other.dtype == dataset.dtype, f"{name}: not scale-offset "
                      f"compressed in the compressed run ({other.scaleoffset}, {other.dtype})")
        harness.check(np.array_equal(other[()], values), f"{name}: values differ with scale-offset")


def verify(latest, keys, ok, needle=""):
    p = harness.run([harness.QRMARK, "verify-snapshot", latest, "--keys", keys], expect_ok=ok)
    harness.check(needle in p.stdout + p.stderr, f"'{needle}' not in:\n{p.stdout}{p.stderr}")


def crc32c_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


def crc32c(path, table=crc32c_table()):
    crc = 0xFFFFFFFF
    with open(path, "rb") as f:
        for byte in f.read():
            crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc ^ 0xFFFFFFFF


def check_input_checksums(h5):
    paths = [p.decode() if isinstance(p, bytes) else str(p) for p in h5.attrs["input_files"]]
    sums = [c.decode() if isinstance(c, bytes) else str(c) for c in h5.attrs["input_crc32c"]]
    harness.check(len(paths) == len(sums) > 0, f"{len(paths)} inputs, {len(sums)} checksums")
    for path, listed in zip(paths, sums):
        want = f"{crc32c(path):08x}"
        harness.check(listed == want, f"input {path}: checksum {listed}, its CRC-32C is {want}")


def tamper(path):
    with open(path, "r+b") as f:
        f.seek(os.path.getsize(path) // 2)
        value = f.read(1)[0]
        f.seek(-1, os.SEEK_CUR)
        f.write(bytes([value ^ 1]))


def main():
    with harness.Workdir("snapshot-readers") as work:
        keys = harness.keygen(os.path.join(work, "keys"))
        data = harness.gen(os.path.join(work, "data"), 30000, 3000, 150)
        out = os.path.join(work, "out")
        run = harness.job(2, ["--keys", keys, "--input", data, "--input.catalog", os.path.join(data, "catalog.csv"),
                              "--as-of", "2026-11-23", "--output-root", out])
        steps = re.search(r"qrmark-job snapshot users_table_secs=([0-9.]+) hdf5_secs=([0-9.]+) csv_secs=([0-9.]+) "
                          r"digest_sync_secs=([0-9.]+) seal_secs=([0-9.]+)\n", run.stdout)
        harness.check(steps is not None, f"no snapshot steps line in:\n{run.stdout}")
        # Each step is its slowest rank's time, and a rank that finishes a step
        # early waits for the others inside the next one: the steps' sum may
        # pass the stage's time on a loaded machine, but no step may.
        stage = re.search(r"stage=snapshot done secs=([0-9.]+)", run.stdout)
        harness.check(stage is not None and max(float(s) for s in steps.groups()) <= float(stage.group(1)) + 0.05,
                      f"a snapshot step takes longer than the stage:\n{run.stdout}")
        ingest_steps = re.search(r"qrmark-job ingest segment_checksum_secs=([0-9.]+) read_secs=([0-9.]+) "
                                 r"dictionaries_secs=([0-9.]+)\n", run.stdout)
        harness.check(ingest_steps is not None, f"no ingest steps line in:\n{run.stdout}")
        ingest_stage = re.search(r"stage=ingest done secs=([0-9.]+)", run.stdout)
        harness.check(ingest_stage is not None and float(ingest_steps.group(2)) > 0 and
                      max(float(s) for s in ingest_steps.groups()) <= float(ingest_stage.group(1)) + 0.05,
                      f"the ingest read nothing, or one of its steps takes longer than the stage:\n{run.stdout}")
        latest = os.path.join(out, "latest")
        with h5py.File(os.path.join(latest, "snapshot.h5"), "r") as h5:
            tables = [name for name in h5 if isinstance(h5[name], h5py.Group)]
            for table in ("users", "user_tags", "user_recs", "clusters", "segments", "by_region", "products",
                          "item_neighbours", "suspicious_serials"):
                harness.check(table in tables, f"no {table} table in {tables}")
            csv_tables = {name[:-4] for name in os.listdir(latest) if name.endswith(".csv")}
            harness.check(csv_tables == set(tables) - {"items"}, f"CSV tables {sorted(csv_tables)}, HDF5 {tables}")
            for table in csv_tables:
                check_table(latest, h5, table)
            check_items_match_neighbour_list(h5)
            check_peak_hour(latest, h5)
            check_input_checksums(h5)
            harness.check(h5.attrs["users"] == h5["users"].attrs["rows"] > 0, "users attribute and table disagree")
            snapshot_id = h5.attrs["snapshot_id"]
            snapshot_id = snapshot_id.decode() if isinstance(snapshot_id, bytes) else str(snapshot_id)
        harness.run(["h5dump", "-H", os.path.join(latest, "snapshot.h5")])

        job_args = ["--keys", keys, "--input", data, "--input.catalog", os.path.join(data, "catalog.csv"),
                    "--as-of", "2026-11-23"]
        compressed = os.path.join(work, "out-scale-offset")
        harness.job(2, job_args + ["--output-root", compressed, "--output.hdf5_compression", "scale-offset"])
        with h5py.File(os.path.join(latest, "snapshot.h5"), "r") as h5, \
                h5py.File(os.path.join(compressed, "latest", "snapshot.h5"), "r") as compressed_h5:
            check_integer_storage(h5, compressed_h5)
            effective = [c.decode() if isinstance(c, bytes) else str(c) for c in compressed_h5.attrs["config_effective"]]
            harness.check("output.hdf5_compression=scale-offset" in effective,
                          f"the compressed run's config_effective: {effective}")
        bad = harness.job(2, job_args + ["--output-root", compressed, "--output.hdf5_compression", "zstd"],
                          expect_ok=False)
        harness.check("output.hdf5_compression" in bad.stdout + bad.stderr and "scale-offset" in bad.stderr,
                      f"the bad compression's message:\n{bad.stderr}")
        codes = set(pd.read_csv(os.path.join(latest, "products.csv"), dtype=str)["code"])
        for table, column in (("item_neighbours", "neighbour"), ("user_recs", "product_0"), ("by_product", "product")):
            named = set(pd.read_csv(os.path.join(latest, table + ".csv"), dtype=str, keep_default_na=False)[column])
            harness.check(named - {""} <= codes, f"{table}.csv names products not by their code: {sorted(named)[:5]}")

        with open(os.path.join(latest, "manifest.json")) as f:
            manifest = json.load(f)
        harness.check(manifest["snapshot_id"] == snapshot_id, "manifest and HDF5 name different snapshots")
        listed = {entry["name"] for entry in manifest["files"]}
        harness.check(listed == set(os.listdir(latest)) - {"manifest.json", "manifest.sig"},
                      f"manifest lists {sorted(listed)}")
        for entry in manifest["files"]:
            with open(os.path.join(latest, entry["name"]), "rb") as f:
                content = f.read()
            harness.check(len(content) == entry["size"], f"{entry['name']}: size differs from the manifest")
            harness.check(hashlib.sha256(content).hexdigest() == entry["sha256"], f"{entry['name']}: digest differs")

        verify(latest, keys, True, "OK")
        pristine = os.path.join(work, "pristine")
        shutil.copytree(os.path.realpath(latest), pristine)
        for name in ("users.csv", "snapshot.h5", "manifest.json"):
            tamper(os.path.join(latest, name))
            verify(latest, keys, False, name)
            shutil.copy(os.path.join(pristine, name), os.path.join(latest, name))
        os.remove(os.path.join(latest, "clusters.csv"))
        verify(latest, keys, False, "clusters.csv")
        shutil.copy(os.path.join(pristine, "clusters.csv"), os.path.join(latest, "clusters.csv"))
        verify(latest, keys, True, "OK")
    print("PASS")


if __name__ == "__main__":
    main()
