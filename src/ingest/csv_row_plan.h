// The fast path of a CSV share: a line split and decoded straight from the
// reader's padded buffer by a plan of its columns.
//
// CsvReader::SplitPlainLine and CsvScanParser::Parse take any record; on the
// rows of a large export they pay for their generality with a branch per
// delimiter and per field length, which the CPU cannot predict (lengths of
// numbers and names vary from row to row). A row plan takes only the common
// case, a quote-free line with exactly the header's number of fields, and
// reads it with whole-word loads (CsvReader::kLinePadding makes the bytes
// around a line readable): comma and quote bit masks for the whole line
// (where the CPU has AVX-512 VBMI2, a line under 128 bytes has its comma
// offsets compressed out of them at once instead of found one by one),
// a row's integers as digit words whatever their length, converted
// together (one 512-bit vector with AVX-512), channel and device names
// compared as words. Where a mapping asks for more (a hashed user id, an
// amount from quantity × price or scaled, a cancellation prefix) or a field is
// not plainly good, the split fields go through CsvScanParser::Parse, so a
// verdict is always the one the general path gives. Lines the plan cannot
// split are left to the reader's general path. Thread-safe (const).
//
// Example:
//   CsvRowPlan plan(parser, mapping, columns);
//   CsvRowPlan::Row row;
//   uint64_t offset;
//   if (size_t line = plan.Parse(reader->Buffered(&offset), &row)) {
//     reader->Consume(line);
//     use(row.verdict, row.scan);
//   }
#ifndef QRMARK_SRC_INGEST_CSV_ROW_PLAN_H_
#define QRMARK_SRC_INGEST_CSV_ROW_PLAN_H_

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "io/csv/column_map.h"
#include "src/base/status.h"
#include "src/ingest/csv_scan.h"

namespace qrmark::ingest {

namespace row_plan_detail {

// The index of a short name (up to 8 bytes: channel and device OS names)
// with one multiply and one compare: each name's word (its bytes, zero
// above them) sits in the slot that its product with the multiplier points
// to, and the constructor picks a multiplier under which no two names share
// a slot. `names[i]` has index i; a longer name is never found.
class ShortNameIndex {
 public:
  explicit ShortNameIndex(std::span<const std::string_view> names);
  // False when no multiplier kept the names apart (then none is found).
  bool ok() const { return ok_; }
  // The index of the name whose bytes, as a word zero above them, are `word`
  // and whose length is `size`; 0 when there is none.
  size_t IndexOf(uint64_t word, size_t size) const {
    const Slot& slot = slots_[(word * multiplier_) >> (64 - kSlotBits)];
    return (slot.word == word) & (slot.size == size) ? slot.index : 0;
  }

 private:
  static constexpr int kSlotBits = 6;
  struct Slot {
    uint64_t word = 0;
    size_t size = SIZE_MAX;  // no name
    size_t index = 0;
  };
  std::array<Slot, size_t{1} << kSlotBits> slots_{};
  uint64_t multiplier_ = 0;
  bool ok_ = false;
};

}  // namespace row_plan_detail

class CsvRowPlan {
 public:
  // Bytes the plan may load before and after a line (CsvReader::kLinePadding
  // is at least this).
  static constexpr size_t kPadding = 64;
  // Longest line and most fields the plan splits; the reader takes the rest.
  static constexpr size_t kMaxLineBytes = 256;
  static constexpr size_t kMaxColumns = 64;

  // `parser` must outlive the plan; `mapping` and `columns` are its own.
  CsvRowPlan(const CsvScanParser& parser, const csv::CsvMapping& mapping, const csv::ColumnIndex& columns);

  struct Row {
    std::optional<RejectReason> verdict;  // nullopt: `scan` is good
    CsvScan scan;
    std::string_view raw;         // the line without a '\r' before its end, for the quarantine
    int64_t product_number = -1;  // the product code's value when it is a decimal number of up to 7
                                  // digits written the canonical way (LocalDictionary::IdOfNumber); else -1
    std::vector<std::string_view> fields;  // the line's fields (a Row reused across lines keeps its memory)
  };
  // `bytes`: a reader's buffered bytes from a record's start on
  // (csv::CsvReader::Buffered), kPadding readable bytes before and after
  // them. When they begin with a line the plan splits (no quote, the
  // header's number of fields, at most kMaxLineBytes), `*row` and that
  // line's length with its '\n'; else 0: read the record the general way.
  size_t Parse(std::string_view bytes, Row* row) const;

 private:
  // Decodes the fields of a plain mapping without CsvScanParser; false when
  // a field is not plainly good (then Parse asks the parser).
  bool DecodePlain(std::span<const std::string_view> f, Row* row) const;

