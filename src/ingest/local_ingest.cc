// LocalIngest bookkeeping and the CSV share reader.
#include "src/ingest/local_ingest.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "io/csv/csv_reader.h"
#include "src/ingest/byte_range.h"
#include "src/ingest/csv_row_plan.h"
#include "src/ingest/csv_scan.h"

namespace qrmark::ingest {

void LocalIngest::Reject(size_t file, uint64_t offset, RejectReason reason, std::string_view raw,
                         int64_t records) {
  read += records;
  file_records[file] += records;
  rejected[static_cast<size_t>(reason)] += records;
  quarantine_->Add(options_.inputs[file].path, offset, reason, raw);
}

void LocalIngest::Accept(size_t file, const UserScan& scan, bool has_serial, uint64_t serial,
                         uint32_t batch_id, uint8_t flags) {
  ++read;
  ++file_records[file];
  if (scan.ts_unix_s < options_.window_begin_s || scan.ts_unix_s >= options_.window_end_s) {
    ++outside_window;
    return;
  }
  amount_overflowed |= __builtin_add_overflow(amount_total, static_cast<uint64_t>(scan.amount_cents), &amount_total);
  if (scan.user_key == 0) {  // anonymous: no user to portray, still evidence for its serial
    ++anonymous;
  } else {
    ++accepted;
    AddUserScan(scan);
  }
  if (!has_serial) return;
  if (serial_chunks.empty() || serial_chunks.back().size() >= options_.batch_records) {
    serial_chunks.emplace_back().reserve(options_.batch_records);
  }
  PushBackPopulating(serial_chunks.back(), SerialScan{serial, batch_id, scan.region, flags, 0});
}

void LocalIngest::AddUserScan(const UserScan& scan) {
  if (chunks.empty() || chunks.back().size() >= options_.batch_records) {
    chunks.emplace_back().reserve(options_.batch_records);
  }
  PushBackPopulating(chunks.back(), scan);
}

Status TooManyRegions() {
  return InvalidArgument("more than " + std::to_string(kMaxRegions) +
                         " distinct region names in the input (region ids are 16-bit): check the region column "
                         "of the [csv] mapping");
}

Result<uint16_t> LocalIngest::RegionId(std::string_view name) {
  const uint32_t id = regions.IdOf(name.empty() ? std::string_view("unknown") : name);
  if (id >= kMaxRegions) return TooManyRegions();
  return static_cast<uint16_t>(id);
}

namespace {

// The quoting state after the byte before `begin` (begin > 0) if that byte
// is outside quotes, as every byte of a file without quoted fields is.
Result<csv::CsvScanState> StateIfUnquotedBefore(const std::string& path, uint64_t begin) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return PosixError("open", path, errno);
  char c = 0;
  const ssize_t got = ::pread(fd, &c, 1, static_cast<off_t>(begin - 1));
  const int err = errno;
  ::close(fd);
  if (got != 1) return got < 0 ? PosixError("pread", path, err) : IoError(path + ": file shrank while reading");
  return c == ',' || c == '\n' ? csv::CsvScanState::kFieldStart : csv::CsvScanState::kUnquoted;
}

// Keeps a good CSV row: its product and region by local id. `product_number`
// is its product code's value when the row plan parsed it (-1: not known);
// `regions` is given for rows the plan parsed (padded names).
Status AcceptCsvScan(size_t file, const CsvScan& scan, int64_t product_number, PaddedNameMemo* regions,
                     bool has_serial, LocalIngest* acc) {
  auto region_id = [acc](std::string_view name) { return acc->RegionId(name); };
  QRMARK_ASSIGN_OR_RETURN(uint16_t region,
                          regions ? regions->IdOf(scan.region, region_id) : acc->RegionId(scan.region));
  const uint32_t product = product_number >= 0 ? acc->products.IdOfNumber(static_cast<uint64_t>(product_number))
                                               : acc->products.IdOf(scan.product);
  const UserScan user_scan{scan.user_key, scan.ts_unix_s, scan.amount_cents, product,
                           region,        scan.channel,   scan.device_os};
  acc->Accept(file, user_scan, has_serial, scan.serial, scan.batch_id, scan.flags);
  return Status::Ok();
}

}  // namespace

