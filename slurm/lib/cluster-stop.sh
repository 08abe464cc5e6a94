# shellcheck shell=bash
# `local-cluster.sh down` (sourced by it): cancel jobs, stop daemons in reverse
# order (TERM, then KILL after 10 s), then kill any process left that carries
# this cluster's marker (slurmstepd, job steps), never the caller's own chain.
# Uses alive, wait_for, daemons, $s and $marker.

# stop_daemon NAME: TERM, wait until gone (or a zombie), KILL if it hangs.
stop_daemon() {
  local pid
  pid=$(alive "$1") || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  if ! wait_for 10 "$1 (pid $pid) to exit" eval "! alive $1"; then
    kill -KILL "$pid" 2>/dev/null || true
    wait_for 5 "$1 (pid $pid) to die" eval "! alive $1" || true
  fi
}

cancel_jobs() {
  alive slurmctld >/dev/null || return 0
  local jobs
  jobs=$(squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ')
  [[ -n ${jobs// /} ]] || return 0
  # shellcheck disable=SC2086  # one job id per word
  scancel $jobs 2>/dev/null || true
  wait_for 15 "jobs to be cancelled" eval '[[ -z $(squeue -h -t R,CG,S 2>/dev/null) ]]' || true
}

# The PIDs of this shell and its ancestors: a caller may carry the marker.
own_chain() {
  local p=$$
  while [[ $p -gt 1 ]]; do
    echo "$p"
    p=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | cut -d' ' -f2) || break
  done
}

sweep_marked() {
  local chain f p
  chain=" $(own_chain | tr '\n' ' ') "
  for f in $(grep -lzxF "$marker" /proc/[0-9]*/environ 2>/dev/null); do
    p=${f#/proc/}
    p=${p%/environ}
    [[ $chain == *" $p "* ]] && continue
    echo "local-cluster: killing leftover $(cat "/proc/$p/comm" 2>/dev/null) (pid $p)" >&2
    kill -KILL "$p" 2>/dev/null || true
  done
}

cluster_down() {
  cancel_jobs
  if alive slurmctld >/dev/null; then
    timeout 5 scontrol shutdown >/dev/null 2>&1 || true
  fi
  local d
  for d in slurmd slurmctld slurmdbd mariadbd munged; do
    stop_daemon "$d"
  done
  sweep_marked
  echo "local-cluster: down"
}
