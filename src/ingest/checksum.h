// Input checksums that do not depend on the number of ranks, and the CSV
// quoting state where each rank's range starts.
//
// A file's checksum is the CRC-32C (Castagnoli) of its bytes: the value
// crc32c tools and `gsutil hash -c` give, so a data engineer can check that a
// snapshot read the file they hold. It guards against changed or corrupted
// inputs, not against forgery (the snapshot's signed manifest covers the
// outputs with SHA-256); SHA-256 cost 8 % of a nightly run here, CRC-32C a
// fifth of that.
//
// Segments are checksummed in a pass of their own, before they are read
// (ingest counts their units there: unit_filter.h): blocks of
// kChecksumBlockBytes of all segments are dealt to ranks by byte position in
// their concatenation, so every rank reads about 1/p of the bytes; one
// Allgatherv shares the blocks' CRCs, which are joined in block order
// (Crc32cCombine), the same for any number of ranks. A caller that needs to
// look at every byte too passes a PieceVisitor, called with each piece as it
// is read.
//
// A CSV file is checksummed while it is parsed: each rank's reader hands the
// bytes of its range to a CsvRangeDigest (its CRC-32C and its quoting map,
// io/csv/quote_state.h), and JoinCsvRangeDigests joins the ranges' CRCs in
// rank order and folds their maps from the file's start into the exact
// quoting state at every range start: no byte is read twice (unless a
// reader started wrong and the inputs are read again: ingest.cc).
#ifndef QRMARK_SRC_INGEST_CHECKSUM_H_
#define QRMARK_SRC_INGEST_CHECKSUM_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv/quote_state.h"
#include "src/base/status.h"
#include "src/dist/comm.h"

namespace qrmark::ingest {

inline constexpr uint64_t kChecksumBlockBytes = 64ull << 20;

struct InputBytes {
  std::string path;
  uint64_t size = 0;
};

struct InputDigest {
  uint32_t crc32c = 0;                        // of the whole file
  std::vector<csv::CsvScanState> csv_states;  // CSV: the quoting state at each rank's range start
                                              // (EvenByteRange), after the bytes before it
};

// One rank's range of a CSV file, as its reader saw it.
struct CsvRangeDigest {
  uint32_t crc32c = 0;   // of the range's bytes
  csv::CsvStateMap map;  // their quoting map

  void Add(std::string_view bytes);  // the range's next bytes
};

// Called on the rank that reads them with the bytes [offset, offset +
// bytes.size()) of input `file`. The pieces of a block come in order and
// start at the block's start plus multiples of kChecksumPieceBytes.
using PieceVisitor = std::function<void(size_t file, uint64_t offset, std::span<const uint8_t> bytes)>;
// A piece stays in the core's cache from its read to the CRC and the
// visitor's pass (4 MiB pieces did not: ingest of 10 M segment scans on 2
// ranks took 0.69 s against 0.61 s, median of 5 alternations).
inline constexpr uint64_t kChecksumPieceBytes = 256ull << 10;

// The checksums of `inputs`, in order, the same on every rank. Collective: all
// ranks call it with the same inputs; a read error on any rank is returned on
// every rank, naming the path.
[[nodiscard]] Result<std::vector<InputDigest>> DigestInputs(Comm& comm, const std::vector<InputBytes>& inputs,
                                                            uint64_t block_bytes = kChecksumBlockBytes,
                                                            const PieceVisitor& visit = {});

// Each CSV file's CRC-32C and the quoting state at every rank's range start,
// from every rank's digest of its range (EvenByteRange of the file's size) of
// each file in `mine`. The same on every rank. Collective: all ranks call it
// with the same number of files.
[[nodiscard]] std::vector<InputDigest> JoinCsvRangeDigests(Comm& comm, const std::vector<uint64_t>& sizes,
                                                           const std::vector<CsvRangeDigest>& mine);

}  // namespace qrmark::ingest

#endif  // QRMARK_SRC_INGEST_CHECKSUM_H_
