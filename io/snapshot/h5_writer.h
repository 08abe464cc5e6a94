// WriteHdf5Snapshot: a SnapshotContent as ONE HDF5 file, written by all ranks.
//
// Layout (SCHEMA.md): root attributes from `content.attributes` plus
// `snapshot_id`; a group per table (attributes `rows`, `distributed`); a
// dataset per column, 1-D or rows x width, chunked, with a `description`
// attribute; a dictionary column also gets `<name>_dict` (fixed-length UTF-8
// strings) and an attribute `dictionary` naming it. An integer column is
// stored as the narrowest integer type of its signedness (8, 16, 32 or 64
// bits) that holds every value on every rank, and compressed by scale-offset
// only when the options ask for it. Distributed tables are each rank's slice,
// concatenated in rank order; replicated tables are rank 0's rows. Only
// parallel HDF5 (MPI-IO) is used: independent transfers into datasets
// allocated at creation, collective ones where a filter needs them; for
// reading back see h5_reader.h.
//
// Thread safety: call from the thread that owns `comm`.
#ifndef QRMARK_IO_SNAPSHOT_H5_WRITER_H_
#define QRMARK_IO_SNAPSHOT_H5_WRITER_H_

#include <string>
#include <string_view>

#include "io/snapshot/table.h"
#include "src/base/status.h"
#include "src/dist/comm.h"

namespace qrmark::snapshot {

// How integer columns are compressed. Scale-offset (HDF5's built-in filter:
// each chunk as offsets from its minimum, in as few bits as their range
// needs; every reader decodes it without plugins) makes snapshot.h5 about
// half the size; it costs about 7 ns a value to write, and a filtered
// parallel write must be collective. None is the default (SCHEMA.md has the
// measurements).
enum class IntegerCompression { kNone, kScaleOffset };

// "none" or "scale-offset"; InvalidArgument naming the choices otherwise.
Result<IntegerCompression> IntegerCompressionFromName(std::string_view name);

struct H5WriteOptions {
  IntegerCompression integers = IntegerCompression::kNone;
};

// Creates `path` (which must not exist) and writes `content` into it. The
// file is complete on return but not fsynced: the caller fsyncs it on every
// rank, since MPI-IO may have written any part of it from any rank
// (publish.h does).
// Collective: all ranks call it with the same path and the same structure
// (AgreeOnContent); MPI must be initialised, also for a SerialComm.
// Returns the same Status on every rank: InvalidArgument for bad content,
// IoError (HDF5's error stack in the message) when the file cannot be
// created or written, e.g. when it exists or the disk is full.
//
// Example:
//   QRMARK_RETURN_IF_ERROR(WriteHdf5Snapshot(world, content, dir + "/snapshot.h5"));
[[nodiscard]] Status WriteHdf5Snapshot(Comm& comm, const SnapshotContent& content, const std::string& path,
                                       const H5WriteOptions& options = {});

}  // namespace qrmark::snapshot

#endif  // QRMARK_IO_SNAPSHOT_H5_WRITER_H_
