// Stage: times one stage of the nightly job and reports it from rank 0.
//
// A `Stage` is started by constructing it and ended by `Finish(records)`,
// which is collective (all ranks call it): it takes the slowest rank's wall
// time, the time the ranks spent in qrmark's collectives (most and least;
// HDF5's own MPI-IO is not counted), the summed records and the peak
// resident memory (max and sum over ranks), prints one line a data engineer can follow in a Slurm output file,
// and appends the same figures to the `StageLog`, which goes into the
// snapshot's metadata.
//
// Example:
//   Stage stage(comm, log, "features");
//   ... compute ...
//   stage.Finish(users.size());
//   // 2026-11-23T02:31:07Z qrmark-job stage=features secs=0.84 records=1200000 rate=1.43e+06/s ...
#ifndef QRMARK_SRC_JOB_STAGE_H_
#define QRMARK_SRC_JOB_STAGE_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "src/dist/comm.h"

namespace qrmark::job {

struct StageFigures {
  std::string name;
  double seconds = 0;          // slowest rank's wall time
  double comm_seconds = 0;      // the most time a rank spent in collectives (waiting for others included)
  double comm_seconds_min = 0;  // the least: far below comm_seconds, the ranks were out of balance
  int64_t records = 0;         // summed over ranks
  int64_t peak_rss_bytes_max = 0;  // the largest rank's peak resident set at the end of the stage
  int64_t peak_rss_bytes_sum = 0;  // summed over ranks
};

using StageLog = std::vector<StageFigures>;

// Peak resident set size of this process so far, in bytes (getrusage).
int64_t PeakRssBytes();

// Prints `line` with a UTC timestamp prefix on rank 0 only, and flushes.
void LogProgress(const Comm& comm, const std::string& line);

class Stage {
 public:
  Stage(Comm& comm, StageLog& log, std::string name);
  // Collective: all ranks call it once. `local_records` is this rank's count.
  void Finish(int64_t local_records);

 private:
  Comm& comm_;
  StageLog& log_;
  std::string name_;
  std::chrono::steady_clock::time_point start_;
  double collective_start_;  // comm.collective_seconds() at the start
};

}  // namespace qrmark::job

#endif  // QRMARK_SRC_JOB_STAGE_H_
