// Reading the CSV records that start in one byte range of a file (RFC 4180).
//
// Quoted fields, doubled quotes and CRLF line ends are understood. Rank r
// reads the records that START in its range [begin, end): it skips the
// partial first line unless `begin` is 0 or the byte before it is '\n', and
// finishes its last record past `end`. Ranges that tile a file therefore
// yield every record exactly once. Limitation: a split point inside a quoted
// field that holds a newline is taken for a line start; the byte ranges of
// such files must not be split (Online Retail and `qrmark gen` have none).
//
// Positions are byte offsets, not line numbers (line numbers would need a
// pass over every earlier range). Not thread-safe; one reader per thread.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path, begin, end, /*has_header=*/true));
//   CsvRecord rec;
//   while (true) {
//     QRMARK_ASSIGN_OR_RETURN(bool more, reader->Next(&rec));
//     if (!more) break;
//     if (rec.error != CsvError::kOk) { quarantine(rec.offset, rec.raw); continue; }
//     use(rec.fields);
//   }
#ifndef QRMARK_IO_CSV_CSV_READER_H_
#define QRMARK_IO_CSV_CSV_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/status.h"

namespace qrmark::csv {

enum class CsvError { kOk, kBadQuote, kUnterminatedQuote };
std::string_view CsvErrorName(CsvError e);  // "bad_quote", "unterminated_quote"

// One record. Views stay valid until the next call to Next.
struct CsvRecord {
  std::vector<std::string_view> fields;  // unquoted, unescaped; empty when error
  std::string_view raw;                  // the record's bytes without its line end
  uint64_t offset = 0;                   // byte offset of its first byte
  CsvError error = CsvError::kOk;
};

class CsvReader {
 public:
  // Longest record accepted; a longer one (or an unterminated quote) is
  // returned as kUnterminatedQuote and reading resumes at the next line.
  static constexpr size_t kMaxRecordBytes = 1 << 20;

  // Opens `path` for the records starting in [begin, end) (end is clamped to
  // the file size). With `has_header`, the record at offset 0 is skipped.
  // NotFound/IoError name the path.
  [[nodiscard]] static Result<std::unique_ptr<CsvReader>> Open(const std::string& path, uint64_t begin,
                                                               uint64_t end, bool has_header);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The next record into `rec`: true, or false when the range is done.
  // Malformed records come back with `rec->error` set. IoError on read failure.
  [[nodiscard]] Result<bool> Next(CsvRecord* rec);

  uint64_t file_size() const { return size_; }

 private:
  CsvReader(std::string path, int fd, uint64_t size) : path_(std::move(path)), fd_(fd), size_(size) {}
  Result<bool> Fill();                            // read more; false at end of file
  Result<size_t> FindRecordEnd(bool* in_quotes);  // index of its '\n' or of the data end
  Status SkipPartialLine(uint64_t begin);
  Status SkipLine();                    // past the next '\n', or to the end of the file
  bool SplitPlainLine(CsvRecord* rec);  // fast path: a whole quote-free line in the buffer
  void SplitFields(CsvRecord* rec);

  std::string path_;
  int fd_;
  uint64_t size_;
  uint64_t end_ = 0;
  std::vector<char> buf_;
  uint64_t buf_offset_ = 0;  // file offset of buf_[0]
  size_t pos_ = 0, len_ = 0;
  std::string scratch_;  // unescaped quoted fields
};

// The first record of `path`, as strings (its header), without a UTF-8
// byte-order mark. NotFound/IoError;
// InvalidArgument when the file is empty or the header is malformed.
[[nodiscard]] Result<std::vector<std::string>> ReadCsvHeader(const std::string& path);

}  // namespace qrmark::csv

#endif  // QRMARK_IO_CSV_CSV_READER_H_
