#!/usr/bin/env bash
# A single-node Slurm cluster for development and the `slurm` tests: munge,
# MariaDB + slurmdbd (so `sacct` answers as on a site), slurmctld and slurmd,
# every file under the state directory the caller names. Not for production.
#
#   slurm/local-cluster.sh up|down|status --state DIR [--cpus N] [--accounting dbd|none]
#   eval "$(slurm/local-cluster.sh env --state DIR)"     # SLURM_CONF for the clients
#
# up and down are idempotent; a daemon counts as running only if its PID file
# names a live, non-zombie process with the right name (kill -0 is true for
# zombies and reused PIDs). down cancels jobs, stops every daemon and then
# kills anything still carrying this cluster's marker in its environment.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/cluster-conf.sh
source "$here/lib/cluster-conf.sh"

die() { echo "local-cluster: $*" >&2; exit 1; }
usage() { die "usage: local-cluster.sh up|down|status|env --state DIR [--cpus N] [--accounting dbd|none]"; }

[[ $# -ge 1 ]] || usage
cmd=$1; shift
state="" cpus=$(nproc) acct=${QRMARK_SLURM_ACCOUNTING:-dbd}
while [[ $# -gt 0 ]]; do
  case $1 in
    --state) state=${2:?}; shift 2 ;;
    --cpus) cpus=${2:?}; shift 2 ;;
    --accounting) acct=${2:?}; shift 2 ;;
    *) usage ;;
  esac
done
[[ -n $state ]] || usage
[[ $acct == dbd || $acct == none ]] || die "--accounting must be dbd or none, not '$acct'"
mkdir -p "$state"
s=$(cd "$state" && pwd)
export SLURM_CONF=$s/etc/slurm.conf
# Only `up` chooses; the other commands follow the cluster as it was brought up.
if [[ $cmd != up && -f $SLURM_CONF ]]; then
  grep -q accounting_storage/slurmdbd "$SLURM_CONF" && acct=dbd || acct=none
fi
marker="QRMARK_LOCAL_CLUSTER=$s"

# alive NAME: prints the daemon's PID if it runs (state not Z/X, comm matches).
alive() {
  local name=$1 f pid st
  case $name in
    munged) f=$s/munge/munged.pid ;;
    *) f=$s/run/$name.pid ;;
  esac
  [[ -r $f ]] || return 1
  pid=$(tr -dc 0-9 <"$f")
  [[ -n $pid && -r /proc/$pid/stat ]] || return 1
  st=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [[ $st != Z && $st != X && $(cat "/proc/$pid/comm" 2>/dev/null) == "$name" ]] || return 1
  echo "$pid"
}

# wait_for SECONDS WHAT CMD...: polls CMD every 0.1 s.
wait_for() {
  local limit=$1 what=$2 i; shift 2
  for ((i = 0; i < limit * 10; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "local-cluster: timed out after ${limit}s waiting for $what" >&2
  return 1
}

# wait_daemon SECONDS NAME CMD...: like wait_for, but gives up as soon as the
# daemon has exited (after a 2 s grace for its PID file), e.g. on a busy port.
wait_daemon() {
  local limit=$1 name=$2 i; shift 2
  for ((i = 0; i < limit * 10; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    if [[ $i -ge 20 ]] && ! alive "$name" >/dev/null; then
      echo "local-cluster: $name exited during start-up" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "local-cluster: timed out after ${limit}s waiting for $name" >&2
  return 1
}

# fail_with_log LOG WHAT: prints the end of a daemon's log and exits.
fail_with_log() {
  echo "local-cluster: $2 did not start; last lines of $1:" >&2
  tail -n 20 "$1" >&2 2>/dev/null || true
  exit 1
}

daemons() { [[ $acct == dbd ]] && echo munged mariadbd slurmdbd slurmctld slurmd || echo munged slurmctld slurmd; }

# shellcheck source=lib/cluster-start.sh
source "$here/lib/cluster-start.sh"
# shellcheck source=lib/cluster-stop.sh
source "$here/lib/cluster-stop.sh"

case $cmd in
  up) cluster_up ;;
  down) cluster_down ;;
  env) echo "export SLURM_CONF=$SLURM_CONF" ;;
  status)
    rc=0
    for d in $(daemons); do
      if pid=$(alive "$d"); then echo "$d running pid $pid"; else echo "$d stopped"; rc=1; fi
    done
    if [[ $rc -eq 0 ]]; then scontrol ping | head -n1; sinfo -h -o '%P %a %D %T %N'; fi
    exit $rc ;;
  *) usage ;;
esac
