// `qrmark gen`: writes a synthetic data set (scans and catalog) to a directory.
//
// Output: catalog.csv (io/catalog), and scans as sealed segments
// scans-0000.seg, scans-0001.seg, ... of `segment_records` each
// (io/scanlog) and/or scans.csv with the header
// scan_id,ts,user_key,product_id,batch_id,serial,region,channel,device_os,amount_cents,flags
// (ts "YYYY-MM-DD HH:MM:SS" UTC, region by name; csv::ScanCsvMapping reads
// it). Deterministic: the same options give the same bytes. Streams one day
// at a time, so memory does not grow with the number of scans.
//
// Example:
//   GenOptions opt;
//   opt.out_dir = "data"; opt.scans = 10'000'000; opt.write_csv = true;
//   QRMARK_ASSIGN_OR_RETURN(GenSummary s, Generate(opt));
#ifndef QRMARK_SRC_SYNTH_GENERATOR_H_
#define QRMARK_SRC_SYNTH_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "src/base/status.h"

namespace qrmark::synth {

struct GenOptions {
  std::string out_dir;
  uint64_t scans = 1000000;
  uint32_t users = 100000;
  uint32_t products = 2000;
  uint32_t days = 365;
  int64_t end_date_s = 0;  // midnight UTC of the last day
  uint64_t seed = 1;
  bool write_scanlog = true;
  bool write_csv = false;
  uint64_t segment_records = 1 << 20;
};

struct GenSummary {
  std::vector<std::string> files;  // every file written, in order
  uint64_t scans = 0;
};

// Writes the data set. InvalidArgument for zero counts; AlreadyExists when
// an output file exists (never overwrites); IoError naming the path.
[[nodiscard]] Result<GenSummary> Generate(const GenOptions& options);

}  // namespace qrmark::synth

#endif  // QRMARK_SRC_SYNTH_GENERATOR_H_
