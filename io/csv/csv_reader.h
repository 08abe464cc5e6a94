// Reading the CSV records that start in one byte range of a file (RFC 4180).
//
// Quoted fields, doubled quotes, CRLF line ends and newlines inside quoted
// fields are understood. A record ends at a newline outside quotes
// (quote_state.h), so it may span several lines. The reader of [begin, end)
// returns the records that START in it: it is told the quoting state at
// `begin` (the state after the bytes before it), skips to the first record
// start at or after `begin`, and finishes its last record past `end`. Ranges
// that tile a file, each opened with its exact state, therefore yield every
// record exactly once, wherever the split points fall (inside a quoted
// field too). src/ingest computes the states at every rank's range start.
//
// Positions are byte offsets of a record's first byte, not line numbers
// (line numbers would need a pass over every earlier range). A record too
// long to keep (over kMaxRecordBytes) or still inside quotes at the end of
// the file comes back as an error with an excerpt; reading resumes at the
// true end of that record (for an unterminated quote, the end of the file),
// so a malformed record never changes where the next ones start. Not
// thread-safe; one reader per thread.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path, begin, end, /*has_header=*/true, state));
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
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv/quote_state.h"
#include "src/base/status.h"

namespace qrmark::csv {

enum class CsvError { kOk, kBadQuote, kUnterminatedQuote, kTooLong };
std::string_view CsvErrorName(CsvError e);  // "bad_quote", "unterminated_quote", "too_long"

// One record. Views stay valid until the next call to Next.
struct CsvRecord {
  std::vector<std::string_view> fields;  // unquoted, unescaped; empty when error
  std::string_view raw;                  // the record's bytes without its line end; an excerpt of
                                         // kTooLong and of a long kUnterminatedQuote record
  uint64_t offset = 0;                   // byte offset of its first byte
  uint64_t lines = 1;                    // the lines it spans: its '\n' bytes, its line end included,
                                         // plus one if it ends the file without one
  CsvError error = CsvError::kOk;
};

// Called with the bytes of a reader's range [begin, end), in order, each
// byte once, as the reader reads them (src/ingest checksums a range this way
// without reading it twice).
using CsvRangeVisitor = std::function<void(std::string_view bytes)>;

class CsvReader {
 public:
  // Longest record accepted; a longer one is returned as kTooLong (or as
  // kUnterminatedQuote when it runs to the end of the file inside quotes).
  static constexpr size_t kMaxRecordBytes = 1 << 20;
  // Bytes of a record kept as the excerpt of one that is too long.
  static constexpr size_t kExcerptBytes = 256;

  // Opens `path` for the records starting in [begin, end) (end is clamped to
  // the file size). `state_at_begin` is the quoting state after the bytes
  // before `begin`: kFieldStart for 0, else CsvStateMapOf(those bytes)
  // applied to kFieldStart (a wrong state misplaces the first record). With
  // `has_header`, the record at offset 0 is skipped. A `visit_range` sees
  // every byte of [begin, end) by the time Next returns false. NotFound /
  // IoError name the path.
  [[nodiscard]] static Result<std::unique_ptr<CsvReader>> Open(
      const std::string& path, uint64_t begin, uint64_t end, bool has_header,
      CsvScanState state_at_begin = CsvScanState::kFieldStart, CsvRangeVisitor visit_range = {});
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The next record into `rec`: true, or false when the range is done.
  // Malformed records come back with `rec->error` set. IoError on read failure.
  [[nodiscard]] Result<bool> Next(CsvRecord* rec);

  // Readable bytes before and after the bytes Buffered returns, for parsers
  // that load whole words (their values there are unspecified).
  static constexpr size_t kLinePadding = 64;
  // The bytes the buffer holds from the next record on, and in `*offset`
  // where they start, for a caller that parses plain lines itself; empty
  // when the range is done or the buffer needs a refill (Next does both).
  // Valid until the next call of any other method.
  std::string_view Buffered(uint64_t* offset);
  // Consumes the first `bytes` of Buffered: whole lines, each with its '\n',
  // that the caller took as records (it must know they are: quote-free).
  void Consume(size_t bytes);

  uint64_t file_size() const { return size_; }
  // The offset of the first record that starts in the range, or the range's
  // end when none does: where `state_at_begin` led the reader.
  uint64_t first_record_offset() const { return first_record_; }

 private:
  CsvReader(std::string path, int fd, uint64_t size) : path_(std::move(path)), fd_(fd), size_(size) {}
  Result<bool> Fill();  // read more; false at end of file
  Status VisitRestOfRange();  // reads what visit_range_ has not seen of the range
  Status SkipToFirstRecord(uint64_t begin, CsvScanState state_at_begin);
  bool SplitPlainLine(CsvRecord* rec);  // fast path: a whole quote-free line in the buffer
  Result<bool> ReadRecord(CsvRecord* rec);  // any record, to its newline outside quotes
  void SplitFields(CsvRecord* rec);

  std::string path_;
  int fd_;
  uint64_t size_;
  uint64_t end_ = 0;
  uint64_t first_record_ = 0;
  CsvRangeVisitor visit_range_;
  uint64_t visited_until_ = 0;  // visit_range_ has seen the range up to here
  char* data() { return buf_.data() + kLinePadding; }  // the file's bytes from buf_offset_, padded both sides
  std::vector<char> buf_ = std::vector<char>(2 * kLinePadding);
  uint64_t buf_offset_ = 0;  // file offset of data()[0]
  size_t pos_ = 0, len_ = 0;  // of data()
  std::string scratch_;  // unescaped quoted fields, or the excerpt of a long record
};

// The first record of `path`, as strings (its header), without a UTF-8
// byte-order mark. NotFound/IoError;
// InvalidArgument when the file is empty or the header is malformed.
[[nodiscard]] Result<std::vector<std::string>> ReadCsvHeader(const std::string& path);

}  // namespace qrmark::csv

#endif  // QRMARK_IO_CSV_CSV_READER_H_
