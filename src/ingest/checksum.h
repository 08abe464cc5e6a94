// Input checksums that do not depend on the number of ranks.
//
// A file's checksum is SHA-256 over the concatenated SHA-256 digests of its
// fixed 64 MiB blocks, in block order (an empty file: SHA-256 of nothing).
// Blocks of all files are dealt to ranks by byte position in the inputs'
// concatenation, so every rank hashes about 1/p of the bytes; one Allgatherv
// shares the digests. Note: this is not `sha256sum` of the file (the snapshot manifest
// has those for its own outputs).
#ifndef QRMARK_SRC_INGEST_CHECKSUM_H_
#define QRMARK_SRC_INGEST_CHECKSUM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "src/base/status.h"
#include "src/dist/comm.h"

namespace qrmark::ingest {

inline constexpr uint64_t kChecksumBlockBytes = 64ull << 20;

// Lower-case hex checksums of `paths` (whose sizes are `sizes`), the same on
// every rank. Collective: all ranks call it; a read error on any rank is
// returned on every rank, naming the path.
[[nodiscard]] Result<std::vector<std::string>> BlockChecksums(Comm& comm,
                                                              const std::vector<std::string>& paths,
                                                              const std::vector<uint64_t>& sizes,
                                                              uint64_t block_bytes = kChecksumBlockBytes);

}  // namespace qrmark::ingest

#endif  // QRMARK_SRC_INGEST_CHECKSUM_H_
