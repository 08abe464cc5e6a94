// Getting snapshot files onto the disk: writeback started early, fsync as
// the guarantee.
//
// A publish writes every file, then fsyncs each one before the directory is
// renamed into place. StartWriteback, called as soon as a file's bytes are
// written, asks the kernel to begin writing them out now (Linux
// sync_file_range, SYNC_FILE_RANGE_WRITE) rather than when its dirty-page
// timers fire, so the disk works while the job computes and the fsync
// later finds little left to wait for. It is only a hint: it guarantees
// nothing and reports nothing. Fsync is the guarantee.
//
// Thread safety: plain functions over file descriptors and paths.
#ifndef QRMARK_IO_SNAPSHOT_FILE_SYNC_H_
#define QRMARK_IO_SNAPSHOT_FILE_SYNC_H_

#include <cstdint>
#include <string>

#include "src/base/status.h"

namespace qrmark::snapshot {

// Starts writeback of bytes [offset, offset + length) of the open file `fd`
// (length 0: to the end of the file). Errors are ignored: any failure to
// write is reported by the fsync that must follow.
void StartWriteback(int fd, uint64_t offset, uint64_t length);

// StartWriteback of the whole file at `path`, if it can be opened.
void StartWriteback(const std::string& path);

// fsync of the file or directory at `path`: the bytes written to it through
// any descriptor (on this host) are on disk when it returns OK. IoError
// naming the path otherwise.
//
// Example:
//   QRMARK_RETURN_IF_ERROR(Fsync(dir + "/users.csv"));
//   QRMARK_RETURN_IF_ERROR(Fsync(dir));  // its entries
[[nodiscard]] Status Fsync(const std::string& path);

}  // namespace qrmark::snapshot

#endif  // QRMARK_IO_SNAPSHOT_FILE_SYNC_H_
