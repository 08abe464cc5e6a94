// CSV export of snapshot tables for CRM tools: one RFC 4180 file per table.
//
// Header row of column names (a width-w column becomes name_0..name_{w-1}),
// CRLF line ends, fields quoted only when they hold a comma, quote, CR, LF
// or leading/trailing space. Dictionary codes are written as their strings
// (-1 as an empty field). Integers in decimal; floating point in the
// shortest form that reads back to the same value (std::to_chars), NaN as an
// empty field, infinities as inf / -inf. The bytes depend only on the global
// rows, never on the number of ranks. Not a CSV reader (see io/csv).
//
// Thread safety: the formatting functions are pure; ExportCsv is collective.
#ifndef QRMARK_IO_SNAPSHOT_CSV_EXPORT_H_
#define QRMARK_IO_SNAPSHOT_CSV_EXPORT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/snapshot/file_digest.h"
#include "io/snapshot/table.h"
#include "src/base/status.h"
#include "src/dist/comm.h"

namespace qrmark::snapshot {

// Appends `field`, quoted and with quotes doubled if RFC 4180 needs it.
void AppendCsvField(std::string_view field, std::string* out);

// The header line of `table` (its columns with `export_csv`), CRLF included.
std::string CsvHeader(const Table& table);

// Formats rows of one table (its columns with `export_csv`): dictionaries
// are quoted once up front, and rows are formatted a batch at a time, column
// by column, so that each column's loop is compiled for its type (no
// per-cell type dispatch).
// `table` must pass ValidateContent and outlive the formatter.
class CsvRowFormatter {
 public:
  explicit CsvRowFormatter(const Table& table);
  // Appends rows [begin, end) (local row indices), CRLF after each.
  void AppendRows(size_t begin, size_t end, std::string* out) const;
  // The bytes AppendRows would append for rows [begin, end), counted
  // without formatting integers (digits are counted; doubles are formatted).
  uint64_t RowBytes(size_t begin, size_t end) const;

 private:
  // A dictionary word of up to this many bytes is copied as a whole slot
  // (one fixed-size copy, no call), the cursor then moved by its length.
  static constexpr size_t kWordSlotBytes = 32;
  struct Cells {
    const ColumnData* data;                 // the column's values
    size_t width;
    std::vector<std::string> quoted_words;  // dictionary columns: each entry as written
    // The same words in slots, when every one fits (else empty).
    std::vector<std::array<char, kWordSlotBytes>> word_slots;
  };
  std::vector<Cells> columns_;
  size_t cells_per_row_ = 0;
  size_t max_row_bytes_ = 2;  // CRLF; plus every cell at its longest and its comma
};

// One exported file, as this rank left it.
struct CsvFile {
  std::string path;                  // <dir>/<table>.csv
  bool wrote = false;                // this rank wrote bytes to it, so fsyncs it before publishing
  std::optional<FileDigest> digest;  // the header's writer only: holds the file's first bytes, those it wrote
};

// Writes `table` to `path` (which must not exist): rank 0 the header, every
// rank its slice of a distributed table at the offset given by an exclusive
// prefix sum of byte counts; the last rank all of a replicated one. Memory
// stays bounded: a slice's size is counted first (RowBytes), then its rows
// are formatted and written a block at a time. The header's writer hashes
// its bytes as it writes them (hashing before writing, so that the next rank's write goes on
// meanwhile). Writeback is started but nothing is fsynced: the caller fsyncs
// where `wrote` (publish.h does). A rank done with its rows before the
// others calls `while_waiting` (if given) until they are done or it returns
// false (Comm::AgreeOnStatusWhile).
// Collective: all ranks call it; the same Status on every rank (IoError or
// AlreadyExists naming the path).
[[nodiscard]] Result<CsvFile> ExportCsv(Comm& comm, const Table& table, const std::string& path,
                                        const std::function<bool()>& while_waiting = {});

// ExportCsv for every table with `export_csv`, as <dir>/<table>.csv; the
// files written, in table order. While a rank waits for the others to
// finish a file, it hashes ahead (HashAhead) the digests it holds of files
// already complete: those in `complete` (if given), then those of the files
// written before. Collective, like ExportCsv.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(std::vector<CsvFile> files, ExportCsvFiles(world, content, tmp_dir));
[[nodiscard]] Result<std::vector<CsvFile>> ExportCsvFiles(Comm& comm,
                                                          const SnapshotContent& content,
                                                          const std::string& dir,
                                                          std::vector<FileDigest>* complete = nullptr);

}  // namespace qrmark::snapshot

#endif  // QRMARK_IO_SNAPSHOT_CSV_EXPORT_H_
