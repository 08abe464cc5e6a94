// JobConfig: everything `qrmark-job` is told, as one plain struct.
//
// Filled by options.cc from the command line and the INI file (the command
// line wins) and checked there; the pipeline only reads it. jobs/README.md
// gives every key's meaning, unit and default. No Boost here.
#ifndef QRMARK_SRC_JOB_JOB_CONFIG_H_
#define QRMARK_SRC_JOB_JOB_CONFIG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "io/csv/column_map.h"

namespace qrmark::job {

// How the columns of a CSV input map onto a scan ([csv] section).
struct JobConfig {
  // [input]
  std::vector<std::string> inputs;  // files or directories (*.seg, *.csv inside)
  std::string input_format = "auto";  // auto (by extension) | scanlog | csv
  std::string catalog;              // product catalog CSV; empty: none
  qrmark::csv::CsvMapping csv;      // [csv]; no column mapped: `qrmark gen`'s scans.csv layout
  // [job]
  std::string as_of = "today";      // today | auto (day after the last scan) | YYYY-MM-DD[ HH:MM:SS]
  int window_days = 0;              // 0: every scan before as-of
  int utc_offset_minutes = 0;       // local time for hour-of-day figures
  int threads = 0;                  // OpenMP threads per rank; 0: OMP_NUM_THREADS or all cores
  double max_bad_fraction = 0.01;
  int64_t shuffle_batch_records = 1 << 18;
  // [output]
  std::string output_root = "out";
  std::string keys_dir;             // holds the signing key and the user-hash key
  std::string quarantine_dir;       // empty: <output_root>/quarantine
  std::string hdf5_compression = "none";  // integer columns of snapshot.h5: none | scale-offset
  // [features]
  int active_days = 30;
  int sleeping_days = 180;
  bool frequency_counts_visits = false;  // F = distinct scan times (invoices) instead of scans
  // [rfm]
  int rfm_bins = 3;
  std::string rfm_segments;         // empty: the default table for the bin count
  // [kmeans]
  int k = 3;
  std::vector<std::string> kmeans_features = {"recency", "frequency", "monetary"};
  int kmeans_max_iterations = 100;
  double kmeans_tolerance = 1e-6;
  int kmeans_restarts = 5;
  uint64_t kmeans_seed = 20261123;
  std::string kmeans_seeding = "kmeans++";  // kmeans++ | kmeans||
  std::vector<std::string> tier_names = {"high", "mid", "low"};
  std::vector<std::string> tier_strategies = {"important value: retain and upsell",
                                              "keep: nurture loyalty", "win back: reactivate"};
  // [aggregates]
  int suspicious_min_scans = 5;
  int suspicious_min_regions = 3;
  // [itemcf]
  bool itemcf = true;
  std::string itemcf_weighting = "log1p";  // binary | count | log1p
  double itemcf_half_life_days = 0;
  int itemcf_max_products_per_user = 200;
  int itemcf_top_k = 50;
  double itemcf_min_similarity = 0.0;
  int itemcf_min_support = 1;
  double itemcf_tag_neighbour_factor = 0.3;
  int itemcf_top_tags = 10;
  int itemcf_top_recs = 10;
  // Where the config came from, for the run report.
  std::string config_path;
};

}  // namespace qrmark::job

#endif  // QRMARK_SRC_JOB_JOB_CONFIG_H_
