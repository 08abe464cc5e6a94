// CSV formatting (to_chars, RFC 4180 quoting) and the parallel pwrite of
// each rank's bytes at its prefix-sum offset, hashed on rank 0 as written.
#include "io/snapshot/csv_export.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <type_traits>
#include <vector>

#include "io/snapshot/file_sync.h"
#include "io/snapshot/validate.h"

namespace qrmark::snapshot {
namespace {

// Rows formatted, hashed and written together: a block of a few hundred KB
// that stays in the cache from the formatting to the write.
constexpr size_t kBlockRows = 1 << 11;

// The most one pwrite is given. The kernel sizes the page-cache folios it
// allocates by the write's length, and a large folio's first touch is slow
// where the memory comes back from a VM's host (bench/job/README.md, "Memory
// on this VM"): 670 MB written 2.6 MB at a time took 1.2-1.4 s there, 256 KB
// at a time 0.15-0.3 s.
constexpr size_t kMaxWriteBytes = 256 << 10;

// What a rank waiting for the others hashes of a complete file between two
// looks at whether they are done: about half a millisecond of SHA-256.
constexpr uint64_t kHashAheadBytes = 1 << 20;

// The longest a number can print as: to_chars of a double in shortest form
// ("-1.2345678901234567e-308") or of a 64-bit integer.
constexpr size_t kMaxNumberBytes = 32;

// Rows formatted together, a column at a time: at most this many, and at
// most kBatchBytes of lines at their longest.
constexpr size_t kBatchRows = 256;
constexpr size_t kBatchBytes = 256 << 10;

template <typename T>
char* PutNumber(T value, char* at) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(value)) return at;
  } else {
    if (value >= 0 && value < 10) {  // most counts, scores and histogram cells
      *at = static_cast<char>('0' + value);
      return at + 1;
    }
  }
  return std::to_chars(at, at + kMaxNumberBytes, value).ptr;
}

// Appends the cells of rows [first, first + n) of one column, each row at
// its cursor `at[i]`, a comma after each cell: numbers, or for a dictionary
// column the quoted words (ValidateContent allows dictionaries on int32
// columns only), copied a whole slot at a time when `word_slots` holds them
// (each row's room then has kSlot spare bytes past its longest line).
template <typename T, size_t kSlot>
void AppendColumn(const std::vector<T>& values, size_t width, const std::vector<std::string>& quoted_words,
                  const std::vector<std::array<char, kSlot>>& word_slots, size_t first, size_t n, char** at) {
  const T* row = values.data() + first * width;
  if (quoted_words.empty()) {
    for (size_t i = 0; i < n; ++i, row += width) {
      char* p = at[i];
      for (size_t w = 0; w < width; ++w) {
        p = PutNumber(row[w], p);
        *p++ = ',';
      }
      at[i] = p;
    }
    return;
  }
  if constexpr (std::is_same_v<T, int32_t>) {
    for (size_t i = 0; i < n; ++i, row += width) {
      char* p = at[i];
      for (size_t w = 0; w < width; ++w) {
        if (row[w] >= 0) {  // -1 = none, an empty field
          const size_t id = static_cast<size_t>(row[w]);
          if (!word_slots.empty()) {
            std::memcpy(p, word_slots[id].data(), kSlot);
            p += quoted_words[id].size();
          } else {
            p = std::copy(quoted_words[id].begin(), quoted_words[id].end(), p);
          }
        }
        *p++ = ',';
      }
      at[i] = p;
    }
  }
}

Status PwriteAll(int fd, std::string_view bytes, off_t offset, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t n = ::pwrite(fd, bytes.data(), std::min(bytes.size(), kMaxWriteBytes), offset);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return PosixError("write", path, errno);
    bytes.remove_prefix(static_cast<size_t>(n));
    offset += n;
  }
  return Status::Ok();
}

