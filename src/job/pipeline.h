// The nightly job, stage by stage: ingest → shuffle → suspicious serials →
// features → RFM → k-means tiers → item-CF → aggregates → snapshot.
//
// `RunNightly` is the whole job as one collective call: every rank calls it
// with the same config, and every rank returns the same Status. Each stage is
// timed by a `Stage` (stage.h), logged from rank 0, and recorded in the
// snapshot's metadata. The stages' kernels live in their own folders; this
// file only moves their results from one to the next.
//
// Example (main.cc):
//   MpiComm world = MpiComm::World();
//   Result<RunSummary> run = RunNightly(world, config);
#ifndef QRMARK_SRC_JOB_PIPELINE_H_
#define QRMARK_SRC_JOB_PIPELINE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "src/base/status.h"
#include "src/dist/comm.h"
#include "src/job/job_config.h"

namespace qrmark::job {

// What a data engineer reads at the end of the run (the same on every rank).
struct RunSummary {
  std::string snapshot_id;
  std::string snapshot_dir;  // root/snapshots/<id>
  std::string as_of_utc;     // "2026-11-23T00:00:00Z"
  int64_t records_read = 0, records_accepted = 0, records_anonymous = 0, records_rejected = 0,
          records_outside_window = 0;
  int64_t users = 0, products = 0, suspicious_serials = 0;
  std::vector<std::string> tier_names;
  std::vector<int64_t> users_per_tier;
  double inertia = 0;
  double seconds = 0;
  std::vector<std::string> warnings;
};

// Runs the job. Errors name what is wrong and where: InvalidArgument (a
// config value the stages refuse), NotFound/IoError (an input, the catalog or
// a key), DataLoss (too much bad input: counts by reason and the quarantine
// directory), FailedPrecondition (too few distinct users for k clusters).
// On any error nothing is published and `latest` is unchanged.
// Collective: all ranks call it.
[[nodiscard]] Result<RunSummary> RunNightly(Comm& comm, const JobConfig& config);

// The summary as the few lines printed at the end of the run.
std::string FormatSummary(const RunSummary& summary);

}  // namespace qrmark::job

#endif  // QRMARK_SRC_JOB_PIPELINE_H_
