// report.json: the snapshot's attributes and table sizes as plain JSON, for
// people and tools that do not read HDF5 (the same figures as snapshot.h5's
// root attributes). Not parsed back by qrmark; the manifest covers it.
//
// Thread safety: pure function.
#ifndef QRMARK_IO_SNAPSHOT_REPORT_JSON_H_
#define QRMARK_IO_SNAPSHOT_REPORT_JSON_H_

#include <cstdint>
#include <span>
#include <string>

#include "io/snapshot/table.h"

namespace qrmark::snapshot {

// {"snapshot_id": .., "attributes": {name: value, ..}, "tables": {name:
// {"rows": n, "columns": [..]}, ..}} with `table_rows[i]` the global rows of
// content.tables[i]. Doubles in shortest round-trip form; NaN and
// infinities as null. Strings escaped per RFC 8259.
std::string ReportJson(const SnapshotContent& content, std::span<const int64_t> table_rows);

// `s` as a JSON string literal, quotes included.
std::string JsonString(std::string_view s);

}  // namespace qrmark::snapshot

#endif  // QRMARK_IO_SNAPSHOT_REPORT_JSON_H_