// Decimal digits of `v` (1 for 0), without a division: from its bit length,
// corrected by one comparison with a power of ten.
size_t DecimalDigits(uint64_t v) {
  static constexpr std::array<uint64_t, 20> kPowers = [] {
    std::array<uint64_t, 20> p{};
    p[0] = 1;
    for (size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
    return p;
  }();
  if (v == 0) return 1;
  const size_t guess = (static_cast<size_t>(std::bit_width(v)) * 1233) >> 12;  // floor(bits * log10(2))
  return guess + (v >= kPowers[guess] ? 1 : 0);
}

// Characters `value` prints as (PutNumber).
template <typename T>
size_t NumberBytes(T value) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(value)) return 0;
    char buffer[kMaxNumberBytes];
    return static_cast<size_t>(std::to_chars(buffer, buffer + kMaxNumberBytes, value).ptr - buffer);
  } else {
    using U = std::make_unsigned_t<T>;
    size_t sign = 0;
    U magnitude = static_cast<U>(value);
    if constexpr (std::is_signed_v<T>) {
      if (value < 0) sign = 1, magnitude = static_cast<U>(U{0} - magnitude);
    }
    return sign + DecimalDigits(uint64_t{magnitude});
  }
}

// Writes rows [0, rows) after `header` at `offset`, formatted a block at a
// time, feeding `digest` (if any) each buffer just before it is written, then
// starts the writeback of what it wrote.
Status WriteRows(const CsvRowFormatter& formatter, std::string_view header, size_t rows, off_t offset,
                 const std::string& path, FileDigest* digest) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return PosixError("open", path, errno);
  const off_t start = offset;
  auto write = [&](std::string_view bytes) {
    if (digest) {
      digest->hasher.Update(crypto::AsBytes(bytes));
      digest->hashed += bytes.size();
    }
    Status status = PwriteAll(fd, bytes, offset, path);
    offset += static_cast<off_t>(bytes.size());
    return status;
  };
  std::string block(header);
  Status status;
  for (size_t begin = 0; status.ok() && begin < rows; begin += kBlockRows) {
    formatter.AppendRows(begin, std::min(rows, begin + kBlockRows), &block);
    status = write(block);
    block.clear();
  }
  if (status.ok() && !block.empty()) status = write(block);  // a header alone
  if (status.ok()) StartWriteback(fd, static_cast<uint64_t>(start), static_cast<uint64_t>(offset - start));
  ::close(fd);
  return status;
}

Status CreateEmpty(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return PosixError("create", path, errno);
  ::close(fd);
  return Status::Ok();
}

}  // namespace

void AppendCsvField(std::string_view field, std::string* out) {
  bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!quote) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char ch : field) {
    if (ch == '"') out->push_back('"');
    out->push_back(ch);
  }
  out->push_back('"');
}

std::string CsvHeader(const Table& table) {
  std::string out;
  for (const Column& column : table.columns) {
    if (!column.export_csv) continue;
    for (size_t w = 0; w < column.width; ++w) {
      if (!out.empty()) out.push_back(',');
      AppendCsvField(column.width > 1 ? column.name + "_" + std::to_string(w) : column.name, &out);
    }
  }
  return out + "\r\n";
}

CsvRowFormatter::CsvRowFormatter(const Table& table) {
  for (const Column& column : table.columns) {
    if (!column.export_csv) continue;
    Cells cells{&column.data, column.width, {}, {}};
    size_t longest = kMaxNumberBytes;
    if (!column.dictionary.empty()) {
      longest = 0;
      for (const std::string& word : column.dictionary) {
        cells.quoted_words.emplace_back();
        AppendCsvField(word, &cells.quoted_words.back());
        longest = std::max(longest, cells.quoted_words.back().size());
      }
      if (longest <= kWordSlotBytes) {
        for (const std::string& quoted : cells.quoted_words) {
          std::array<char, kWordSlotBytes>& slot = cells.word_slots.emplace_back();
          slot.fill('\0');
          std::copy(quoted.begin(), quoted.end(), slot.begin());
        }
      }
    }
    max_row_bytes_ += column.width * (longest + 1);
    cells_per_row_ += column.width;
    columns_.push_back(std::move(cells));
  }
}

