// sync_file_range to start writeback; fsync through a fresh read-only
// descriptor (Linux flushes the file, whoever wrote it).
#include "io/snapshot/file_sync.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace qrmark::snapshot {

void StartWriteback(int fd, uint64_t offset, uint64_t length) {
  (void)::sync_file_range(fd, static_cast<off64_t>(offset), static_cast<off64_t>(length),
                          SYNC_FILE_RANGE_WRITE);
}

void StartWriteback(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  StartWriteback(fd, 0, 0);
  ::close(fd);
}

Status Fsync(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return PosixError("open", path, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  return rc == 0 ? Status::Ok() : PosixError("fsync", path, err);
}

}  // namespace qrmark::snapshot
