"""qrmark-job on bad input: damaged records are counted by reason and quarantined, too many of
them stop the run with exit 3 and publish nothing, as do amounts or region names past what a run
holds, bad options and configs exit 2 with a message naming what is wrong, and users too alike for
k clusters still publish with a warning. Never a crash, a hang or a silent skip.
"""
import csv
import glob
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402

HEADER_BYTES = 64  # io/scanlog/FORMAT.md: a 64-byte header, then 64-byte slots
SLOT_BYTES = 64
SCANS = 20000


class Case:
    def __init__(self, work):
        self.work = work
        self.keys = os.path.join(work, "keys")
        self.data = os.path.join(work, "data")
        self.catalog = os.path.join(self.data, "catalog.csv")

    def job(self, inputs, out, extra=(), ranks=2, expect_ok=True, keys=None, as_of="2026-11-23"):
        return harness.job(ranks, ["--keys", keys or self.keys, "--input", *inputs, "--input.catalog", self.catalog,
                                   "--as-of", as_of, "--output-root", os.path.join(self.work, out),
                                   *extra], expect_ok=expect_ok)

    def report(self, out):
        with open(os.path.join(self.work, out, "latest", "report.json")) as f:
            attributes = json.load(f)["attributes"]
        return attributes, dict(zip(attributes["rejected_reasons"], attributes["rejected_by_reason"]))

    def quarantined(self, out):
        rows = []
        for path in glob.glob(os.path.join(self.work, out, "quarantine", "*", "quarantine-*.csv")):
            with open(path, newline="") as f:
                rows += list(csv.DictReader(f))
        return rows


def expect_failure(p, exit_code, *needles):
    """A failed run: the exit code, every needle in its message, nothing published, no crash."""
    harness.check(p.returncode == exit_code, f"exit {p.returncode}, expected {exit_code}\n{p.stderr}")
    for needle in needles:
        harness.check(needle in p.stderr, f"'{needle}' not in the message:\n{p.stderr}")
    harness.check("Nothing was published" in p.stderr or "--help" in p.stderr, f"no outcome line:\n{p.stderr}")
    for crash in ("Segmentation fault", "Aborted", "terminate called", "signal"):
        harness.check(crash not in p.stderr, f"crash ({crash}):\n{p.stderr}")


def damage_slot(path, slot, byte_in_slot):
    with open(path, "r+b") as f:
        f.seek(HEADER_BYTES + slot * SLOT_BYTES + byte_in_slot)
        value = f.read(1)[0]
        f.seek(-1, os.SEEK_CUR)
        f.write(bytes([value ^ 0x5A]))


def damaged_segments(case):
    """A few damaged records are counted by reason, quarantined with their file and offset, and
    the run still publishes; the same damage on most records stops it with exit 3."""
    damaged = os.path.join(case.work, "damaged")
    shutil.copytree(case.data, damaged, ignore=shutil.ignore_patterns("*.csv"))
    segments = sorted(glob.glob(os.path.join(damaged, "*.seg")))
    harness.check(len(segments) == 4, f"expected 4 segments: {segments}")
    for slot in (0, 17, 4999):
        damage_slot(segments[1], slot, 20)  # record bytes: the slot CRC no longer matches
    damage_slot(segments[2], 100, 60)  # padding bytes: CRC fine, padding not zero
    with open(segments[3], "ab") as f:
        f.write(b"\x01" * 37)  # a write cut short
    p = case.job(segments, "out")
    attributes, rejected = case.report("out")
    harness.check(rejected["bad_checksum"] == 3 and rejected["bad_reserved"] == 1 and rejected["torn_tail"] == 1,
                  f"rejected by reason: {rejected}")
    harness.check(attributes["records_accepted"] == SCANS - 4, f"accepted {attributes['records_accepted']}")
    harness.check("rejected" in p.stdout and "quarantine" in p.stdout, f"no warning in the summary:\n{p.stdout}")
    where = {(os.path.basename(r["file"]), int(r["offset"]), r["reason"]) for r in case.quarantined("out")}
    expected = {(os.path.basename(segments[1]), HEADER_BYTES + s * SLOT_BYTES, "bad_checksum") for s in (0, 17, 4999)}
    expected.add((os.path.basename(segments[2]), HEADER_BYTES + 100 * SLOT_BYTES, "bad_reserved"))
    harness.check(expected <= where, f"quarantine lacks {expected - where}; has {where}")
    harness.check(any(r == "torn_tail" for _, _, r in where), f"torn tail not quarantined: {where}")

    published = os.readlink(os.path.join(case.work, "out", "latest"))
    for slot in range(0, 5000, 10):  # 10% of one segment, far past job.max_bad_fraction = 1%
        damage_slot(segments[0], slot, 30)
    p = case.job(segments, "out", expect_ok=False)
    expect_failure(p, 3, "records rejected", "limit", "bad_checksum")
    harness.check(os.readlink(os.path.join(case.work, "out", "latest")) == published, "latest moved")


