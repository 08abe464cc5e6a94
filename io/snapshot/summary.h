// SummarizeSnapshot: the human summary `qrmark inspect` prints.
//
// Generic first (every root attribute, every table with its rows and column
// types), then named sections when their tables exist: users by tier and by
// segment, clusters, top regions (by_region), items; then warnings (high
// reject rate from `records_in`/`records_rejected`, a `warnings`
// attribute, an empty users table). Reads through H5Reader; not a stable
// machine format (tools read snapshot.h5 or report.json instead).
//
// Thread safety: as H5Reader.
#ifndef QRMARK_IO_SNAPSHOT_SUMMARY_H_
#define QRMARK_IO_SNAPSHOT_SUMMARY_H_

#include <string>

#include "io/snapshot/h5_reader.h"
#include "src/base/status.h"

namespace qrmark::snapshot {

// Reject rates above this fraction are warned about.
inline constexpr double kRejectWarnFraction = 0.01;

// The summary text, newline-terminated lines; errors from reading the file.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(H5Reader reader, H5Reader::Open(dir + "/snapshot.h5"));
//   QRMARK_ASSIGN_OR_RETURN(std::string text, SummarizeSnapshot(reader));
[[nodiscard]] Result<std::string> SummarizeSnapshot(const H5Reader& reader);

}  // namespace qrmark::snapshot

#endif  // QRMARK_IO_SNAPSHOT_SUMMARY_H_
