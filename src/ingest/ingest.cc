// Ingest: stat the inputs, checksum the segments, read this rank's shares
// (checksumming the CSV ranges as they are read), check the CSV range
// starts, then agree on dictionaries and counts, and enforce the bad-fraction
// limit.
#include "src/ingest/ingest.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include "io/csv/csv_reader.h"
#include "io/scanlog/format.h"
#include "src/ingest/byte_range.h"
#include "src/ingest/checksum.h"
#include "src/ingest/local_ingest.h"
#include "src/ingest/unit_filter.h"

namespace qrmark::ingest {
namespace {

// Sizes of the inputs; NotFound/IoError for a missing or unreadable one.
Status StatInputs(const std::vector<InputFile>& inputs, std::vector<uint64_t>* sizes) {
  for (const InputFile& in : inputs) {
    int fd = ::open(in.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return PosixError("open input", in.path, errno);
    struct stat st;
    const bool ok = ::fstat(fd, &st) == 0;
    ::close(fd);
    if (!ok) return PosixError("stat input", in.path, errno);
    if (!S_ISREG(st.st_mode)) return InvalidArgument("input is not a regular file: " + in.path);
    sizes->push_back(static_cast<uint64_t>(st.st_size));
  }
  return Status::Ok();
}

// What the segments' checksum pass reads: a CSV file is checksummed as it is
// parsed (JoinCsvRangeDigests), so it is listed with no bytes to read here.
std::vector<InputBytes> SegmentBytesOf(const std::vector<InputFile>& inputs, const std::vector<uint64_t>& sizes) {
  std::vector<InputBytes> out;
  for (size_t f = 0; f < inputs.size(); ++f) {
    out.push_back({inputs[f].path, inputs[f].format == InputFormat::kCsv ? 0 : sizes[f]});
  }
  return out;
}

// Counters for the units of every segment slot, when SerialScans are to be
// filtered (serial_min_scans > 1) and there are segments: one per slot, but
// no more than two per slot a rank reads, so that the table (held by every
// rank) stays a small part of a rank's memory however many ranks share the
// inputs. With many ranks the counters fill up and more units pass. The
// counters see segment slots only: when a CSV input carries serials too, a
// unit scanned in both would be undercounted, so the scans are filtered
// after they are read instead (KeepSerialScansOfUnitsThatMayReach).
std::optional<UnitCounts> SegmentUnitCounts(const IngestOptions& options, const std::vector<uint64_t>& sizes,
                                            int ranks) {
  uint64_t slots = 0;
  bool csv_serials = false;
  for (size_t f = 0; f < options.inputs.size(); ++f) {
    if (options.inputs[f].format == InputFormat::kScanLog) slots += scanlog::SlotCount(sizes[f]);
    else csv_serials = csv_serials || !options.csv.serial.empty();
  }
  if (options.serial_min_scans <= 1 || slots == 0 || csv_serials) return std::nullopt;
  const uint64_t per_rank = (slots + static_cast<uint64_t>(ranks) - 1) / static_cast<uint64_t>(ranks);
  return UnitCounts(std::min(slots, 2 * per_rank), static_cast<int>(std::min<int64_t>(options.serial_min_scans, 255)));
}

// Counts the units of the whole slots in each piece of a segment that the
// checksum pass reads. A piece that does not start on a slot boundary would
// lose the slot it splits: the counts are then given up (every unit passes).
// Pieces start at multiples of kChecksumPieceBytes within blocks of
// kChecksumBlockBytes, both multiples of the slot size, so that never happens.
PieceVisitor CountSegmentUnits(const IngestOptions& options, UnitCounts* counts) {
  static_assert(kChecksumBlockBytes % scanlog::kSlotSize == 0 && kChecksumPieceBytes % scanlog::kSlotSize == 0 &&
                scanlog::kHeaderSize % scanlog::kSlotSize == 0);
  return [&options, counts](size_t file, uint64_t offset, std::span<const uint8_t> bytes) {
    if (options.inputs[file].format != InputFormat::kScanLog) return;
    if (offset < scanlog::kHeaderSize) {
      const uint64_t header = scanlog::kHeaderSize - offset;
      if (bytes.size() <= header) return;
      bytes = bytes.subspan(header);
      offset = scanlog::kHeaderSize;
    }
    if ((offset - scanlog::kHeaderSize) % scanlog::kSlotSize != 0) return counts->GiveUp();
    counts->CountSlots(bytes);  // a torn tail's partial slot is left out, as ingest rejects it
  };
}

// This rank's share of every input into `acc`; for each CSV file, the
// quoting state at its range start (`csv_states`, by file: unknown when
// empty) and what its reader saw (`csv_reads`, by file).
Status ReadShares(const Comm& comm, const IngestOptions& options,
                  const std::vector<std::optional<csv::CsvScanState>>& csv_states, LocalIngest* acc,
                  std::vector<CsvShareRead>* csv_reads) {
  csv_reads->assign(options.inputs.size(), CsvShareRead());
  for (size_t f = 0; f < options.inputs.size(); ++f) {
    QRMARK_RETURN_IF_ERROR(options.inputs[f].format == InputFormat::kCsv
                               ? ReadCsvShare(f, comm.rank(), comm.size(), csv_states[f], acc, options,
                                              &(*csv_reads)[f])
                               : ReadScanLogShare(f, comm.rank(), comm.size(), acc, options));
  }
  return Status::Ok();
}

// The CRC-32C of each CSV input and the exact quoting state at each rank's
// range start, from what the readers saw of their ranges (by input index;
// segments' entries empty).
std::vector<InputDigest> JoinCsvRanges(Comm& comm, const IngestOptions& options, const std::vector<uint64_t>& sizes,
                                       const std::vector<CsvShareRead>& reads) {
  std::vector<uint64_t> csv_sizes;
  std::vector<CsvRangeDigest> mine;
  for (size_t f = 0; f < options.inputs.size(); ++f) {
    if (options.inputs[f].format != InputFormat::kCsv) continue;
    csv_sizes.push_back(sizes[f]);
    mine.push_back(reads[f].digest);
  }
  std::vector<InputDigest> joined = JoinCsvRangeDigests(comm, csv_sizes, mine);
  std::vector<InputDigest> out(options.inputs.size());
  for (size_t f = 0, k = 0; f < options.inputs.size(); ++f) {
    if (options.inputs[f].format == InputFormat::kCsv) out[f] = std::move(joined[k++]);
  }
  return out;
}

// Whether this rank's CSV readers started their ranges where the exact
// states lead. A reader that assumed another state may still have found the
// same first record (the states agree again at the first delimiter outside a
// quoted field); then what it read is what an exact start reads, record for
// record. Otherwise the range must be read again.
Result<bool> CsvStartsHeld(const Comm& comm, const IngestOptions& options, const std::vector<InputDigest>& exact,
                           const std::vector<CsvShareRead>& reads, const std::vector<uint64_t>& sizes) {
  for (size_t f = 0; f < options.inputs.size(); ++f) {
    if (options.inputs[f].format != InputFormat::kCsv) continue;
    const csv::CsvScanState state = exact[f].csv_states[static_cast<size_t>(comm.rank())];
    if (state == reads[f].state_at_begin) continue;
    const ByteRange range = EvenByteRange(sizes[f], comm.rank(), comm.size());
    QRMARK_ASSIGN_OR_RETURN(auto reader, csv::CsvReader::Open(options.inputs[f].path, range.begin, range.end,
                                                              /*has_header=*/true, state));
    if (reader->first_record_offset() != reads[f].first_record) return false;
  }
  return true;
}

// This rank's share of every input, read with `csv_states` (see ReadShares),
// its rejects in a fresh quarantine file. Collective: every rank returns the
// same Status.
Status ReadAll(Comm& comm, const IngestOptions& options, const UnitFilter& segment_units,
               const std::vector<std::optional<csv::CsvScanState>>& csv_states,
               std::unique_ptr<QuarantineSink>* quarantine, std::unique_ptr<LocalIngest>* acc,
               std::vector<CsvShareRead>* csv_reads) {
  Result<std::unique_ptr<QuarantineSink>> opened = QuarantineSink::Open(options.quarantine_dir, comm.rank());
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(opened.status()));
  *quarantine = std::move(*opened);
  *acc = std::make_unique<LocalIngest>(options, quarantine->get());
  (*acc)->segment_units = segment_units;
  Status read = ReadShares(comm, options, csv_states, acc->get(), csv_reads);
  Status closed = (*quarantine)->Close();
  return comm.AgreeOnStatus(read.ok() ? closed : read);
}

// Global dictionaries; local ids in `acc`'s scans become global ids.
// TooManyRegions (on every rank) when the ranks' regions together pass
// kMaxRegions, though each rank's alone do not.
Status MergeAndRemap(Comm& comm, LocalIngest* acc, IngestedScans* out) {
  MergedDictionary products = MergeDictionaries(comm, acc->products);
  MergedDictionary regions = MergeDictionaries(comm, acc->regions);
  if (regions.global.size() > kMaxRegions) return TooManyRegions();  // the same on every rank
  for (PagedVector<UserScan>& chunk : acc->chunks) {
    for (UserScan& s : chunk) {
      s.product_id = products.local_to_global[s.product_id];
      s.region = static_cast<uint16_t>(regions.local_to_global[s.region]);
    }
  }
  for (PagedVector<SerialScan>& chunk : acc->serial_chunks) {
    for (SerialScan& s : chunk) s.region = static_cast<uint16_t>(regions.local_to_global[s.region]);
  }
  out->product_codes = std::move(products.global);
  out->region_names = std::move(regions.global);
  return Status::Ok();
}

IngestStats GlobalStats(Comm& comm, const LocalIngest& acc) {
  std::vector<int64_t> v = {acc.read, acc.accepted, acc.outside_window, acc.anonymous};
  v.insert(v.end(), acc.rejected.begin(), acc.rejected.end());
  v.insert(v.end(), acc.file_records.begin(), acc.file_records.end());
  comm.AllreduceSum(v);
  IngestStats stats;
  stats.records_read = v[0];
  stats.accepted = v[1];
  stats.outside_window = v[2];
  stats.anonymous = v[3];
  constexpr size_t kCounts = 4;
  std::copy(v.begin() + kCounts, v.begin() + kCounts + kRejectReasonCount, stats.rejected.begin());
  for (size_t f = 0; f < acc.file_records.size(); ++f) {
    stats.files.push_back({"", 0, v[kCounts + kRejectReasonCount + f], 0});
  }
  return stats;
}

Status CheckBadFraction(const IngestStats& stats, const IngestOptions& options) {
  const int64_t bad = stats.rejected_total();
  if (static_cast<double>(bad) <= options.max_bad_fraction * static_cast<double>(stats.records_read)) {
    return Status::Ok();
  }
  char pct[64];
  std::snprintf(pct, sizeof pct, " (%.3f%%, limit %.3f%%)",
                100.0 * static_cast<double>(bad) / static_cast<double>(stats.records_read),
                100.0 * options.max_bad_fraction);
  std::string msg = std::to_string(bad) + " of " + std::to_string(stats.records_read) +
                    " input records rejected" + pct + ":";
  for (int r = 0; r < kRejectReasonCount; ++r) {
    if (stats.rejected[r] == 0) continue;
    msg.append(" ").append(RejectReasonName(static_cast<RejectReason>(r))).append("=");
    msg.append(std::to_string(stats.rejected[r]));
  }
  msg += options.quarantine_dir.empty() ? "; no quarantine directory was set"
                                        : "; see " + options.quarantine_dir + "/quarantine-<rank>.csv";
  return DataLoss(msg);
}

// Every sum of amounts the job makes (a user's monetary value, a region's or
// a product's amount) adds up some of the kept scans' amounts, which are
// never negative: while their total fits in 64-bit signed cents, none of
// those sums overflows. DataLoss (on every rank) when it does not.
Status CheckAmountTotal(Comm& comm, const LocalIngest& acc) {
  const std::vector<uint64_t> parts =
      comm.AllgathervOf<uint64_t>(std::vector<uint64_t>{acc.amount_total, uint64_t{acc.amount_overflowed}});
  __extension__ using Wide = unsigned __int128;
  Wide total = 0;
  bool overflowed = false;
  for (size_t i = 0; i + 1 < parts.size(); i += 2) total += parts[i], overflowed |= parts[i + 1] != 0;
  if (!overflowed && total <= Wide{INT64_MAX}) return Status::Ok();
  return DataLoss("the kept scans' amounts add up to more than " + std::to_string(INT64_MAX) +
                  " cents, past what the job's sums hold: check the amount column (or quantity and unit "
                  "price) and amount_scale of the [csv] mapping");
}

// Seconds since `since`; `since` moves to now.
double Lap(std::chrono::steady_clock::time_point* since) {
  const auto now = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(now - *since).count();
  *since = now;
  return seconds;
}

}  // namespace

int64_t IngestStats::rejected_total() const {
  int64_t total = 0;
  for (int64_t n : rejected) total += n;
  return total;
}

Result<IngestedScans> Ingest(Comm& comm, const IngestOptions& options) {
  if (options.batch_records == 0 || !(options.max_bad_fraction >= 0 && options.max_bad_fraction <= 1) ||
      options.window_begin_s >= options.window_end_s) {
    return InvalidArgument(
        "ingest: batch_records must be positive, max_bad_fraction in [0, 1], "
        "and the window begin before its end");
  }
  IngestSteps steps;
  auto lap_start = std::chrono::steady_clock::now();
  std::vector<uint64_t> sizes;
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(StatInputs(options.inputs, &sizes)));
  std::optional<UnitCounts> unit_counts = SegmentUnitCounts(options, sizes, comm.size());
  QRMARK_ASSIGN_OR_RETURN(std::vector<InputDigest> digests,
                          DigestInputs(comm, SegmentBytesOf(options.inputs, sizes), kChecksumBlockBytes,
                                       unit_counts ? CountSegmentUnits(options, &*unit_counts) : PieceVisitor()));
  const UnitFilter segment_units = unit_counts ? std::move(*unit_counts).Combine(comm) : UnitFilter();
  steps.segment_checksum = Lap(&lap_start);