def bad_csv_rows(case):
    """Each kind of bad CSV row is counted under its reason and kept in the quarantine."""
    source = os.path.join(case.data, "scans.csv")
    with open(source, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        good = next(reader)
    # scan_id,ts,user_key,product_id,batch_id,serial,region,channel,device_os,amount_cents,flags
    def row(**changes):
        fields = dict(zip(["scan_id", "ts", "user_key", "product_id", "batch_id", "serial", "region", "channel",
                           "device_os", "amount_cents", "flags"], good))
        fields.update(changes)
        return ",".join(fields.values())
    bad = {
        "wrong_column_count": "1,2,3",
        "bad_number": row(amount_cents="12x"),
        "bad_timestamp": row(ts="2026-02-30 10:00:00"),
        "missing_user": row(user_key=""),
        "bad_user_id": row(user_key="alice"),
        "missing_product": row(product_id=""),
        "malformed_line": row(region='Tian"jin'),
    }
    broken = os.path.join(case.work, "broken.csv")
    shutil.copy(source, broken)
    with open(broken, "a") as f:
        for line in bad.values():
            f.write(line + "\n")
    p = case.job([broken], "csv_out")
    attributes, rejected = case.report("csv_out")
    for reason in bad:
        harness.check(rejected[reason] == 1, f"{reason}: {rejected[reason]} rejected, expected 1 ({rejected})")
    harness.check(attributes["records_rejected"] == len(bad), f"rejected {attributes['records_rejected']}")
    harness.check(attributes["records_accepted"] == SCANS, f"accepted {attributes['records_accepted']}")
    quarantined = {r["reason"]: r["excerpt"] for r in case.quarantined("csv_out")}
    for reason, line in bad.items():
        harness.check(quarantined.get(reason, "").strip() == line, f"quarantine for {reason}: "
                      f"{quarantined.get(reason)!r}, expected {line!r}")
    harness.check(str(len(bad)) + " of" in p.stdout, f"no reject warning in the summary:\n{p.stdout}")


def run_wide_limits(case):
    """Limits that concern all the rows together fail the run with a message naming the column to
    check, whatever rank holds which rows: amounts adding up past 2^63 - 1 cents (exit 3), and more
    than 65,536 region names (exit 2), here split between the two ranks."""
    source = os.path.join(case.data, "scans.csv")
    with open(source, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        good = next(reader)
    huge = os.path.join(case.work, "huge_amounts.csv")
    shutil.copy(source, huge)
    with open(huge, "a") as f:
        for i in range(4):  # one user: 1.2e19 cents would overflow their monetary value
            f.write(",".join(good[:9] + ["3000000000000000000"] + good[10:]) + "\n")
    expect_failure(case.job([huge], "limits", expect_ok=False), 3, "add up to more than", "amount_scale")
    regions = os.path.join(case.work, "many_regions.csv")
    with open(regions, "w") as f:
        f.write("scan_id,ts,user_key,product_id,batch_id,serial,region,channel,device_os,amount_cents,flags\n")
        for i in range(70000):
            f.write(",".join(good[:6] + [f"region-{i}"] + good[7:]) + "\n")
    expect_failure(case.job([regions], "limits", expect_ok=False), 2, "more than 65536 distinct region names",
                   "region column")
    harness.check(not os.path.exists(os.path.join(case.work, "limits", "latest")), "a failed run published")


def users_all_alike(case):
    """Two users with the same scans: fewer distinct (R, F, M) points than k = 3. The run still
    publishes, with one cluster and tier, and says so in a warning."""
    alike = os.path.join(case.work, "alike.csv")
    with open(alike, "w") as f:
        f.write("scan_id,ts,user_key,product_id,batch_id,serial,region,channel,device_os,amount_cents,flags\n")
        for user in (11, 12):
            f.write(f"{user},2026-06-01 10:00:00,{user},P1,7,{user},Hebei,wechat,ios,990,1\n")
    p = case.job([alike], "alike_out", ["--itemcf.enabled", "false"])
    harness.check("k-means fitted 1 cluster(s), 2 fewer than kmeans.k" in p.stdout, f"no warning:\n{p.stdout}")
    attributes, _ = case.report("alike_out")
    harness.check(attributes["kmeans_k"] == 1, f"kmeans_k {attributes['kmeans_k']}")
    with open(os.path.join(case.work, "alike_out", "latest", "users.csv"), newline="") as f:
        tiers = sorted(r["tier"] for r in csv.DictReader(f))
    harness.check(tiers == ["high", "high"], f"tiers {tiers}")


def usage_errors(case):
    # Options are read before MPI starts: --help and a bad option answer once, from the first rank.
    p = harness.job(2, ["--help"])
    harness.check(p.stdout.count("qrmark-job: the nightly analytics job") == 1, f"help not printed once:\n{p.stdout}")
    p = harness.job(2, ["--no-such-option"], expect_ok=False)
    harness.check(p.returncode == 2 and p.stderr.count("unrecognised option '--no-such-option'") == 1,
                  f"exit {p.returncode}, stderr:\n{p.stderr}")
    segments = sorted(glob.glob(os.path.join(case.data, "*.seg")))
    missing = os.path.join(case.work, "no-such-dir", "scans.seg")
    expect_failure(case.job([missing], "u", expect_ok=False), 2, missing)
    expect_failure(case.job(segments, "u", keys=os.path.join(case.work, "nokeys"), expect_ok=False), 2,
                   "nokeys")
    expect_failure(case.job(segments, "u", as_of="2026-13-01", expect_ok=False), 2, "2026-13-01")
    expect_failure(case.job(segments, "u", ["--kmeans.k", "0"], expect_ok=False), 2, "kmeans.k")
    config = os.path.join(case.work, "bad.ini")
    with open(config, "w") as f:
        f.write("[kmeans]\nk = 3\nno_such_key = 1\n")
    expect_failure(case.job(segments, "u", ["--config", config], expect_ok=False), 2, "no_such_key")
    with open(config, "w") as f:
        f.write("[csv]\nuser = customer\ntimestamp = ts\nproduct = product_id\namount = amount_cents\n")
    expect_failure(case.job([os.path.join(case.data, "scans.csv")], "u", ["--config", config], expect_ok=False), 2,
                   "customer")
    empty = os.path.join(case.work, "empty.csv")
    open(empty, "w").close()
    expect_failure(case.job([empty], "u", expect_ok=False), 3, "no scan record")
    harness.check(not os.path.exists(os.path.join(case.work, "u", "latest")), "a failed run published")


def main():
    with harness.Workdir("bad-inputs") as work:
        case = Case(work)
        harness.keygen(case.keys)
        harness.gen(case.data, SCANS, 2000, 200, fmt="both", extra=["--segment-records", 5000])
        damaged_segments(case)
        bad_csv_rows(case)
        run_wide_limits(case)
        users_all_alike(case)
        usage_errors(case)
    print("PASS")


if __name__ == "__main__":
    main()
