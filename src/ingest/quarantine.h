// Where rejected records go: one CSV file per rank, for a human to inspect.
//
// Rank r writes <dir>/quarantine-<r>.csv with the header
// file,offset,reason,excerpt: the input path, the byte offset of the
// record's first byte (CSV records, which may span several lines, are located
// by byte offset, not line number: a line number would need a pass over
// every earlier byte range), the reason name and up to 200 bytes of the raw
// record (empty for binary slots; for a CSV quote left open to the end of the
// file, a note of how many lines that rejects first: io/csv/FORMAT.md). The
// file is replaced at Open, so a rerun never mixes runs. Not thread-safe.
#ifndef QRMARK_SRC_INGEST_QUARANTINE_H_
#define QRMARK_SRC_INGEST_QUARANTINE_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "src/base/status.h"
#include "src/ingest/clean.h"

namespace qrmark::ingest {

class QuarantineSink {
 public:
  // Creates `dir` if needed and opens this rank's file; an empty `dir`
  // gives a sink that only counts. IoError naming the path.
  [[nodiscard]] static Result<std::unique_ptr<QuarantineSink>> Open(const std::string& dir, int rank);
  ~QuarantineSink();
  QuarantineSink(const QuarantineSink&) = delete;
  QuarantineSink& operator=(const QuarantineSink&) = delete;

  void Add(std::string_view file, uint64_t offset, RejectReason reason, std::string_view raw);
  // Flushes and closes; IoError naming the path if any write failed.
  [[nodiscard]] Status Close();

  const std::string& path() const { return path_; }  // "" when only counting
  int64_t rows() const { return rows_; }

 private:
  QuarantineSink(std::string path, std::FILE* f) : path_(std::move(path)), file_(f) {}
  std::string path_;
  std::FILE* file_;
  std::string line_;
  int64_t rows_ = 0;
};

}  // namespace qrmark::ingest

#endif  // QRMARK_SRC_INGEST_QUARANTINE_H_
