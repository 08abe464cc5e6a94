// Stage timing, memory figures and the rank-0 progress log.
#include "src/job/stage.h"

#include <sys/resource.h>
#include <time.h>

#include <cstdio>

#include "src/base/civil_time.h"

namespace qrmark::job {

int64_t PeakRssBytes() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<int64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

void LogProgress(const Comm& comm, const std::string& line) {
  if (comm.rank() != 0) return;
  std::printf("%s qrmark-job %s\n", FormatUtc(static_cast<int64_t>(::time(nullptr))).c_str(), line.c_str());
  std::fflush(stdout);
}

Stage::Stage(Comm& comm, StageLog& log, std::string name)
    : comm_(comm),
      log_(log),
      name_(std::move(name)),
      start_(std::chrono::steady_clock::now()),
      collective_start_(comm.collective_seconds()) {
  LogProgress(comm_, "stage=" + name_ + " start");
}

void Stage::Finish(int64_t local_records) {
  const double local_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double local_comm_seconds = comm_.collective_seconds() - collective_start_;
  StageFigures f;
  f.name = name_;
  f.seconds = comm_.MaxOf(local_seconds);
  f.comm_seconds = comm_.MaxOf(local_comm_seconds);
  f.comm_seconds_min = comm_.MinOf(local_comm_seconds);
  f.records = comm_.SumOf(local_records);
  const int64_t rss = PeakRssBytes();
  f.peak_rss_bytes_max = comm_.MaxOf(rss);
  f.peak_rss_bytes_sum = comm_.SumOf(rss);
  log_.push_back(f);
  char line[256];
  std::snprintf(line, sizeof line,
                "stage=%s done secs=%.3f comm_secs=%.3f comm_secs_min=%.3f records=%lld rate=%.3g/s "
                "peak_rss_mb_max=%.1f peak_rss_mb_sum=%.1f",
                name_.c_str(), f.seconds, f.comm_seconds, f.comm_seconds_min, static_cast<long long>(f.records),
                f.seconds > 0 ? static_cast<double>(f.records) / f.seconds : 0.0,
                static_cast<double>(f.peak_rss_bytes_max) / 1048576.0,
                static_cast<double>(f.peak_rss_bytes_sum) / 1048576.0);
  LogProgress(comm_, line);
}

}  // namespace qrmark::job
