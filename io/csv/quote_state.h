// Which newlines of a CSV file end records: the quoting state, byte by byte.
//
// A record ends at a '\n' outside quotes. Whether a byte is inside quotes
// depends on every byte before it, so the state is a three-state scanner
// that starts the file in `kFieldStart`:
//
//   state        on '"'        on ',' or '\n'   on any other byte
//   kFieldStart  kQuoted       kFieldStart      kUnquoted
//   kUnquoted    kUnquoted     kFieldStart      kUnquoted
//   kQuoted      kFieldStart   kQuoted          kQuoted
//
// Only a quote at the start of a field opens a quoted field; a stray quote
// inside an unquoted field (`5" screen`) is a literal byte, so it spoils its
// own record (the field splitter rejects it) and never the lines after it.
// A closing quote leads to kFieldStart, where a second quote reopens the
// field: a doubled quote `""` inside quotes is two transitions, no lookahead.
// In a well-formed file this is plain quote parity (an odd number of quotes
// before a byte puts it inside a quoted field).
//
// For parallel reading, the effect of a piece of bytes is a `CsvStateMap`
// (the state after the piece for each state before it): maps of consecutive
// pieces compose, so the states at every rank's range start follow from the
// maps of the pieces before it (src/ingest/checksum.h takes each range's map
// while its reader reads it). Pure and thread-safe; 64 bytes at a time
// over SSE2 bit masks, a scalar step only for 64-byte blocks with a stray quote.
//
// Example:
//   CsvScanState state = CsvStateMapOf(head)(CsvScanState::kFieldStart);  // after `head`
//   size_t end = FindRecordEnd(tail, &state);  // tail.size() when no record ends in `tail`
#ifndef QRMARK_IO_CSV_QUOTE_STATE_H_
#define QRMARK_IO_CSV_QUOTE_STATE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace qrmark::csv {

enum class CsvScanState : uint8_t {
  kFieldStart,  // at a field start, or just after a closing quote: a quote opens (or reopens) a quoted field
  kUnquoted,    // inside an unquoted field: a quote is literal
  kQuoted,      // inside a quoted field: ',' and '\n' are data
};
inline constexpr int kCsvScanStates = 3;

// The state after some bytes, for each state before them.
struct CsvStateMap {
  std::array<CsvScanState, kCsvScanStates> after{CsvScanState::kFieldStart, CsvScanState::kUnquoted,
                                                 CsvScanState::kQuoted};  // the identity: no bytes

  CsvScanState operator()(CsvScanState before) const { return after[static_cast<int>(before)]; }
  // These bytes, then the ones `next` maps.
  CsvStateMap Then(const CsvStateMap& next) const;
  bool operator==(const CsvStateMap&) const = default;
};

// The map of `bytes`.
CsvStateMap CsvStateMapOf(std::string_view bytes);

// Index of the first '\n' in `bytes` that ends a record when the bytes are
// entered in `*state`, or bytes.size() when none does. `*state` becomes the
// state after the bytes scanned: after that newline (kFieldStart), or after
// all of them.
size_t FindRecordEnd(std::string_view bytes, CsvScanState* state);

}  // namespace qrmark::csv

#endif  // QRMARK_IO_CSV_QUOTE_STATE_H_
