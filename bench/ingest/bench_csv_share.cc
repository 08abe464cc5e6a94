// Times one rank's CSV share read (parse, clean, keep) without MPI: the
// part of the nightly job's ingest that reads a CSV input.
//
// usage: bench_csv_share <scans.csv> [ranks=2] [rank=0] [repeats=3]
// Reads rank `rank`'s byte range of `ranks` equal ranges with the layout of
// `qrmark gen`'s scans.csv, prints wall seconds, user and system CPU seconds
// (the parse, and the kernel's copies and fresh pages) and records per second.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "src/ingest/local_ingest.h"

namespace {

// This process's user and system CPU seconds so far.
void CpuSeconds(double* user, double* system) {
  rusage usage;
  ::getrusage(RUSAGE_SELF, &usage);
  *user = static_cast<double>(usage.ru_utime.tv_sec) + 1e-6 * static_cast<double>(usage.ru_utime.tv_usec);
  *system = static_cast<double>(usage.ru_stime.tv_sec) + 1e-6 * static_cast<double>(usage.ru_stime.tv_usec);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace qrmark;
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_csv_share <scans.csv> [ranks=2] [rank=0] [repeats=3]\n");
    return 2;
  }
  const int ranks = argc > 2 ? std::atoi(argv[2]) : 2;
  const int rank = argc > 3 ? std::atoi(argv[3]) : 0;
  const int repeats = argc > 4 ? std::atoi(argv[4]) : 3;
  ingest::IngestOptions options;
  options.inputs = {{argv[1], ingest::InputFormat::kCsv}};
  options.csv = csv::ScanCsvMapping();
  for (int i = 0; i < repeats; ++i) {
    Result<std::unique_ptr<ingest::QuarantineSink>> quarantine = ingest::QuarantineSink::Open("", rank);
    if (!quarantine.ok()) return 1;
    ingest::LocalIngest acc(options, quarantine->get());
    double user0, system0, user1, system1;
    CpuSeconds(&user0, &system0);
    const auto start = std::chrono::steady_clock::now();
    ingest::CsvShareRead share;  // the range start's state is assumed, as the job's first reading does
    Status read = ingest::ReadCsvShare(0, rank, ranks, std::nullopt, &acc, options, &share);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CpuSeconds(&user1, &system1);
    if (!read.ok()) {
      std::fprintf(stderr, "%s\n", read.ToString().c_str());
      return 1;
    }
    std::printf("read=%lld accepted=%lld secs=%.3f user_s=%.3f system_s=%.3f rate=%.3g/s\n",
                static_cast<long long>(acc.read), static_cast<long long>(acc.accepted), secs, user1 - user0,
                system1 - system0, static_cast<double>(acc.read) / secs);
  }
  return 0;
}
