// Daemon wiring: start-up order, reloads, and the SIGTERM drain order.
#include "src/verifyd/daemon.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cstdio>
#include <fstream>

#include "src/codes/keys_dir.h"
#include "src/crypto/key_files.h"

namespace qrmark::verifyd {
namespace {

int64_t MtimeNs(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return -1;
  return int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec + st.st_size;
}

std::string LinkTarget(const std::string& path) {
  char buf[PATH_MAX];
  ssize_t n = readlink(path.c_str(), buf, sizeof buf - 1);
  return n < 0 ? std::string() : std::string(buf, static_cast<size_t>(n));
}

int64_t WallMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void Log(const std::string& line) { std::fprintf(stderr, "qrmark-verifyd: %s\n", line.c_str()); }

}  // namespace

Result<std::unique_ptr<Daemon>> Daemon::Start(const VerifydConfig& config) {
  std::unique_ptr<Daemon> d(new Daemon(config));
  QRMARK_RETURN_IF_ERROR(d->Init());
  return d;
}

Status Daemon::Init() {
  QRMARK_ASSIGN_OR_RETURN(public_key_, codes::ReadSigningPublicKey(config_.keys_dir));
  QRMARK_ASSIGN_OR_RETURN(master_, codes::ReadTagMaster(config_.keys_dir));
  QRMARK_ASSIGN_OR_RETURN(deps_.user_hash_key, codes::ReadUserHashKey(config_.keys_dir));
  if (!config_.token_file.empty()) {
    QRMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> token, crypto::ReadSecretFile(config_.token_file));
    deps_.bearer_token.assign(token.begin(), token.end());
    while (!deps_.bearer_token.empty() && std::isspace(static_cast<unsigned char>(deps_.bearer_token.back()))) {
      deps_.bearer_token.pop_back();
    }
  }
  QRMARK_ASSIGN_OR_RETURN(regions_, RegionTable::Load(config_.region_table));
  registry_mtime_ns_ = MtimeNs(config_.registry);
  QRMARK_ASSIGN_OR_RETURN(auto book, CodeBook::Load(config_.registry, public_key_, master_));
  codes_ = std::make_unique<CodeBookHolder>(std::move(book));
  limiter_ = std::make_unique<InvalidCodeLimiter>(config_.server.limits.invalid_burst,
                                                  config_.server.limits.invalid_refill_per_s);
  if (!config_.snapshot_root.empty()) {
    snapshots_ = std::make_unique<SnapshotStore>(config_.snapshot_root, public_key_);
    ReloadSnapshot();
  }
  config_.scan_log.on_commit = [m = &metrics_](int64_t ns, size_t n, uint64_t bytes) {
    m->CountCommit(ns, n, bytes);
  };
  QRMARK_ASSIGN_OR_RETURN(log_, ScanLog::Open(config_.scan_log));
  const RecoveryStats& r = log_->recovery();
  Log("scan log recovered: " + std::to_string(r.segments) + " segments, " +
      std::to_string(r.records) + " records, " + std::to_string(r.bad_slots) + " bad slots, " +
      std::to_string(r.sealed_on_start) + " sealed on start");
  deps_ = Deps{codes_.get(), log_.get(), snapshots_.get(), &metrics_, limiter_.get(), &regions_,
               deps_.user_hash_key, deps_.bearer_token, WallMs};
  QRMARK_ASSIGN_OR_RETURN(server_, HttpServer::Start(
      config_.server, [this](Request req, Respond respond) { Handle(req, deps_, std::move(respond)); },
      &metrics_));
  Log("listening on " + config_.server.address + ":" + std::to_string(server_->port()));
  if (!config_.port_file.empty()) {
    std::string tmp = config_.port_file + ".tmp";
    std::ofstream(tmp) << server_->port() << "\n";
    if (std::rename(tmp.c_str(), config_.port_file.c_str()) != 0) {
      return PosixError("rename", config_.port_file, errno);
    }
  }
  return Status::Ok();
}

void Daemon::ReloadRegistry() {
  registry_mtime_ns_ = MtimeNs(config_.registry);
  auto book = CodeBook::Load(config_.registry, public_key_, master_);
  if (!book.ok()) return Log("registry reload refused: " + book.status().ToString());
  codes_->Set(std::move(*book));
  Log("registry loaded: " + std::to_string(codes_->Get()->batch_count()) + " batches");
}

void Daemon::ReloadSnapshot() {
  if (!snapshots_) return;
  latest_target_ = LinkTarget(config_.snapshot_root + "/latest");
  Status s = snapshots_->Reload();
  if (!s.ok()) return Log("snapshot refused, keeping the previous one: " + s.ToString());
  if (auto snap = snapshots_->Get()) Log("serving snapshot " + snap->manifest.snapshot_id);
}

void Daemon::Reload() {
  ReloadRegistry();
  ReloadSnapshot();
}

void Daemon::Poll() {
  if (MtimeNs(config_.registry) != registry_mtime_ns_) ReloadRegistry();
  if (snapshots_ && LinkTarget(config_.snapshot_root + "/latest") != latest_target_) ReloadSnapshot();
}

Status Daemon::Stop() {
  if (stopped_ || !log_) return Status::Ok();  // stopped, or Init failed before the log
  stopped_ = true;
  if (server_) server_->Drain(std::chrono::milliseconds(config_.drain_grace_ms));
  Status s = log_->Close();
  Log(s.ok() ? "stopped; scan log sealed" : "stopped with error: " + s.ToString());
  return s;
}

Daemon::~Daemon() { (void)Stop(); }

}  // namespace qrmark::verifyd
