// ScanLog: recovery, the group-commit thread and segment rotation.
#include "src/verifyd/scan_log.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "io/scanlog/format.h"
#include "io/scanlog/segment_reader.h"

namespace qrmark::verifyd {
namespace {

namespace fs = std::filesystem;

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

class CountingReporter : public scanlog::Reporter {
 public:
  explicit CountingReporter(const std::string& path) : path_(path) {}
  void Corruption(uint64_t offset, std::string_view reason) override {
    ++bad;
    std::fprintf(stderr, "qrmark-verifyd: %s: skipping slot at offset %llu: %.*s\n",
                 path_.c_str(), static_cast<unsigned long long>(offset),
                 static_cast<int>(reason.size()), reason.data());
  }
  uint64_t bad = 0;

 private:
  std::string path_;
};

// Files in `dir` ending in `suffix`, sorted by name (= by segment id).
std::vector<std::string> FilesWithSuffix(const std::string& dir, std::string_view suffix) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (name.size() > suffix.size() && name.ends_with(suffix)) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Result<std::unique_ptr<ScanLog>> ScanLog::Open(ScanLogOptions options) {
  std::error_code ec;
  fs::create_directories(options.dir, ec);
  if (ec) return IoError("cannot create scan-log dir " + options.dir + ": " + ec.message());
  std::unique_ptr<ScanLog> log(new ScanLog(std::move(options)));
  QRMARK_RETURN_IF_ERROR(log->Recover());
  QRMARK_RETURN_IF_ERROR(log->StartSegment());
  log->thread_ = std::thread([p = log.get()] { p->CommitLoop(); });
  return log;
}

Status ScanLog::Recover() {
  for (const std::string& open : FilesWithSuffix(options_.dir, scanlog::kOpenSuffix)) {
    struct stat st;
    if (stat(open.c_str(), &st) == 0 && static_cast<uint64_t>(st.st_size) < scanlog::kHeaderSize) {
      if (unlink(open.c_str()) != 0) return PosixError("unlink headerless segment", open, errno);
      continue;  // a crash during Create: no record can be in it
    }
    QRMARK_RETURN_IF_ERROR(scanlog::SealLeftOpen(open).status());
    ++recovery_.sealed_on_start;
  }
  for (const std::string& seg : FilesWithSuffix(options_.dir, scanlog::kSealedSuffix)) {
    QRMARK_ASSIGN_OR_RETURN(auto reader, scanlog::SegmentReader::Open(seg));
    next_segment_id_ = std::max(next_segment_id_, reader->header().segment_id + 1);
    CountingReporter reporter(seg);
    scanlog::RecordRange all = scanlog::RecordRangeOf(reader->file_size(), 0, 1);
    QRMARK_RETURN_IF_ERROR(reader->Read(all, reporter, [&](std::span<const ScanRecord> recs, std::span<const uint64_t>) {
      for (const ScanRecord& r : recs) {
        UnitHistory& h = units_[UnitKey(r.batch_id, r.serial)];
        if (h.scans++ == 0) h.first_ts_ms = r.ts_unix_ms, h.first_region = r.region;
        next_scan_id_ = std::max(next_scan_id_, r.scan_id + 1);
        ++recovery_.records;
      }
    }));
    recovery_.bad_slots += reporter.bad;
    ++recovery_.segments;
  }
  return Status::Ok();
}

Status ScanLog::StartSegment() {
  char name[48];
  std::snprintf(name, sizeof name, "/scans-%010llu.open",
                static_cast<unsigned long long>(next_segment_id_));
  segment_started_ms_ = NowMs();
  QRMARK_ASSIGN_OR_RETURN(writer_, scanlog::SegmentWriter::Create(options_.dir + name,
                                                                  next_segment_id_, segment_started_ms_));
  ++next_segment_id_;
  return Status::Ok();
}

void ScanLog::Submit(ScanRecord record, const Decider& decide, Done done) {
  std::unique_lock<std::mutex> lock(mu_);
  if (closing_ || !broken_.ok()) {
    Status s = closing_ ? Unavailable("scan log is closing") : broken_;
    lock.unlock();
    done(s);
    return;
  }
  UnitHistory& h = units_[UnitKey(record.batch_id, record.serial)];
  Pending p{{record, h}, std::move(done)};
  p.scan.record.flags = decide(h);
  p.scan.record.scan_id = next_scan_id_++;
  if (h.scans++ == 0) h.first_ts_ms = record.ts_unix_ms, h.first_region = record.region;
  queue_.push_back(std::move(p));
  if (queue_.size() == 1) cv_.notify_one();
}

void ScanLog::CommitLoop() {
  // Both keep their capacity from group to group: no allocation per commit.
  std::vector<Pending> group;
  std::vector<ScanRecord> records;
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait_for(lock, std::chrono::seconds(1), [&] { return closing_ || !queue_.empty(); });
    if (!queue_.empty() && options_.commit_interval_us > 0 && !closing_) {
      lock.unlock();
      std::this_thread::sleep_for(std::chrono::microseconds(options_.commit_interval_us));
      lock.lock();
    }
    group.swap(queue_);
    bool stop = closing_ && group.empty();
    lock.unlock();
    if (!group.empty()) CommitGroup(group, records);
    Status rotated = stop ? Status::Ok() : MaybeRotate();
    lock.lock();
    if (!rotated.ok() && broken_.ok()) broken_ = rotated;
    if (stop) return;
  }
}

void ScanLog::CommitGroup(std::vector<Pending>& group, std::vector<ScanRecord>& records) {
  records.clear();
  for (const Pending& p : group) records.push_back(p.scan.record);
  auto t0 = std::chrono::steady_clock::now();
  Status s;
  {
    std::lock_guard<std::mutex> lock(mu_);
    s = broken_;
  }
  if (s.ok()) s = writer_->Append(records);
  if (s.ok()) s = writer_->Sync();
  int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now() - t0).count();
  if (!s.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    if (broken_.ok()) broken_ = s;
  }
  if (options_.on_commit) options_.on_commit(ns, records.size(), records.size() * scanlog::kSlotSize);
  for (Pending& p : group) {
    if (s.ok()) p.done(p.scan); else p.done(s);
  }
  group.clear();
}

Status ScanLog::MaybeRotate() {
  if (!writer_ || writer_->slots() == 0) return Status::Ok();
  bool full = writer_->slots() >= options_.max_segment_records;
  bool old = NowMs() - segment_started_ms_ >= options_.max_segment_age_s * 1000;
  if (!full && !old) return Status::Ok();
  QRMARK_RETURN_IF_ERROR(writer_->Seal());
  return StartSegment();
}

Status ScanLog::Close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closing_) return broken_;
    closing_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
  std::lock_guard<std::mutex> lock(mu_);
  if (broken_.ok() && writer_ && writer_->slots() == 0) {  // nothing to hand to the job
    std::string path = writer_->path();
    writer_.reset();
    if (unlink(path.c_str()) != 0) broken_ = PosixError("unlink empty segment", path, errno);
  }
  if (broken_.ok() && writer_) broken_ = writer_->Seal();
  writer_.reset();
  return broken_;
}

ScanLog::~ScanLog() { (void)Close(); }

UnitHistory ScanLog::History(uint32_t batch, uint64_t serial) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = units_.find(UnitKey(batch, serial));
  return it == units_.end() ? UnitHistory{} : it->second;
}

}  // namespace qrmark::verifyd
