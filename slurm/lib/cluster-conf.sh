# shellcheck shell=bash
# Config writers for slurm/local-cluster.sh (sourced, not run): slurm.conf,
# mpi.conf, slurmdbd.conf and the MariaDB options of a single-node
# development cluster whose every file lives under one state directory.
# Facts behind each line: ../shared/notes/slurm-mpi-hdf5.md section 2.2. Not
# a template for a site.

# write_slurm_conf STATE CPUS ACCOUNTING(dbd|none): writes etc/slurm.conf.new;
# the caller compares it with the running etc/slurm.conf and moves it.
write_slurm_conf() {
  local s=$1 cpus=$2 acct=$3 mem
  mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
  cat >"$s/etc/slurm.conf.new" <<EOF
# Written by slurm/local-cluster.sh; regenerated on every \`up\`.
ClusterName=${QRMARK_SLURM_CLUSTER:-qrmark}
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
SlurmctldPort=${QRMARK_SLURMCTLD_PORT:-6817}
SlurmdPort=${QRMARK_SLURMD_PORT:-6818}
AuthType=auth/munge
AuthInfo=socket=$s/munge/munge.socket.2,cred_expire=${QRMARK_SLURM_CRED_EXPIRE:-10}
CredType=cred/munge
StateSaveLocation=$s/state
SlurmdSpoolDir=$s/spool
SlurmctldPidFile=$s/run/slurmctld.pid
SlurmdPidFile=$s/run/slurmd.pid
SlurmctldLogFile=$s/log/slurmctld.log
SlurmdLogFile=$s/log/slurmd.log
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=pmix
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0,sched_interval=2,bf_interval=2
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
EnforcePartLimits=ALL
ReturnToService=2
ScronParameters=enable
MinJobAge=3600
JobCompType=jobcomp/filetxt
JobCompLoc=$s/log/jobcomp.log
EOF
  if [[ $acct == dbd ]]; then
    cat >>"$s/etc/slurm.conf.new" <<EOF
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStoragePort=${QRMARK_SLURMDBD_PORT:-6819}
AccountingStoragePass=$s/munge/munge.socket.2
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=task=5
EOF
  else
    echo "AccountingStorageType=accounting_storage/none" >>"$s/etc/slurm.conf.new"
    echo "JobAcctGatherType=jobacct_gather/none" >>"$s/etc/slurm.conf.new"
  fi
  cat >>"$s/etc/slurm.conf.new" <<EOF
NodeName=localhost CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=${QRMARK_SLURM_PARTITION:-debug} Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

# write_mpi_conf STATE: writes etc/mpi.conf.new, as write_slurm_conf does.
# The PMIx plugin's per-step client directories (spmix_appdir_<uid>_<job>.
# <step>) go under this cluster's state instead of /tmp: job ids start again
# at 1 in every new cluster, and a step killed mid-run leaves its directory
# behind, which made a later cluster's step of the same id fail to launch
# ("Cannot create directory ... File exists").
write_mpi_conf() {
  local s=$1
  cat >"$s/etc/mpi.conf.new" <<EOF
# Written by slurm/local-cluster.sh; regenerated on every \`up\`.
PMIxCliTmpDirBase=$s/pmix
EOF
}

# write_slurmdbd_conf STATE: slurmdbd refuses a config readable by others.
write_slurmdbd_conf() {
  local s=$1
  umask 077
  cat >"$s/etc/slurmdbd.conf" <<EOF
AuthType=auth/munge
AuthInfo=socket=$s/munge/munge.socket.2
DbdHost=localhost
DbdPort=${QRMARK_SLURMDBD_PORT:-6819}
SlurmUser=root
PidFile=$s/run/slurmdbd.pid
LogFile=$s/log/slurmdbd.log
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=${QRMARK_MARIADB_PORT:-6833}
StorageUser=slurm
StoragePass=$(cat "$s/db/password")
StorageLoc=slurm_acct_db
EOF
  chmod 600 "$s/etc/slurmdbd.conf"
}

# mariadb_args STATE: the server's options (TCP on loopback only, small logs,
# no fsync per commit: a development cluster trades durability for speed).
mariadb_args() {
  local s=$1
  echo --no-defaults --user=root --datadir="$s/db/data" --socket="$s/db/mysqld.sock" \
    --pid-file="$s/run/mariadbd.pid" --log-error="$s/log/mariadbd.log" \
    --port="${QRMARK_MARIADB_PORT:-6833}" --bind-address=127.0.0.1 --skip-name-resolve \
    --innodb-buffer-pool-size=64M --innodb-log-file-size=16M --innodb-flush-log-at-trx-commit=0
}
