// QuarantineSink: buffered stdio, RFC 4180 rows.
#include "src/ingest/quarantine.h"

#include <cerrno>
#include <filesystem>

#include "io/csv/csv_writer.h"

namespace qrmark::ingest {

constexpr size_t kExcerptBytes = 200;

Result<std::unique_ptr<QuarantineSink>> QuarantineSink::Open(const std::string& dir, int rank) {
  if (dir.empty()) return std::unique_ptr<QuarantineSink>(new QuarantineSink("", nullptr));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return IoError("cannot create quarantine directory " + dir + ": " + ec.message());
  const std::string path = dir + "/quarantine-" + std::to_string(rank) + ".csv";
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return PosixError("create", path, errno);
  std::fputs("file,offset,reason,excerpt\n", f);
  return std::unique_ptr<QuarantineSink>(new QuarantineSink(path, f));
}

QuarantineSink::~QuarantineSink() {
  if (file_ != nullptr) std::fclose(file_);
}

void QuarantineSink::Add(std::string_view file, uint64_t offset, RejectReason reason, std::string_view raw) {
  ++rows_;
  if (file_ == nullptr) return;
  line_.clear();
  const std::string off = std::to_string(offset);
  const std::string_view fields[] = {file, off, RejectReasonName(reason), raw.substr(0, kExcerptBytes)};
  csv::AppendCsvRow(&line_, fields);
  std::fwrite(line_.data(), 1, line_.size(), file_);
}

Status QuarantineSink::Close() {
  if (file_ == nullptr) return Status::Ok();
  const bool failed = std::ferror(file_) != 0;
  const int rc = std::fclose(file_);
  file_ = nullptr;
  if (failed || rc != 0) return IoError("cannot write quarantine file " + path_);
  return Status::Ok();
}

}  // namespace qrmark::ingest
