// ScanLog: the daemon's durable scan log with group commit and per-unit counts.
//
// Submit decides a scan's flags from the unit's history, numbers it, counts
// it, and queues it; one commit thread appends whatever is queued, fdatasyncs
// once for the whole group, and only then calls each scan's `done`, so no
// answer leaves before its record is durable. Segments (io/scanlog) are
// rotated by record count and age; sealed `*.seg` files in `dir` are what the
// nightly job reads. Open recovers: each `*.open` left by a crash has its
// torn tail cut and is sealed, then every segment is read to rebuild the
// per-unit counts, so a repeat after a restart is still a repeat.
//
// Thread safety: Submit and History from any thread; `done` runs on the
// commit thread right after its group's fsync, so it must be quick and must
// not block: the next group's write waits for it.
#ifndef QRMARK_SRC_VERIFYD_SCAN_LOG_H_
#define QRMARK_SRC_VERIFYD_SCAN_LOG_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "io/scanlog/segment_writer.h"
#include "src/base/scan_record.h"
#include "src/base/status.h"

namespace qrmark::verifyd {

struct ScanLogOptions {
  std::string dir;                          // created if missing
  int64_t commit_interval_us = 0;           // extra gather time; 0: a group is what queued during the last fsync
  uint64_t max_segment_records = 1u << 20;  // rotate when reached
  int64_t max_segment_age_s = 3600;         // rotate a non-empty segment this old
  // Called on the commit thread after each group: fsync ns, records, bytes.
  std::function<void(int64_t, size_t, uint64_t)> on_commit;
};

// A unit's earlier scans, as the log holds them.
struct UnitHistory {
  uint64_t scans = 0;        // earlier scans of the unit
  int64_t first_ts_ms = 0;   // of the first scan (when scans > 0)
  uint16_t first_region = 0;
};

struct LoggedScan {
  ScanRecord record;    // as written: scan_id and flags filled in
  UnitHistory history;  // before this scan
};

struct RecoveryStats {
  uint64_t segments = 0, records = 0, bad_slots = 0, sealed_on_start = 0;
};

class ScanLog {
 public:
  using Decider = std::function<uint8_t(const UnitHistory&)>;
  using Done = std::function<void(Result<LoggedScan>)>;

  // Recovers `options.dir` and starts the commit thread.
  [[nodiscard]] static Result<std::unique_ptr<ScanLog>> Open(ScanLogOptions options);
  ~ScanLog();  // Close() if not yet closed

  // Queues `record` (scan_id and flags are overwritten; flags = decide(history)).
  // `done` gets the logged scan once durable, or the log's error.
  void Submit(ScanRecord record, const Decider& decide, Done done);

  // Commits everything queued, seals the current segment (removes it if it
  // holds no record), stops the threads.
  // Later Submits fail with Unavailable.
  [[nodiscard]] Status Close();

  UnitHistory History(uint32_t batch, uint64_t serial) const;
  const RecoveryStats& recovery() const { return recovery_; }

 private:
  struct Pending {
    LoggedScan scan;
    Done done;
  };
  explicit ScanLog(ScanLogOptions options) : options_(std::move(options)) {}
  Status Recover();
  Status StartSegment();
  void CommitLoop();
  void CommitGroup(std::vector<Pending>& group, std::vector<ScanRecord>& records);
  Status MaybeRotate();
  static uint64_t UnitKey(uint32_t batch, uint64_t serial) { return (uint64_t{batch} << 40) | serial; }

  ScanLogOptions options_;
  RecoveryStats recovery_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::unordered_map<uint64_t, UnitHistory> units_;  // GUARDED_BY(mu_)
  std::vector<Pending> queue_;                        // GUARDED_BY(mu_)
  uint64_t next_scan_id_ = 1;                         // GUARDED_BY(mu_)
  bool closing_ = false;                              // GUARDED_BY(mu_)
  Status broken_;                                     // GUARDED_BY(mu_)
  // Owned by the commit thread once started.
  std::unique_ptr<scanlog::SegmentWriter> writer_;
  uint64_t next_segment_id_ = 1;
  int64_t segment_started_ms_ = 0;
  std::thread thread_;
};

}  // namespace qrmark::verifyd

#endif  // QRMARK_SRC_VERIFYD_SCAN_LOG_H_
