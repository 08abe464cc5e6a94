// Recovering a segment after a crash: cut the torn tail, count what is left.
//
// Used by the verifier daemon at start-up on its unsealed `*.open` segment
// (through SegmentWriter::Reopen) and by tools. Corrupt slots in the middle
// are kept on disk (readers skip and report them) and counted here.
//
// Not safe while another process writes the file.
#ifndef QRMARK_IO_SCANLOG_RECOVER_H_
#define QRMARK_IO_SCANLOG_RECOVER_H_

#include <cstdint>
#include <string>

#include "io/scanlog/format.h"
#include "src/base/status.h"

namespace qrmark::scanlog {

struct Recovered {
  SegmentHeader header;
  uint64_t slots = 0;          // whole slots kept
  uint64_t valid_records = 0;  // slots that decode to a record
  uint64_t bad_slots = 0;      // slots a reader will skip (bad checksum/reserved)
  uint64_t bytes_cut = 0;      // torn tail removed from the end (0..63)
};

// Reads the whole segment at `path`, truncates a torn tail (then fsyncs)
// and returns the counts. NotFound/IoError name the path; Corruption when
// the header is missing or bad (an empty file has no header).
[[nodiscard]] Result<Recovered> RecoverSegment(const std::string& path);

}  // namespace qrmark::scanlog

#endif  // QRMARK_IO_SCANLOG_RECOVER_H_
