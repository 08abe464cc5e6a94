"""qrmark-job killed at any moment leaves the previous snapshot published and intact.

A first run publishes. Then runs on 2 ranks are killed with SIGKILL (the whole process group:
mpirun and both ranks): three early in the run, six during the snapshot stage (timed from its
"stage=snapshot start" progress line, at fractions of the stage's time in the first run). After each kill: `latest` still
names a snapshot that `qrmark verify-snapshot` accepts, every directory under snapshots/ is
complete and verifies (half-written ones only ever live in .tmp-<id>/), and a rerun publishes
a new snapshot over whatever the killed run left behind.
"""
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402


def job_command(work, keys, data, out):
    return ["mpirun", "-n", "2", harness.JOB, "--threads", "1", "--keys", keys, "--input", data,
            "--input.catalog", os.path.join(data, "catalog.csv"), "--as-of", "2026-11-23", "--output-root", out]


def verify(path, keys):
    return subprocess.run([harness.QRMARK, "verify-snapshot", path, "--keys", keys], capture_output=True,
                          text=True, env=harness.MPI_ENV).returncode == 0


def check_published_state(out, keys, label):
    latest = os.path.join(out, "latest")
    harness.check(os.path.islink(latest) and verify(latest, keys), f"{label}: latest missing or does not verify")
    snapshots = os.path.join(out, "snapshots")
    for name in os.listdir(snapshots):
        harness.check(verify(os.path.join(snapshots, name), keys), f"{label}: snapshots/{name} does not verify")


def wait_for_group_gone(pgid, label):
    """Every process of the killed run (mpirun and its ranks) is gone: none can publish later."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError(f"{label}: processes of the killed run are still alive")


def main():
    with harness.Workdir("job-killed") as work:
        keys = harness.keygen(os.path.join(work, "keys"))
        data = harness.gen(os.path.join(work, "data"), 400000, 40000, 500)
        out = os.path.join(work, "out")
        command = job_command(work, keys, data, out)
        start = time.monotonic()
        first_run = harness.run(command)
        full_run_s = time.monotonic() - start
        first = os.readlink(os.path.join(out, "latest"))
        snapshot_s = float(re.search(r"stage=snapshot done secs=([0-9.]+)", first_run.stdout).group(1))

        kills = 0
        # Early kills by time, then kills timed from the start of the snapshot stage, when the
        # HDF5 file, the CSVs and the manifest are being written and renamed into place: at
        # fractions of the stage as the first run took it (a faster build must still be caught
        # in it).
        moments = [("time", f) for f in (0.1, 0.3, 0.5)] + [("snapshot", f * snapshot_s)
                                                            for f in (0, 0.1, 0.25, 0.5, 0.7, 0.85)]
        for kind, value in moments:
            label = f"killed at {value:.0%} of a run" if kind == "time" else f"killed {value} s into the snapshot"
            job = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                   env=harness.MPI_ENV, start_new_session=True)
            if kind == "time":
                time.sleep(full_run_s * value)
            else:
                for line in job.stdout:  # the progress log
                    if "stage=snapshot start" in line:
                        break
                time.sleep(value)
            if job.poll() is None:
                os.killpg(job.pid, signal.SIGKILL)
                kills += 1
            job.stdout.close()
            job.wait(timeout=60)
            wait_for_group_gone(job.pid, label)
            # latest is the previous snapshot, or (killed after the final rename) the new one, whole.
            check_published_state(out, keys, label)
        harness.check(kills >= 7, f"only {kills} runs were still going when killed: the data set is too small")

        harness.run(command)
        check_published_state(out, keys, "rerun")
        harness.check(os.readlink(os.path.join(out, "latest")) != first, "the rerun did not publish")
        print(f"PASS ({kills} runs killed; a full run takes {full_run_s:.2f} s)")


if __name__ == "__main__":
    main()