  const CsvScanParser& parser_;
  csv::ColumnIndex cols_;
  // Channel and device OS names to their enum values.
  row_plan_detail::ShortNameIndex channels_, devices_;
  bool splits_ = false;  // the header has at most kMaxColumns fields
  bool plain_ = false;   // pseudonymous user ids, an amount column in cents, no cancellation prefix
};

// The plan's line masks, line splitters and digit lanes, apart so that tests
// can hold the vector versions to the portable ones.
namespace row_plan_detail {

// Bit k of word k / 64 set where line[k] is ',' (commas) or '"' (quotes),
// for the line that starts at `p`: its length (without the '\n') is `size`,
// or `found` is false when no '\n' is among the first min(available,
// kMaxLineBytes + 1) bytes. 64 bytes at a time: up to 63 bytes past
// `available` are loaded, and masked off.
struct LineMasks {
  static constexpr size_t kWords = CsvRowPlan::kMaxLineBytes / 64;
  std::array<uint64_t, kWords> commas{}, quotes{};
  size_t size = 0;
  bool found = false;
};

LineMasks MaskLine(const char* p, size_t available);  // SSE2, or a byte at a time
bool HasAvx2();                                       // whether MaskLineAvx2 may be called
#ifdef __x86_64__
LineMasks MaskLineAvx2(const char* p, size_t available);  // 32-byte compares: the same masks
#endif

enum class SplitResult {
  kSplit,     // the line's fields are in `f`, its length with the '\n' in `*line_bytes`
  kNotSplit,  // not a plain line: a quote, another number of fields, or no '\n' within kMaxLineBytes
  kLonger,    // (SplitShortLineAvx512 only) no '\n' among its first 128 bytes: ask SplitLine
};

// Splits the line at `p` (kPadding readable bytes before and after the
// `available` ones) into f.size() fields, the last without a '\r' before
// the '\n', when it has no quote and exactly that many fields.
SplitResult SplitLine(const char* p, size_t available, std::span<std::string_view> f, size_t* line_bytes);
// For each of 8 lanes, the word of the last k_i (byte i of `sizes`, 0 to 8)
// bytes before ends[i], after 8 - k_i '0's: its EightDigitsValue into
// values[i] and, as bit i of the result, whether it is eight ASCII digits
// (AreEightDigits). The 8 bytes before each ends[i] must be readable.
uint32_t DigitLanes(const char* const* ends, uint64_t sizes, uint64_t* values);
#ifdef __x86_64__
bool HasAvx512Digits();  // whether DigitLanesAvx512 may be called (AVX-512 BW)
// DigitLanes in one 512-bit vector; a value is the same where its word is
// digits (only then).
uint32_t DigitLanesAvx512(const char* const* ends, uint64_t sizes, uint64_t* values);
bool HasAvx512Split();  // whether SplitShortLineAvx512 may be called (AVX-512 BW and VBMI2)
// SplitLine's result for a line of up to 127 bytes, and kLonger for others.
SplitResult SplitShortLineAvx512(const char* p, size_t available, std::span<std::string_view> f,
                                 size_t* line_bytes);
#endif

}  // namespace row_plan_detail

// Ids of the short names (regions) met on lines the plan parsed, by their
// bytes loaded as two words: a name of up to 16 bytes with kPadding readable
// bytes after it costs two loads and a compare instead of a dictionary
// lookup with a branch on its length. Open addressing over kProbes slots
// from the name's own: names that share a slot both stay (a direct-mapped
// memo thrashed on 3 of the 34 province names of the generated data, 3 % to
// 7 % of lines each); only a name whose kProbes slots are all taken evicts
// the last of them. Longer names always go to the dictionary. Not thread-safe.
class PaddedNameMemo {
 public:
  // The id `id_of(name)` gives, remembered. Errors are passed on, not kept.
  template <class Lookup>
  Result<uint16_t> IdOf(std::string_view name, const Lookup& id_of);

 private:
  struct Entry {
    uint64_t low = 0, high = 0;
    size_t size = SIZE_MAX;  // no name: empty entry
    uint16_t id = 0;
  };
  static constexpr int kSlotBits = 8;
  static constexpr size_t kProbes = 4;
  std::array<Entry, size_t{1} << kSlotBits> entries_;
};

template <class Lookup>
Result<uint16_t> PaddedNameMemo::IdOf(std::string_view name, const Lookup& id_of) {
  const size_t n = name.size();
  if (n > 16) return id_of(name);
  uint64_t low, high;
  std::memcpy(&low, name.data(), 8);
  std::memcpy(&high, name.data() + 8, 8);
  low &= n >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * n)) - 1;
  high &= n >= 16 ? ~uint64_t{0} : n <= 8 ? 0 : (uint64_t{1} << (8 * (n - 8))) - 1;
  const size_t home =
      ((low * 0x9E3779B97F4A7C15ULL) ^ (high * 0xC2B2AE3D27D4EB4FULL) ^ n) >> (64 - kSlotBits);
  constexpr size_t kMask = (size_t{1} << kSlotBits) - 1;
  size_t slot = home;
  for (size_t probe = 0; probe < kProbes; ++probe) {
    slot = (home + probe) & kMask;
    const Entry& e = entries_[slot];
    if (e.low == low && e.high == high && e.size == n) return e.id;
    if (e.size == SIZE_MAX) break;  // an empty slot: the name is not further on
  }
  QRMARK_ASSIGN_OR_RETURN(uint16_t id, id_of(name));
  entries_[slot] = Entry{low, high, n, id};  // the empty slot met, or the last probed
  return id;
}

}  // namespace qrmark::ingest

#endif  // QRMARK_SRC_INGEST_CSV_ROW_PLAN_H_
