// SegmentWriter: create with a durable header, append slots, sync, seal.
#include "io/scanlog/segment_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "io/scanlog/recover.h"

namespace qrmark::scanlog {
namespace {

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Status WriteAll(int fd, std::span<const uint8_t> bytes, const std::string& path) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return PosixError("write", path, errno);
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

// A seal's rename: `open_path`, sealed and fsynced, to its `.seg` name (the
// caller makes the rename durable). The new path.
Result<std::string> RenameToSealed(const std::string& open_path) {
  const std::string sealed = open_path.substr(0, open_path.size() - kOpenSuffix.size()) + std::string(kSealedSuffix);
  if (std::rename(open_path.c_str(), sealed.c_str()) != 0) return PosixError("rename to " + sealed, open_path, errno);
  return sealed;
}

}  // namespace

Status SyncParentDir(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return PosixError("open directory", dir, errno);
  Status s = ::fsync(fd) == 0 ? Status::Ok() : PosixError("fsync directory", dir, errno);
  ::close(fd);
  return s;
}

Result<std::unique_ptr<SegmentWriter>> SegmentWriter::Create(const std::string& open_path,
                                                             uint64_t segment_id, int64_t created_unix_ms) {
  if (!EndsWith(open_path, kOpenSuffix)) {
    return InvalidArgument("segment being written must be named *.open: " + open_path);
  }
  int fd = ::open(open_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0 && errno == EEXIST) return AlreadyExists("segment exists: " + open_path);
  if (fd < 0) return PosixError("create", open_path, errno);
  SegmentHeader header;
  header.segment_id = segment_id;
  header.created_unix_ms = created_unix_ms;
  std::unique_ptr<SegmentWriter> w(new SegmentWriter(open_path, fd, header, 0));
  uint8_t bytes[kHeaderSize];
  EncodeHeader(header, bytes);
  QRMARK_RETURN_IF_ERROR(WriteAll(fd, bytes, open_path));
  if (::fsync(fd) != 0) return PosixError("fsync", open_path, errno);
  QRMARK_RETURN_IF_ERROR(SyncParentDir(open_path));
  return w;
}

Result<std::unique_ptr<SegmentWriter>> SegmentWriter::Reopen(const std::string& open_path) {
  if (!EndsWith(open_path, kOpenSuffix)) {
    return InvalidArgument("segment being written must be named *.open: " + open_path);
  }
  QRMARK_ASSIGN_OR_RETURN(Recovered rec, RecoverSegment(open_path));
  if (rec.header.sealed()) return FailedPrecondition("segment is already sealed: " + open_path);
  // No O_APPEND: Linux's pwrite would ignore its offset (Seal rewrites the header).
  int fd = ::open(open_path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return PosixError("open", open_path, errno);
  if (::lseek(fd, static_cast<off_t>(SlotOffset(rec.slots)), SEEK_SET) < 0) {
    Status s = PosixError("lseek", open_path, errno);
    ::close(fd);
    return s;
  }
  return std::unique_ptr<SegmentWriter>(new SegmentWriter(open_path, fd, rec.header, rec.slots));
}

Result<std::string> SealLeftOpen(const std::string& open_path) {
  if (!EndsWith(open_path, kOpenSuffix)) {
    return InvalidArgument("segment being written must be named *.open: " + open_path);
  }
  QRMARK_ASSIGN_OR_RETURN(Recovered rec, RecoverSegment(open_path));
  if (!rec.header.sealed()) {
    QRMARK_ASSIGN_OR_RETURN(std::unique_ptr<SegmentWriter> writer, SegmentWriter::Reopen(open_path));
    QRMARK_RETURN_IF_ERROR(writer->Seal());
    return writer->path();
  }
  // Sealed and fsynced, not yet renamed: finish what Seal began.
  QRMARK_ASSIGN_OR_RETURN(std::string sealed, RenameToSealed(open_path));
  QRMARK_RETURN_IF_ERROR(SyncParentDir(sealed));
  return sealed;
}

SegmentWriter::~SegmentWriter() {
  if (fd_ >= 0) ::close(fd_);
}

Status SegmentWriter::Fail(Status s) {
  if (broken_.ok()) broken_ = s;
  return s;
}

Status SegmentWriter::Append(std::span<const ScanRecord> records) {
  if (!broken_.ok()) return broken_;
  if (fd_ < 0) return FailedPrecondition("segment already sealed: " + path_);
  buffer_.resize(records.size() * kSlotSize);
  for (size_t i = 0; i < records.size(); ++i) {
    EncodeSlot(records[i], std::span<uint8_t, kSlotSize>(&buffer_[i * kSlotSize], kSlotSize));
  }
  Status s = WriteAll(fd_, buffer_, path_);
  if (!s.ok()) return Fail(s);
  slots_ += records.size();
  return Status::Ok();
}

Status SegmentWriter::Sync() {
  if (!broken_.ok()) return broken_;
  if (fd_ < 0) return FailedPrecondition("segment already sealed: " + path_);
  if (::fdatasync(fd_) != 0) return Fail(PosixError("fdatasync", path_, errno));
  return Status::Ok();
}

Status SegmentWriter::Seal() {
  if (!broken_.ok()) return broken_;
  if (fd_ < 0) return FailedPrecondition("segment already sealed: " + path_);
  header_.flags |= kHeaderFlagSealed;
  uint8_t bytes[kHeaderSize];
  EncodeHeader(header_, bytes);
  if (::pwrite(fd_, bytes, kHeaderSize, 0) != static_cast<ssize_t>(kHeaderSize)) {
    return Fail(PosixError("pwrite header", path_, errno));
  }
  if (::fsync(fd_) != 0) return Fail(PosixError("fsync", path_, errno));
  ::close(fd_);
  fd_ = -1;
  Result<std::string> sealed = RenameToSealed(path_);
  if (!sealed.ok()) return Fail(sealed.status());
  path_ = *sealed;
  return SyncParentDir(path_);
}

}  // namespace qrmark::scanlog
