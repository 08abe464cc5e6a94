# shellcheck shell=bash
# `local-cluster.sh up` (sourced by it): starts what is not running, in
# dependency order, each daemon waited for before the next; restarts the Slurm
# daemons when the generated slurm.conf changed (e.g. another --cpus).
# Uses alive, wait_for, wait_daemon, fail_with_log, $s, $acct, $cpus, $marker.

start_munged() {
  mkdir -p "$s/munge"
  chmod 755 "$s/munge"   # munged refuses a socket directory without o+x
  [[ -f $s/munge/munge.key ]] || mungekey --create --keyfile="$s/munge/munge.key"
  env "$marker" munged --key-file="$s/munge/munge.key" --socket="$s/munge/munge.socket.2" \
    --pid-file="$s/munge/munged.pid" --log-file="$s/munge/munged.log" \
    --seed-file="$s/munge/munged.seed" --force || fail_with_log "$s/munge/munged.log" munged
  wait_daemon 10 munged munge -S "$s/munge/munge.socket.2" -n || fail_with_log "$s/munge/munged.log" munged
}

start_mariadbd() {
  mkdir -p "$s/db"
  if [[ ! -d $s/db/data/mysql ]]; then
    rm -rf "$s/db/data"
    mariadb-install-db --no-defaults --user=root --datadir="$s/db/data" --skip-test-db \
      --auth-root-authentication-method=socket --innodb-log-file-size=16M >"$s/log/mariadb-install.log" 2>&1 ||
      fail_with_log "$s/log/mariadb-install.log" mariadb-install-db
  fi
  [[ -s $s/db/password ]] || (umask 077; od -An -N12 -tx1 /dev/urandom | tr -d ' \n' >"$s/db/password")
  # shellcheck disable=SC2046  # mariadb_args prints one word per option
  env "$marker" setsid mariadbd $(mariadb_args "$s") </dev/null >/dev/null 2>&1 &
  wait_daemon 30 mariadbd mariadb-admin --socket="$s/db/mysqld.sock" ping ||
    fail_with_log "$s/log/mariadbd.log" mariadbd
  mariadb --socket="$s/db/mysqld.sock" -e "CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1'
    IDENTIFIED BY '$(cat "$s/db/password")'; GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';"
}

start_slurmdbd() {
  write_slurmdbd_conf "$s"
  env "$marker" slurmdbd || fail_with_log "$s/log/slurmdbd.log" slurmdbd
  wait_daemon 60 slurmdbd timeout 5 sacctmgr -n show cluster || fail_with_log "$s/log/slurmdbd.log" slurmdbd
}

start_slurmctld() {
  env "$marker" slurmctld || fail_with_log "$s/log/slurmctld.log" slurmctld
  wait_daemon 15 slurmctld scontrol ping || fail_with_log "$s/log/slurmctld.log" slurmctld
}

start_slurmd() {
  env "$marker" slurmd -N localhost || fail_with_log "$s/log/slurmd.log" slurmd
}

node_ready() { [[ $(sinfo -h -n localhost -o %T) =~ ^(idle|mixed|allocated|completing)$ ]]; }

cluster_up() {
  mkdir -p "$s/etc" "$s/run" "$s/log" "$s/state" "$s/spool" "$s/pmix"
  write_slurm_conf "$s" "$cpus" "$acct"
  write_mpi_conf "$s"
  if ! cmp -s "$s/etc/slurm.conf.new" "$s/etc/slurm.conf" || ! cmp -s "$s/etc/mpi.conf.new" "$s/etc/mpi.conf"; then
    stop_daemon slurmd
    stop_daemon slurmctld
    mv "$s/etc/slurm.conf.new" "$s/etc/slurm.conf"
    mv "$s/etc/mpi.conf.new" "$s/etc/mpi.conf"
  else
    rm -f "$s/etc/slurm.conf.new" "$s/etc/mpi.conf.new"
  fi
  local d t0 started=""
  for d in $(daemons); do
    alive "$d" >/dev/null && continue
    t0=$EPOCHREALTIME
    "start_$d"
    started+=" $d $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1fs", b - a}')"
  done
  if ! wait_for 20 "node localhost to be idle" node_ready; then
    scontrol update nodename=localhost state=resume 2>/dev/null || true
    wait_for 10 "node localhost to be idle" node_ready || fail_with_log "$s/log/slurmd.log" slurmd
  fi
  echo "local-cluster: up ($(daemons | wc -w) daemons, $cpus CPUs, accounting $acct; started:${started:- none})"
  echo "local-cluster: export SLURM_CONF=$SLURM_CONF"
}
