// Even shares of a file's bytes among ranks, for parallel CSV reading.
//
// Rank r of p gets bytes [r*b + min(r,e), +b + (r<e)) with b = size/p and
// e = size%p; csv::CsvReader then aligns each share to record starts, told
// the quoting state at its first byte (checksum.h, io/csv/FORMAT.md). Binary
// segments use scanlog::RecordRangeOf instead (whole records). Pure.
#ifndef QRMARK_SRC_INGEST_BYTE_RANGE_H_
#define QRMARK_SRC_INGEST_BYTE_RANGE_H_

#include <cstdint>

namespace qrmark::ingest {

struct ByteRange {
  uint64_t begin = 0;
  uint64_t end = 0;  // exclusive
};

// Contiguous, in rank order, covering [0, size) exactly once.
constexpr ByteRange EvenByteRange(uint64_t size, int rank, int nranks) {
  const uint64_t r = static_cast<uint64_t>(rank), p = static_cast<uint64_t>(nranks);
  const uint64_t base = size / p, extra = size % p;
  const uint64_t begin = r * base + (r < extra ? r : extra);
  return {begin, begin + base + (r < extra ? 1 : 0)};
}

}  // namespace qrmark::ingest

#endif  // QRMARK_SRC_INGEST_BYTE_RANGE_H_
