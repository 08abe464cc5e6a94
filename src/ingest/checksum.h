// The one pass that reads every input byte: checksums that do not depend on
// the number of ranks, and the CSV quoting state where each rank's range
// starts.
//
// A file's checksum is the CRC-32C (Castagnoli) of its bytes: the value
// crc32c tools and `gsutil hash -c` give, so a data engineer can check that a
// snapshot read the file they hold. It guards against changed or corrupted
// inputs, not against forgery (the snapshot's signed manifest covers the
// outputs with SHA-256); SHA-256 cost 8 % of a nightly run here, CRC-32C a
// fifth of that. Blocks of kChecksumBlockBytes of all files are dealt to
// ranks by byte position in the inputs' concatenation, so every rank reads
// about 1/p of the bytes; one Allgatherv shares the blocks' CRCs, which are
// joined in block order (Crc32cCombine), the same for any number of ranks.
//
// A CSV file's range starts ("cuts") can fall inside a quoted field, where a
// newline is data (io/csv/quote_state.h). The rank that reads a block also
// takes the quoting map (csv::CsvStateMap) of each piece of it between cuts,
// up to the last cut; a second Allgatherv shares the maps, and the state at
// each cut is the maps of every piece before it applied in order from the
// file's start: exact, and no byte is read twice.
//
// A caller that needs to look at every byte too (ingest counts segment units
// there: unit_filter.h) passes a PieceVisitor, called with each piece as it is
// read.
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
  uint32_t crc32c = 0;                        // of the whole file
  std::vector<csv::CsvScanState> csv_states;  // the quoting state at each cut: after the bytes before it
};

// Called on the rank that reads them with the bytes [offset, offset +
// bytes.size()) of input `file`. The pieces of a block come in order and
// start at the block's start plus multiples of kChecksumPieceBytes.
using PieceVisitor = std::function<void(size_t file, uint64_t offset, std::span<const uint8_t> bytes)>;
inline constexpr uint64_t kChecksumPieceBytes = 4ull << 20;

// The checksums of `inputs`, in order, the same on every rank. Collective: all
// ranks call it with the same inputs; a read error on any rank is returned on
// every rank, naming the path.
[[nodiscard]] Result<std::vector<InputDigest>> DigestInputs(Comm& comm, const std::vector<InputBytes>& inputs,
                                                            uint64_t block_bytes = kChecksumBlockBytes,
                                                            const PieceVisitor& visit = {});

}  // namespace qrmark::ingest

#endif  // QRMARK_SRC_INGEST_CHECKSUM_H_
