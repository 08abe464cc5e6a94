// Generate: catalog, then the day stream into segment and CSV sinks.
#include "src/synth/generator.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "io/catalog/catalog.h"
#include "io/scanlog/segment_writer.h"
#include "src/base/civil_time.h"
#include "src/base/regions.h"
#include "src/synth/catalog_gen.h"
#include "src/synth/scan_gen.h"

namespace qrmark::synth {
namespace {

std::string SegmentName(const std::string& dir, uint64_t index, std::string_view suffix) {
  char name[64];
  std::snprintf(name, sizeof name, "/scans-%04llu", static_cast<unsigned long long>(index));
  return dir + name + std::string(suffix);
}

// Sealed segments of `per_segment` records each.
class SegmentSink {
 public:
  SegmentSink(const GenOptions& opt, GenSummary* summary) : opt_(opt), summary_(summary) {}
  Status Add(std::span<const ScanRecord> records) {
    while (!records.empty()) {
      if (!writer_) {
        QRMARK_ASSIGN_OR_RETURN(
            writer_, scanlog::SegmentWriter::Create(SegmentName(opt_.out_dir, index_, ".open"), index_,
                                                    opt_.end_date_s * 1000));
      }
      const size_t take = std::min<uint64_t>(records.size(), opt_.segment_records - writer_->slots());
      QRMARK_RETURN_IF_ERROR(writer_->Append(records.first(take)));
      records = records.subspan(take);
      if (writer_->slots() == opt_.segment_records) QRMARK_RETURN_IF_ERROR(Seal());
    }
    return Status::Ok();
  }
  Status Seal() {
    if (!writer_) return Status::Ok();
    QRMARK_RETURN_IF_ERROR(writer_->Seal());
    summary_->files.push_back(writer_->path());
    writer_.reset();
    ++index_;
    return Status::Ok();
  }

 private:
  const GenOptions& opt_;
  GenSummary* summary_;
  std::unique_ptr<scanlog::SegmentWriter> writer_;
  uint64_t index_ = 0;
};

// scans.csv through a 4 MiB buffer.
class CsvSink {
 public:
  explicit CsvSink(std::string path) : path_(std::move(path)) {}
  ~CsvSink() {
    if (file_) std::fclose(file_);
  }
  Status Open() {
    file_ = std::fopen(path_.c_str(), "wx");
    if (!file_) return PosixError("create", path_, errno);
    buf_ = "scan_id,ts,user_key,product_id,batch_id,serial,region,channel,device_os,amount_cents,flags\n";
    return Status::Ok();
  }
  Status Add(std::span<const ScanRecord> records, int64_t day_start_s) {
    const std::string date = FormatUtc(day_start_s).substr(0, 10);
    for (const ScanRecord& r : records) {
      Int(r.scan_id);
      buf_.append(date).push_back(' ');
      const int64_t s = r.ts_unix_ms / 1000 - day_start_s;
      TwoDigits(s / 3600, ':');
      TwoDigits(s / 60 % 60, ':');
      TwoDigits(s % 60, ',');
      Int(r.user_key);
      Int(r.product_id);
      Int(r.batch_id);
      Int(r.serial);
      buf_.append(RegionName(r.region)).push_back(',');
      buf_.append(ChannelName(r.channel)).push_back(',');
      buf_.append(DeviceOsName(r.device_os)).push_back(',');
      Int(r.amount_cents);
      Int(r.flags, '\n');
      if (buf_.size() > (4u << 20)) QRMARK_RETURN_IF_ERROR(Flush());
    }
    return Status::Ok();
  }
  Status Close() {
    QRMARK_RETURN_IF_ERROR(Flush());
    const int rc = std::fclose(file_);
    file_ = nullptr;
    return rc == 0 ? Status::Ok() : PosixError("close", path_, errno);
  }

 private:
  template <typename T>
  void Int(T v, char sep = ',') {
    char tmp[24];
    auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf_.append(tmp, end).push_back(sep);
  }
  void TwoDigits(int64_t v, char sep) {
    buf_.push_back(static_cast<char>('0' + v / 10));
    buf_.push_back(static_cast<char>('0' + v % 10));
    buf_.push_back(sep);
  }
  Status Flush() {
    if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size())
      return PosixError("write", path_, errno);
    buf_.clear();
    return Status::Ok();
  }
  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buf_;
};

Status CheckOptions(const GenOptions& opt) {
  if (opt.out_dir.empty()) return InvalidArgument("gen: --out is required");
  if (opt.scans == 0 || opt.users == 0 || opt.products == 0 || opt.days == 0 || opt.segment_records == 0) {
    return InvalidArgument(
        "gen: --scans, --users, --products, --days and --segment-records must be positive");
  }
  if (!opt.write_scanlog && !opt.write_csv) return InvalidArgument("gen: nothing to write");
  std::vector<std::string> outputs = {opt.out_dir + "/catalog.csv"};
  if (opt.write_csv) outputs.push_back(opt.out_dir + "/scans.csv");
  if (opt.write_scanlog) {
    outputs.push_back(SegmentName(opt.out_dir, 0, ".seg"));
    outputs.push_back(SegmentName(opt.out_dir, 0, ".open"));
  }
  for (const std::string& p : outputs) {
    if (std::filesystem::exists(p))
      return AlreadyExists("gen: " + p + " exists; not overwriting (use a new --out)");
  }
  return Status::Ok();
}

}  // namespace

Result<GenSummary> Generate(const GenOptions& opt) {
  QRMARK_RETURN_IF_ERROR(CheckOptions(opt));
  std::error_code ec;
  std::filesystem::create_directories(opt.out_dir, ec);
  if (ec) return IoError("gen: cannot create " + opt.out_dir + ": " + ec.message());
  GenSummary summary;
  const std::vector<catalog::CatalogEntry> products = MakeCatalog(opt.seed, opt.products);
  QRMARK_RETURN_IF_ERROR(catalog::WriteCatalog(opt.out_dir + "/catalog.csv", products));
  summary.files.push_back(opt.out_dir + "/catalog.csv");

  ScanGenerator gen({opt.scans, opt.users, opt.days, opt.end_date_s, opt.seed}, products);
  SegmentSink segments(opt, &summary);
  CsvSink csv(opt.out_dir + "/scans.csv");
  if (opt.write_csv) QRMARK_RETURN_IF_ERROR(csv.Open());
  std::vector<ScanRecord> day;
  for (int64_t day_start = opt.end_date_s - static_cast<int64_t>(opt.days - 1) * kSecondsPerDay;
       gen.NextDay(&day); day_start += kSecondsPerDay) {
    if (opt.write_scanlog) QRMARK_RETURN_IF_ERROR(segments.Add(day));
    if (opt.write_csv) QRMARK_RETURN_IF_ERROR(csv.Add(day, day_start));
    summary.scans += day.size();
  }
  if (opt.write_scanlog) QRMARK_RETURN_IF_ERROR(segments.Seal());
  if (opt.write_csv) {
    QRMARK_RETURN_IF_ERROR(csv.Close());
    summary.files.push_back(opt.out_dir + "/scans.csv");
  }
  return summary;
}

}  // namespace qrmark::synth
