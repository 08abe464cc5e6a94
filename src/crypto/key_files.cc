// Exclusive-create writes with fsync, and mode-checked reads of key files.
#include "src/crypto/key_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace qrmark::crypto {
namespace {

Status WriteAll(int fd, std::span<const uint8_t> bytes, const std::string& path) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return PosixError("write", path, errno);
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return PosixError("fsync", path, errno);
  return Status::Ok();
}

Status SyncParentDir(const std::string& path) {
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return PosixError("open directory", dir, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  return rc == 0 ? Status::Ok() : PosixError("fsync directory", dir, err);
}

Status WriteExclusive(const std::string& path, std::span<const uint8_t> bytes, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) return AlreadyExists(path + " already exists; refusing to overwrite it");
    return PosixError("create", path, errno);
  }
  // The umask may have narrowed `mode`; a secret must be exactly 0600 anyway.
  Status status = ::fchmod(fd, mode) == 0 ? Status::Ok() : PosixError("chmod", path, errno);
  if (status.ok()) status = WriteAll(fd, bytes, path);
  ::close(fd);
  if (!status.ok()) {
    ::unlink(path.c_str());
    return status;
  }
  return SyncParentDir(path);
}

}  // namespace

Status WriteSecretFile(const std::string& path, std::span<const uint8_t> bytes) {
  return WriteExclusive(path, bytes, 0600);
}

Status WritePublicFile(const std::string& path, std::span<const uint8_t> bytes) {
  return WriteExclusive(path, bytes, 0644);
}

Result<std::vector<uint8_t>> ReadWholeFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return PosixError("open", path, errno);
  std::vector<uint8_t> bytes;
  uint8_t block[65536];
  while (true) {
    ssize_t n = ::read(fd, block, sizeof(block));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status status = PosixError("read", path, errno);
      ::close(fd);
      return status;
    }
    if (n == 0) break;
    bytes.insert(bytes.end(), block, block + n);
  }
  ::close(fd);
  return bytes;
}

Result<std::vector<uint8_t>> ReadSecretFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return PosixError("stat", path, errno);
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof(mode), "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return FailedPrecondition("secret " + path + " has mode " + mode +
                              ", readable by others; run: chmod 600 " + path);
  }
  return ReadWholeFile(path);
}

}  // namespace qrmark::crypto