  // The CSV ranges are read assuming each starts outside quotes; if a start
  // led a reader elsewhere than its exact state does, everything is read
  // again with the exact states, which the first reading found.
  std::unique_ptr<QuarantineSink> quarantine;
  std::unique_ptr<LocalIngest> acc;
  std::vector<CsvShareRead> csv_reads;
  std::vector<std::optional<csv::CsvScanState>> csv_states(options.inputs.size());
  QRMARK_RETURN_IF_ERROR(ReadAll(comm, options, segment_units, csv_states, &quarantine, &acc, &csv_reads));
  std::vector<InputDigest> csv_digests = JoinCsvRanges(comm, options, sizes, csv_reads);
  Result<bool> held = CsvStartsHeld(comm, options, csv_digests, csv_reads, sizes);
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(held.status()));
  const bool read_again = comm.MinOf(int64_t{*held}) == 0;
  if (!read_again) {  // the assumed starts were right: so are the errors they held
    Status held_error;
    for (const CsvShareRead& read : csv_reads) {
      if (held_error.ok()) held_error = read.held_error;
    }
    QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(held_error));
  } else {
    for (size_t f = 0; f < options.inputs.size(); ++f) {
      if (options.inputs[f].format == InputFormat::kCsv) {
        csv_states[f] = csv_digests[f].csv_states[static_cast<size_t>(comm.rank())];
      }
    }
    QRMARK_RETURN_IF_ERROR(ReadAll(comm, options, segment_units, csv_states, &quarantine, &acc, &csv_reads));
  }
  steps.read = Lap(&lap_start);

  IngestedScans out;
  QRMARK_RETURN_IF_ERROR(MergeAndRemap(comm, acc.get(), &out));
  steps.dictionaries = Lap(&lap_start);
  std::array<double, 3> slowest = {steps.segment_checksum, steps.read, steps.dictionaries};
  comm.AllreduceMax(std::span<double>(slowest));
  steps = {slowest[0], slowest[1], slowest[2]};
  out.chunks = std::move(acc->chunks);
  out.serial_chunks = std::move(acc->serial_chunks);
  out.serial_chunks_unfiltered = !unit_counts && options.serial_min_scans > 1;
  out.stats = GlobalStats(comm, *acc);
  out.stats.csv_read_again = read_again;
  out.stats.steps = steps;
  for (size_t f = 0; f < options.inputs.size(); ++f) {
    out.stats.files[f].path = options.inputs[f].path;
    out.stats.files[f].bytes = sizes[f];
    out.stats.files[f].crc32c =
        options.inputs[f].format == InputFormat::kCsv ? csv_digests[f].crc32c : digests[f].crc32c;
  }
  QRMARK_RETURN_IF_ERROR(CheckBadFraction(out.stats, options));
  QRMARK_RETURN_IF_ERROR(CheckAmountTotal(comm, *acc));
  return out;
}