uint64_t CsvRowFormatter::RowBytes(size_t begin, size_t end) const {
  if (cells_per_row_ == 0) return 2 * (end - begin);  // just the line ends
  uint64_t bytes = (cells_per_row_ + 1) * (end - begin);  // a comma or CR after each cell, LF
  for (const Cells& column : columns_) {
    std::visit(
        [&](const auto& values) {
          for (size_t i = begin * column.width; i < end * column.width; ++i) {
            if (column.quoted_words.empty()) {
              bytes += NumberBytes(values[i]);
            } else if (values[i] >= 0) {
              bytes += column.quoted_words[static_cast<size_t>(values[i])].size();
            }
          }
        },
        *column.data);
  }
  return bytes;
}

void CsvRowFormatter::AppendRows(size_t begin, size_t end, std::string* out) const {
  // A line's room at its longest, and a word slot's spare bytes past it.
  const size_t room = max_row_bytes_ + kWordSlotBytes;
  const size_t batch = std::clamp<size_t>(kBatchBytes / room, 1, kBatchRows);
  std::string lines(batch * room, '\0');
  std::vector<char*> at(batch);
  for (size_t first = begin; first < end; first += batch) {
    const size_t n = std::min(batch, end - first);
    for (size_t i = 0; i < n; ++i) at[i] = &lines[i * room];
    for (const Cells& column : columns_) {
      std::visit(
          [&](const auto& values) {
            AppendColumn(values, column.width, column.quoted_words, column.word_slots, first, n, at.data());
          },
          *column.data);
    }
    for (size_t i = 0; i < n; ++i) {
      char* line = &lines[i * room];
      char* p = at[i];
      if (p == line) *p++ = ',';  // no columns: just the line end
      p[-1] = '\r';               // over the last cell's comma
      *p++ = '\n';
      out->append(line, p);
    }
  }
}

Result<CsvFile> ExportCsv(Comm& comm, const Table& table, const std::string& path,
                          const std::function<bool()>& while_waiting) {
  // The rank that writes the header (and holds the digest): rank 0 for a
  // distributed table, whose first rows it holds; the last rank for a
  // replicated one, which it writes whole, since rank 0 has more to do next
  // (it finishes the distributed files' digests: publish.cc).
  const bool root = comm.rank() == (table.distributed ? 0 : comm.size() - 1);
  size_t rows = (table.distributed || root) ? table.rows() : 0;
  const CsvRowFormatter formatter(table);
  const std::string header = root ? CsvHeader(table) : std::string();
  const uint64_t bytes = header.size() + formatter.RowBytes(0, rows);
  std::vector<uint64_t> sizes = comm.AllgathervOf<uint64_t>(std::span(&bytes, 1));
  off_t offset = 0;
  for (int r = 0; r < comm.rank(); ++r) offset += static_cast<off_t>(sizes[r]);
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(root ? CreateEmpty(path) : Status::Ok()));
  CsvFile file{path, bytes > 0, std::nullopt};
  if (root) file.digest.emplace(FileDigest{path});
  Status status = file.wrote ? WriteRows(formatter, header, rows, offset, path,
                                         file.digest ? &*file.digest : nullptr)
                             : Status::Ok();
  QRMARK_RETURN_IF_ERROR(while_waiting ? comm.AgreeOnStatusWhile(status, while_waiting)
                                        : comm.AgreeOnStatus(status));
  return file;
}

Result<std::vector<CsvFile>> ExportCsvFiles(Comm& comm, const SnapshotContent& content,
                                            const std::string& dir, std::vector<FileDigest>* complete) {
  QRMARK_RETURN_IF_ERROR(AgreeOnContent(comm, content));
  std::vector<CsvFile> files;
  const auto hash_ahead = [&] {
    if (complete) {
      for (FileDigest& digest : *complete) {
        if (HashAhead(digest, kHashAheadBytes)) return true;
      }
    }
    for (CsvFile& file : files) {
      if (file.digest && HashAhead(*file.digest, kHashAheadBytes)) return true;
    }
    return false;
  };
  for (const Table& table : content.tables) {
    if (!table.export_csv) continue;
    QRMARK_ASSIGN_OR_RETURN(CsvFile file, ExportCsv(comm, table, dir + "/" + table.name + ".csv", hash_ahead));
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace qrmark::snapshot