Status ReadCsvShare(size_t file, int rank, int nranks, std::optional<csv::CsvScanState> state_at_begin,
                    LocalIngest* acc, const IngestOptions& options, CsvShareRead* read) {
  const std::string& path = options.inputs[file].path;
  *read = CsvShareRead();
  QRMARK_ASSIGN_OR_RETURN(auto reader, csv::CsvReader::Open(path, 0, 0, false));
  if (reader->file_size() == 0) return Status::Ok();
  QRMARK_ASSIGN_OR_RETURN(std::vector<std::string> header, csv::ReadCsvHeader(path));
  QRMARK_ASSIGN_OR_RETURN(csv::ColumnIndex cols, csv::ResolveColumns(options.csv, header, path));
  const CsvScanParser parser(options.csv, cols, options.user_hash_key);
  const ByteRange range = EvenByteRange(reader->file_size(), rank, nranks);
  if (state_at_begin) {
    read->state_at_begin = *state_at_begin;
  } else if (range.begin > 0 && range.begin < range.end) {
    QRMARK_ASSIGN_OR_RETURN(read->state_at_begin, StateIfUnquotedBefore(path, range.begin));
  }
  QRMARK_ASSIGN_OR_RETURN(reader, csv::CsvReader::Open(path, range.begin, range.end, true, read->state_at_begin,
                                                       [read](std::string_view bytes) { read->digest.Add(bytes); }));
  read->first_record = reader->first_record_offset();
  // Keeps a good row, or holds its error while the start state is assumed.
  const bool state_assumed = !state_at_begin && range.begin > 0;
  const auto accept = [&](const CsvScan& row_scan, int64_t product_number, PaddedNameMemo* memo) {
    Status status = AcceptCsvScan(file, row_scan, product_number, memo, cols.serial >= 0, acc);
    if (status.ok() || !state_assumed) return status;
    if (read->held_error.ok()) read->held_error = std::move(status);
    return Status::Ok();
  };
  static_assert(CsvRowPlan::kPadding <= csv::CsvReader::kLinePadding);
  const CsvRowPlan plan(parser, options.csv, cols);
  csv::CsvRecord rec;
  CsvScan scan;
  CsvRowPlan::Row row;
  PaddedNameMemo regions;
  while (true) {
    uint64_t offset;
    if (const size_t line = plan.Parse(reader->Buffered(&offset), &row)) {
      reader->Consume(line);
      if (row.verdict) {
        acc->Reject(file, offset, *row.verdict, row.raw);
        continue;
      }
      QRMARK_RETURN_IF_ERROR(accept(row.scan, row.product_number, &regions));
      continue;
    }
    QRMARK_ASSIGN_OR_RETURN(bool more, reader->Next(&rec));
    if (!more) return Status::Ok();
    if (rec.error == csv::CsvError::kUnterminatedQuote) {
      std::string what = "unterminated quote: the " + std::to_string(rec.lines) +
                         " line(s) from here to the end of the file are rejected; they begin: ";
      what.append(rec.raw.substr(0, csv::CsvReader::kExcerptBytes));
      acc->Reject(file, rec.offset, RejectReason::kMalformedLine, what, static_cast<int64_t>(rec.lines));
      continue;
    }
    if (rec.error != csv::CsvError::kOk) {
      acc->Reject(file, rec.offset, RejectReason::kMalformedLine, rec.raw);
      continue;
    }
    if (std::optional<RejectReason> bad = parser.Parse(rec.fields, &scan)) {
      acc->Reject(file, rec.offset, *bad, rec.raw);
      continue;
    }
    QRMARK_RETURN_IF_ERROR(accept(scan, -1, nullptr));
  }
}

}  // namespace qrmark::ingest
