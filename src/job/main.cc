// qrmark-job: the nightly analytics job. Run it under mpirun or srun; every
// rank runs this same main. Exit status: 0 published, 2 bad options or
// config (a missing input or key file included), 3 bad input data (too many
// rejected records, or none to compute on), 1 any other failure.
#include <malloc.h>
#include <omp.h>

#include <cstdio>
#include <cstdlib>

#include "src/dist/mpi_comm.h"
#include "src/job/options.h"
#include "src/job/pipeline.h"

namespace {

// This process's rank as the launcher (mpirun, srun) numbers it, or 0 when
// started alone: known before MPI starts, so that --help and option errors
// print once and return at once (starting MPI costs about 0.4 s).
int LauncherRank() {
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID"}) {
    if (const char* value = std::getenv(name)) return std::atoi(value);
  }
  return 0;
}

int ExitCodeOf(const qrmark::Status& status) {
  switch (status.code()) {
    case qrmark::StatusCode::kInvalidArgument:
    case qrmark::StatusCode::kNotFound: return 2;
    case qrmark::StatusCode::kDataLoss: return 3;
    default: return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // malloc's limits, fixed for the whole run (setting them turns glibc's own
  // adjustment off). Blocks of 4 MiB and more get mappings of their own,
  // returned to the system when freed: glibc would raise that limit after
  // the first such free, and buffers that come and go stage by stage would
  // then stay in the heap, raising the run's peak memory. (Scan chunks,
  // shuffle results and, while a page relay lives, every block of 1 MiB or
  // more have mappings of their own: src/base/page_relay.h, slab_new.cc.)
  // Up to 64 MiB free at the heap's top is kept rather than given back, so
  // a buffer freed and taken again block after block (the CSV exports')
  // reuses its pages: with glibc's 128 KiB, rank 0 spent 0.21-0.37 s of
  // system time in the users.csv write at 50 M scans, against 0.12-0.19 s.
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  // Every rank parses the same arguments and config file to the same result.
  qrmark::Result<qrmark::job::ParsedOptions> parsed = qrmark::job::ParseJobOptions(argc, argv);
  const bool first_rank = LauncherRank() == 0;
  if (!parsed.ok()) {
    if (first_rank) std::fprintf(stderr, "qrmark-job: %s\nRun qrmark-job --help for the options.\n",
                                 parsed.status().ToString().c_str());
    return 2;
  }
  if (parsed->help) {
    if (first_rank) std::fputs(parsed->text.c_str(), stdout);
    return 0;
  }
  qrmark::MpiRuntime mpi(&argc, &argv);
  qrmark::MpiComm world = qrmark::MpiComm::World();
  const bool speaker = world.rank() == 0;
  const qrmark::job::JobConfig& config = parsed->config;
  if (config.threads > 0) omp_set_num_threads(config.threads);
  qrmark::Result<qrmark::job::RunSummary> run = qrmark::job::RunNightly(world, config);
  if (!run.ok()) {
    if (speaker) {
      std::fprintf(stderr, "qrmark-job: failed: %s\nNothing was published; the previous snapshot stays latest.\n",
                   run.status().ToString().c_str());
    }
    return ExitCodeOf(run.status());
  }
  if (speaker) std::fputs(qrmark::job::FormatSummary(*run).c_str(), stdout);
  return 0;
}
