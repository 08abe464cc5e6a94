// The ingest stage: every rank reads its share of every input, cleans it and
// keeps the accepted scans, with dictionaries and counts that agree globally.
//
// Collective: all ranks call `Ingest` with the same options. Rank r reads
// only its record range of each segment (scanlog::RecordRangeOf) and the CSV
// records that start in its byte range (EvenByteRange), which may span lines
// and range boundaries (io/csv/FORMAT.md); no rank reads the whole input. Rejected records go to the quarantine (quarantine.h) and are
// counted by reason. Results do not depend on the number of ranks: the
// dictionaries are sorted, the counts are exact integer sums, and the
// multiset of accepted scans is the same. The scans are NOT shuffled: each
// rank keeps what it read; dist/shuffle moves them to their owners.
//
// Example:
//   IngestOptions opt;
//   opt.inputs = {{"data/scans-0000.seg", InputFormat::kScanLog}};
//   opt.quarantine_dir = "out/quarantine";
//   QRMARK_ASSIGN_OR_RETURN(IngestedScans in, Ingest(comm, opt));
//   for (auto& chunk : in.chunks) shuffler.ExchangeRound(chunk, &mine);
#ifndef QRMARK_SRC_INGEST_INGEST_H_
#define QRMARK_SRC_INGEST_INGEST_H_

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "io/csv/column_map.h"
#include "src/base/page_relay.h"
#include "src/base/scan_record.h"
#include "src/base/status.h"
#include "src/dist/comm.h"
#include "src/ingest/clean.h"

namespace qrmark::ingest {

enum class InputFormat { kScanLog, kCsv };

struct InputFile {
  std::string path;
  InputFormat format = InputFormat::kScanLog;
};

struct IngestOptions {
  std::vector<InputFile> inputs;
  csv::CsvMapping csv;                                           // for kCsv inputs
  std::string quarantine_dir;                                    // empty: count rejects without writing them
  double max_bad_fraction = 0.01;                                // of records read, over all ranks
  int64_t window_begin_s = std::numeric_limits<int64_t>::min();  // accepted: [begin, end)
  int64_t window_end_s = std::numeric_limits<int64_t>::max();
  std::array<uint8_t, 32> user_hash_key{};  // for user ids that are not pseudonymous
  size_t batch_records = 1 << 20;           // UserScans per chunk
  // A scan's SerialScan is kept only if its unit may have at least this many
  // scans in all the inputs (unit_filter.h: exact, never drops a scan of such
  // a unit); 1 keeps every one. Segments alone are filtered as they are
  // read; with a CSV input that maps a serial column, once all are read.
  int64_t serial_min_scans = 1;
};

struct InputFileStats {
  std::string path;
  uint64_t bytes = 0;
  int64_t records = 0;     // records read (good or bad) from this file
  uint32_t crc32c = 0;     // of the whole file (checksum.h)
};

// The seconds each step of ingest took, the slowest rank's.
struct IngestSteps {
  double segment_checksum = 0;  // the segments' checksum pass (and their unit counts)
  double read = 0;              // every rank's share read, parsed and cleaned; CSV ranges checked
                                // (and read again when a start misled a reader)
  double dictionaries = 0;      // product and region names agreed on; local ids remapped
};

// Global totals, the same on every rank. read = accepted + anonymous +
// outside_window + the sum of `rejected`.
struct IngestStats {
  int64_t records_read = 0;
  int64_t accepted = 0;
  int64_t anonymous = 0;       // good segment records with user_key 0 (no app user): not bad,
                               // in the suspicious-serial signal only
  int64_t outside_window = 0;  // good records outside the window: not bad
  RejectCounts rejected{};     // by RejectReason
  std::vector<InputFileStats> files;
  bool csv_read_again = false;  // a CSV range start fell inside a quoted field where the assumed
                                // state misled its reader, so the inputs were read twice
  IngestSteps steps;
  int64_t rejected_total() const;
};

struct IngestedScans {
  std::vector<PagedVector<UserScan>> chunks;  // this rank's share, chunks of <= batch_records
  std::vector<PagedVector<SerialScan>> serial_chunks;  // the same scans' serials, chunks of <= batch_records:
                                                      // those of units that may reach serial_min_scans
                                                      // (CSV rows only with csv.serial) ...
  bool serial_chunks_unfiltered = false;  // ... or all of them, when a CSV input carries serials (its
                                          // units cannot be counted before it is parsed): then
                                          // KeepSerialScansOfUnitsThatMayReach (unit_filter.h) filters
                                          // them, where their freed pages can go on to the next
                                          // stage's buffers (page_relay.h)
  std::vector<std::string> product_codes;     // UserScan::product_id indexes it; same on all ranks
  std::vector<std::string> region_names;      // UserScan/SerialScan::region index it; likewise
  IngestStats stats;
};

// Reads, cleans and counts `options.inputs`. Collective: all ranks call it.
// Every rank returns the same Status: NotFound/IoError naming the path of a
// missing or unreadable input, InvalidArgument for a CSV header that lacks
// a mapped column, Corruption for a segment with a bad header, and DataLoss
// (counts by reason and the quarantine path) when the rejected fraction of
// all records read exceeds `max_bad_fraction`. Empty files give 0 records.
[[nodiscard]] Result<IngestedScans> Ingest(Comm& comm, const IngestOptions& options);

// Input paths → files. A directory gives its sealed *.seg segments, sorted
// (with format "csv": its *.csv files instead), so `qrmark gen`'s output
// directory can be named as is; unsealed *.open segments are skipped. A
// file's format is `format` ("scanlog" or "csv"), or with "auto" its
// extension. InvalidArgument/NotFound name the path. Not collective.
[[nodiscard]] Result<std::vector<InputFile>> ExpandInputs(const std::vector<std::string>& paths,
                                                          const std::string& format);

}  // namespace qrmark::ingest

#endif  // QRMARK_SRC_INGEST_INGEST_H_
