// RecoverSegment: a counting pass with SegmentReader, then truncate + fsync.
#include "io/scanlog/recover.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "io/scanlog/segment_reader.h"

namespace qrmark::scanlog {
namespace {

class CountingReporter final : public Reporter {
 public:
  void Corruption(uint64_t, std::string_view reason) override {
    if (reason != "torn_tail") ++bad_slots;
  }
  uint64_t bad_slots = 0;
};

}  // namespace

Result<Recovered> RecoverSegment(const std::string& path) {
  QRMARK_ASSIGN_OR_RETURN(auto reader, SegmentReader::Open(path));
  const uint64_t size = reader->file_size();
  if (size == 0) return Corruption(path + ": empty file has no segment header");
  Recovered rec;
  rec.header = reader->header();
  rec.slots = SlotCount(size);
  rec.bytes_cut = TornTailBytes(size);
  CountingReporter reporter;
  QRMARK_RETURN_IF_ERROR(reader->Read(
      WholeFile(size), reporter,
      [&](std::span<const ScanRecord> r, std::span<const uint64_t>) { rec.valid_records += r.size(); }));
  rec.bad_slots = reporter.bad_slots;
  if (rec.bytes_cut == 0) return rec;
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return PosixError("open", path, errno);
  Status s = ::ftruncate(fd, static_cast<off_t>(SlotOffset(rec.slots))) == 0
                 ? Status::Ok()
                 : PosixError("ftruncate", path, errno);
  if (s.ok() && ::fsync(fd) != 0) s = PosixError("fsync", path, errno);
  ::close(fd);
  if (!s.ok()) return s;
  return rec;
}

}  // namespace qrmark::scanlog
