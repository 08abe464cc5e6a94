// Checks on a SnapshotContent before any byte of a snapshot is written.
//
// Names become HDF5 paths and file names, so they are restricted to
// [A-Za-z0-9_-] (tables) and [A-Za-z0-9_] (columns). Shapes must agree and
// dictionary codes must be in range. AgreeOnContent also checks that every
// rank describes the same tables, so no rank waits in a collective call that
// another rank skips. Not a schema check of table-specific columns.
//
// Thread safety: pure over its arguments; AgreeOnContent is collective.
#ifndef QRMARK_IO_SNAPSHOT_VALIDATE_H_
#define QRMARK_IO_SNAPSHOT_VALIDATE_H_

#include <string>
#include <string_view>

#include "io/snapshot/table.h"
#include "src/base/status.h"
#include "src/dist/comm.h"

namespace qrmark::snapshot {

// True iff `name` is non-empty, at most 64 characters of [A-Za-z0-9_-] and
// (when `allow_dash` is false) has no '-'. Used for tables, columns, ids.
bool IsSafeName(std::string_view name, bool allow_dash);

// InvalidArgument naming the table and column at fault: a bad or duplicate
// name, data size != rows * width, columns of unequal rows, a dictionary on
// a non-int32 column, or a code outside [-1, dictionary size).
[[nodiscard]] Status ValidateContent(const SnapshotContent& content);

// ValidateContent on every rank, then InvalidArgument on every rank unless
// all ranks have the same tables, columns, types, widths, dictionaries,
// attributes and (for replicated tables) row counts.
// Collective: all ranks call it.
[[nodiscard]] Status AgreeOnContent(Comm& comm, const SnapshotContent& content);

// The type of a column's values, for messages and HDF5 type mapping.
const char* ColumnTypeName(const ColumnData& data);

}  // namespace qrmark::snapshot

#endif  // QRMARK_IO_SNAPSHOT_VALIDATE_H_
