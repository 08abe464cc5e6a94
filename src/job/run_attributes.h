// The run's own metadata in the snapshot: as-of and window, inputs with
// sizes and checksums, counts in and rejected by reason, per-stage figures,
// ranks and threads, program version and the effective configuration.
//
// The job collects `RunFacts` as it goes; `AddRunAttributes` turns them into
// root attributes (SCHEMA.md, "Attributes written by qrmark-job"), and
// `RunWarnings` into the lines `qrmark inspect` and the summary print. Pure.
#ifndef QRMARK_SRC_JOB_RUN_ATTRIBUTES_H_
#define QRMARK_SRC_JOB_RUN_ATTRIBUTES_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "io/snapshot/table.h"
#include "src/ingest/ingest.h"
#include "src/job/job_config.h"
#include "src/job/pipeline.h"
#include "src/job/stage.h"

namespace qrmark::job {

struct RunFacts {
  int ranks = 1, threads = 1;
  int64_t as_of_s = 0, window_begin_s = 0;
  ingest::IngestStats ingest;
  std::string quarantine_dir;
  int64_t shuffle_bytes_sent = 0;  // all ranks
  int64_t catalog_products_listed = 0;
  int64_t itemcf_capped_users = 0;
  int kmeans_clusters_missing = 0;  // kmeans.k less the clusters fitted (too few distinct users)
  int64_t users = 0;
  std::vector<std::string> warnings;
};

// What a reader of the snapshot should know about this run, in words.
std::vector<std::string> RunWarnings(const RunFacts& facts, const RunSummary& summary);

// Adds the run's attributes to `attributes` (names listed in SCHEMA.md).
void AddRunAttributes(const JobConfig& config, const RunFacts& facts, const StageLog& stages,
                      std::map<std::string, snapshot::AttributeValue>& attributes);

}  // namespace qrmark::job

#endif  // QRMARK_SRC_JOB_RUN_ATTRIBUTES_H_
