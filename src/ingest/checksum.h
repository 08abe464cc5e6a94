// The one pass that reads every input byte: checksums that do not depend on
// the number of ranks, and the CSV quoting state where each rank's range
// starts.
//
// A file's checksum is SHA-256 over the concatenated SHA-256 digests of its
// fixed 64 MiB blocks, in block order (an empty file: SHA-256 of nothing).
// Blocks of all files are dealt to ranks by byte position in the inputs'
// concatenation, so every rank hashes about 1/p of the bytes; one Allgatherv
// shares the digests. Note: this is not `sha256sum` of the file (the snapshot manifest
// has those for its own outputs).
//
// A CSV file's range starts ("cuts") can fall inside a quoted field, where a
// newline is data (io/csv/quote_state.h). The rank that hashes a block also
// takes the quoting map (csv::CsvStateMap) of each piece of it between cuts,
// up to the last cut; a second Allgatherv shares the maps, and the state at
// each cut is the maps of every piece before it applied in order from the
// file's start: exact, and no byte is read twice.
//
// A caller that needs to look at every byte too (ingest counts segment units
// there: unit_filter.h) passes a PieceVisitor, called with each piece as it is
// hashed.
#ifndef QRMARK_SRC_INGEST_CHECKSUM_H_
#define QRMARK_SRC_INGEST_CHECKSUM_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "io/csv/quote_state.h"
#include "src/base/status.h"
#include "src/dist/comm.h"

namespace qrmark::ingest {

inline constexpr uint64_t kChecksumBlockBytes = 64ull << 20;

struct InputBytes {
  std::string path;
  uint64_t size = 0;
  std::vector<uint64_t> csv_cuts;  // non-decreasing offsets in [0, size] (none for a segment)
};

struct InputDigest {
  std::string sha256_hex;                     // lower-case hex
  std::vector<csv::CsvScanState> csv_states;  // the quoting state at each cut: after the bytes before it
};

// Called on the rank that hashes them with the bytes [offset, offset +
// bytes.size()) of input `file`. The pieces of a block come in order and
// start at the block's start plus multiples of kChecksumPieceBytes.
using PieceVisitor = std::function<void(size_t file, uint64_t offset, std::span<const uint8_t> bytes)>;
inline constexpr uint64_t kChecksumPieceBytes = 4ull << 20;

// The digests of `inputs`, in order, the same on every rank. Collective: all
// ranks call it with the same inputs; a read error on any rank is returned on
// every rank, naming the path.
[[nodiscard]] Result<std::vector<InputDigest>> DigestInputs(Comm& comm, const std::vector<InputBytes>& inputs,
                                                            uint64_t block_bytes = kChecksumBlockBytes,
                                                            const PieceVisitor& visit = {});

}  // namespace qrmark::ingest

#endif  // QRMARK_SRC_INGEST_CHECKSUM_H_
