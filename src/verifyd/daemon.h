// Daemon: qrmark-verifyd wired together (keys, code book, scan log, snapshot
// store, limits, metrics, HTTP server), with its reload and shutdown steps.
//
// main.cc owns the signals and calls Reload (SIGHUP), Poll (every
// poll interval: the registry file changed or `latest` moved) and Stop
// (SIGTERM: drain HTTP, then close the scan log). A failed reload is logged
// to stderr and the previous registry or snapshot keeps serving.
//
// Thread safety: call all methods from main's thread.
#ifndef QRMARK_SRC_VERIFYD_DAEMON_H_
#define QRMARK_SRC_VERIFYD_DAEMON_H_

#include <memory>
#include <string>

#include "src/verifyd/config.h"
#include "src/verifyd/http_server.h"
#include "src/verifyd/routes.h"

namespace qrmark::verifyd {

class Daemon {
 public:
  // Reads keys, registry and snapshot, recovers the scan log, listens.
  [[nodiscard]] static Result<std::unique_ptr<Daemon>> Start(const VerifydConfig& config);
  ~Daemon();

  void Reload();  // registry and snapshot, unconditionally
  void Poll();    // reload what changed on disk
  // Stops accepting, finishes in-flight requests, seals the scan log.
  [[nodiscard]] Status Stop();

 private:
  explicit Daemon(VerifydConfig config) : config_(std::move(config)) {}
  Status Init();
  void ReloadRegistry();
  void ReloadSnapshot();

  VerifydConfig config_;
  crypto::Ed25519PublicKey public_key_{};
  std::vector<uint8_t> master_;
  int64_t registry_mtime_ns_ = -1;
  std::string latest_target_;
  Metrics metrics_;
  RegionTable regions_;
  std::unique_ptr<CodeBookHolder> codes_;
  std::unique_ptr<InvalidCodeLimiter> limiter_;
  std::unique_ptr<SnapshotStore> snapshots_;
  std::unique_ptr<ScanLog> log_;
  Deps deps_;
  std::unique_ptr<HttpServer> server_;
  bool stopped_ = false;
};

}  // namespace qrmark::verifyd

#endif  // QRMARK_SRC_VERIFYD_DAEMON_H_