Result<std::vector<InputFile>> ExpandInputs(const std::vector<std::string>& paths,
                                            const std::string& format) {
  if (format != "auto" && format != "scanlog" && format != "csv") {
    return InvalidArgument("input format must be auto, scanlog or csv, not '" + format + "'");
  }
  namespace fs = std::filesystem;
  std::vector<InputFile> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    std::vector<std::string> found;
    if (fs::is_directory(p, ec)) {
      const std::string want = format == "csv" ? ".csv" : ".seg";
      for (const fs::directory_entry& e : fs::directory_iterator(p, ec)) {
        if (e.is_regular_file() && e.path().extension() == want) found.push_back(e.path().string());
      }
      if (ec) return IoError("cannot list input directory " + p + ": " + ec.message());
      std::sort(found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      found.push_back(p);
    } else {
      return NotFound("input does not exist: " + p);
    }
    for (const std::string& f : found) {
      const std::string ext = fs::path(f).extension().string();
      const std::string kind = format != "auto" ? format
                               : ext == ".seg"  ? "scanlog"
                               : ext == ".csv"  ? "csv"
                                                : "";
      if (kind.empty())
        return InvalidArgument("cannot tell the format of " + f + " (use .seg or .csv, or set it)");
      files.push_back({f, kind == "csv" ? InputFormat::kCsv : InputFormat::kScanLog});
    }
  }
  return files;
}

}  // namespace qrmark::ingest
