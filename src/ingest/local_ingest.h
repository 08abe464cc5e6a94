// One rank's share of the inputs, read and cleaned without any communication.
//
// `LocalIngest` accumulates accepted scans (with rank-local dictionary ids),
// counts by reason and per file, and sends rejects to the quarantine. The
// two readers fill it from one file's share. Ingest (ingest.h) then merges
// the dictionaries and counts across ranks. Not thread-safe.
#ifndef QRMARK_SRC_INGEST_LOCAL_INGEST_H_
#define QRMARK_SRC_INGEST_LOCAL_INGEST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv/quote_state.h"
#include "src/base/scan_record.h"
#include "src/base/status.h"
#include "src/ingest/checksum.h"
#include "src/ingest/clean.h"
#include "src/ingest/dictionary.h"
#include "src/ingest/ingest.h"
#include "src/ingest/quarantine.h"
#include "src/ingest/unit_filter.h"

namespace qrmark::ingest {

// The most distinct region names a run holds (UserScan::region is 16 bits),
// and the error past it.
inline constexpr size_t kMaxRegions = size_t{UINT16_MAX} + 1;
Status TooManyRegions();

class LocalIngest {
 public:
  LocalIngest(const IngestOptions& options, QuarantineSink* quarantine)
      : file_records(options.inputs.size(), 0), options_(options), quarantine_(quarantine) {}

  // Counts `records` records of input `file` as read and rejected, under one
  // quarantine row: 1, or for a CSV quote left open, each line from its
  // record to the end of the file.
  void Reject(size_t file, uint64_t offset, RejectReason reason, std::string_view raw, int64_t records = 1);
  // Counts one good record as read; keeps it if inside the window: for its
  // user, and its serial (if it has one) for the suspicious-serial signal. A
  // scan with user_key 0 is anonymous: counted, its serial kept, no user.
  // `scan.product_id` and `scan.region` are local dictionary ids.
  void Accept(size_t file, const UserScan& scan, bool has_serial, uint64_t serial, uint32_t batch_id,
              uint8_t flags);
  // A local region id, or TooManyRegions once more than kMaxRegions are seen.
  Result<uint16_t> RegionId(std::string_view name);

  std::vector<PagedVector<UserScan>> chunks;
  std::vector<PagedVector<SerialScan>> serial_chunks;
  UnitFilter segment_units;  // segment scans whose SerialScan is kept (IngestOptions::serial_min_scans)
  LocalDictionary products, regions;
  // Segment region codes → local region ids (-1: not seen yet), kept across files.
  std::vector<int32_t> segment_region_ids = std::vector<int32_t>(UINT16_MAX + 1, -1);
  int64_t read = 0, accepted = 0, anonymous = 0, outside_window = 0;
  uint64_t amount_total = 0;        // of the scans kept (amounts are never negative) ...
  bool amount_overflowed = false;   // ... or past 2^64 - 1 cents
  RejectCounts rejected{};
  std::vector<int64_t> file_records;

 private:
  void AddUserScan(const UserScan& scan);

  const IngestOptions& options_;
  QuarantineSink* quarantine_;
};

// Reads this rank's record range of segment `file` into `acc`. NotFound /
// IoError / Corruption name the path.
[[nodiscard]] Status ReadScanLogShare(size_t file, int rank, int nranks, LocalIngest* acc,
                                      const IngestOptions& options);

// What reading one rank's share of a CSV file saw of its byte range.
struct CsvShareRead {
  CsvRangeDigest digest;  // of the range's bytes (checksum.h)
  csv::CsvScanState state_at_begin = csv::CsvScanState::kFieldStart;  // the quoting state it started in
  uint64_t first_record = 0;  // where that state led: csv::CsvReader::first_record_offset
  // An error of the rows (more than 65,536 region names), kept instead of
  // returned while the quoting state at the range start is only assumed: a
  // reader out of step with the quotes reads lines of quoted fields as rows
  // the file does not hold. Ingest returns it once that state proves right,
  // and reads the range again otherwise.
  Status held_error;
};

// Reads the CSV records starting in this rank's byte range of `file`
// (EvenByteRange). `state_at_begin` is the quoting state at the range's
// first byte when it is known (JoinCsvRangeDigests); without it the reader
// assumes the byte before the range is outside quotes, which is exact for a
// file without quoted fields, and `*read` says what it assumed, for the
// caller to check once the states are known. A record with an unterminated
// quote runs to the end of the file: it is one quarantine row and counts as
// one malformed record per line. InvalidArgument for a header that lacks a
// mapped column; an error of the rows when the start state is known, else
// `read->held_error`.
[[nodiscard]] Status ReadCsvShare(size_t file, int rank, int nranks,
                                  std::optional<csv::CsvScanState> state_at_begin, LocalIngest* acc,
                                  const IngestOptions& options, CsvShareRead* read);

}  // namespace qrmark::ingest

#endif  // QRMARK_SRC_INGEST_LOCAL_INGEST_H_
