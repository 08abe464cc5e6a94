"""Shared helpers for the end-to-end tests: run the real programs, under mpirun where needed.

Each test script gets the build directory as its only argument and works in its own
temporary directory, which it removes on success and keeps (and prints) on failure.
"""
import os
import shutil
import subprocess
import sys
import tempfile

BUILD = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.abspath("build")
SOURCE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
QRMARK = os.path.join(BUILD, "src", "admin", "qrmark")
JOB = os.path.join(BUILD, "src", "job", "qrmark-job")
MPI_ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1", OMPI_MCA_hwloc_base_binding_policy="none")


class Workdir:
    """A temporary directory kept when the test fails."""

    def __init__(self, name):
        self.path = tempfile.mkdtemp(prefix=f"qrmark-{name}-")

    def __enter__(self):
        return self.path

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            shutil.rmtree(self.path, ignore_errors=True)
        else:
            print(f"kept work directory {self.path}", file=sys.stderr)
        return False


def run(args, expect_ok=True, env=None, timeout=600):
    """Runs a command; returns the CompletedProcess. Fails loudly with its output when the
    exit status is not what was expected."""
    p = subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env or MPI_ENV,
                       timeout=timeout)
    if expect_ok and p.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, args))} exited {p.returncode}\n"
                             f"--- stdout\n{p.stdout}\n--- stderr\n{p.stderr}")
    if not expect_ok and p.returncode == 0:
        raise AssertionError(f"{' '.join(map(str, args))} succeeded but should have failed\n{p.stdout}")
    return p


def job(ranks, args, threads=1, expect_ok=True, env_extra=None):
    """qrmark-job under mpirun with `ranks` ranks and `threads` OpenMP threads each;
    `env_extra`: more environment variables for it."""
    env = dict(MPI_ENV, OMP_NUM_THREADS=str(threads), **(env_extra or {}))
    return run(["mpirun", "-n", ranks, JOB, "--threads", threads] + list(args), expect_ok, env)


def keygen(dirpath):
    run([QRMARK, "keygen", "--dir", dirpath])
    return dirpath


def gen(out, scans, users, products, fmt="scanlog", seed=7, extra=()):
    run([QRMARK, "gen", "--out", out, "--scans", scans, "--users", users, "--products", products,
         "--days", 365, "--end-date", "2026-11-22", "--seed", seed, "--format", fmt] + list(extra))
    return out


def check(cond, message):
    if not cond:
        raise AssertionError(message)
