// Publish: rank 0 prepares and seals, all ranks write; tmp dir → fsync →
// rename → symlink swap. Every step's Status is agreed across ranks.
#include "io/snapshot/publish.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <filesystem>

#include "io/snapshot/csv_export.h"
#include "io/snapshot/h5_writer.h"
#include "io/snapshot/manifest.h"
#include "io/snapshot/report_json.h"
#include "io/snapshot/validate.h"
#include "src/base/civil_time.h"
#include "src/crypto/key_files.h"
#include "src/crypto/sha256.h"

namespace qrmark::snapshot {
namespace {

struct Paths {
  std::string snapshots;  // root/snapshots
  std::string tmp;        // root/.tmp-<id>
  std::string final;      // root/snapshots/<id>
  std::string link_tmp;   // root/.latest-<id>
  std::string latest;     // root/latest
};

Paths PathsFor(const PublishOptions& options, const std::string& id) {
  const std::string& r = options.root;
  return {r + "/snapshots", r + "/.tmp-" + id, r + "/snapshots/" + id, r + "/.latest-" + id,
          r + "/latest"};
}

Status Fsync(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return PosixError("open", path, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  return rc == 0 ? Status::Ok() : PosixError("fsync", path, err);
}

// Rank 0, before anything is written: checks, the key, a fresh tmp dir.
Result<crypto::Ed25519KeyPair> Prepare(const SnapshotContent& content,
                                       const PublishOptions& options, const Paths& p) {
  if (!IsSafeName(content.id, /*allow_dash=*/true)) {
    return InvalidArgument("snapshot id '" + content.id +
                           "' must be 1-64 characters of [A-Za-z0-9_-]");
  }
  struct stat st;
  if (::stat(options.root.c_str(), &st) != 0)
    return PosixError("publish root", options.root, errno);
  if (!S_ISDIR(st.st_mode))
    return FailedPrecondition("publish root " + options.root + " is not a directory");
  QRMARK_ASSIGN_OR_RETURN(crypto::Ed25519KeyPair key,
                          crypto::ReadEd25519PrivateKeyFile(options.signing_key_path));
  if (::mkdir(p.snapshots.c_str(), 0755) != 0 && errno != EEXIST) {
    return PosixError("mkdir", p.snapshots, errno);
  }
  if (::lstat(p.final.c_str(), &st) == 0) {
    return AlreadyExists("snapshot " + content.id + " was already published: " + p.final);
  }
  std::error_code ec;
  std::filesystem::remove_all(p.tmp, ec);  // left by a killed run; never visible
  if (::mkdir(p.tmp.c_str(), 0755) != 0) return PosixError("mkdir", p.tmp, errno);
  return key;
}

// Rank 0, after all files are written: report, manifest, fsync, rename, swap.
Status Seal(const SnapshotContent& content, const std::vector<int64_t>& rows,
            const crypto::Ed25519KeyPair& key, const Paths& p) {
  std::string report = ReportJson(content, rows);
  QRMARK_RETURN_IF_ERROR(crypto::WritePublicFile(p.tmp + "/report.json", crypto::AsBytes(report)));
  QRMARK_ASSIGN_OR_RETURN(Manifest manifest,
                          ComputeManifest(p.tmp, content.id, FormatUtc(std::time(nullptr))));
  for (const ManifestFile& f : manifest.files) {
    QRMARK_RETURN_IF_ERROR(Fsync(p.tmp + "/" + f.name, O_RDONLY));
  }
  QRMARK_RETURN_IF_ERROR(WriteSignedManifest(p.tmp, manifest, key));
  QRMARK_RETURN_IF_ERROR(Fsync(p.tmp, O_RDONLY | O_DIRECTORY));
  if (::rename(p.tmp.c_str(), p.final.c_str()) != 0) return PosixError("rename to", p.final, errno);
  QRMARK_RETURN_IF_ERROR(Fsync(p.snapshots, O_RDONLY | O_DIRECTORY));
  ::unlink(p.link_tmp.c_str());  // a stale one from a killed run
  std::string target = "snapshots/" + content.id;
  if (::symlink(target.c_str(), p.link_tmp.c_str()) != 0)
    return PosixError("symlink", p.link_tmp, errno);
  if (::rename(p.link_tmp.c_str(), p.latest.c_str()) != 0) {
    Status status = PosixError("replace", p.latest, errno);
    ::unlink(p.link_tmp.c_str());
    return status;
  }
  return Fsync(p.latest.substr(0, p.latest.rfind('/')), O_RDONLY | O_DIRECTORY);
}

// Every table's global row count, for report.json.
std::vector<int64_t> GlobalRows(Comm& comm, const SnapshotContent& content) {
  std::vector<int64_t> rows;
  for (const Table& t : content.tables) {
    rows.push_back(t.distributed || comm.rank() == 0 ? static_cast<int64_t>(t.rows()) : 0);
  }
  comm.AllreduceSum(std::span<int64_t>(rows));
  return rows;
}

Status WriteFiles(Comm& comm, const SnapshotContent& content, const Paths& p) {
  QRMARK_RETURN_IF_ERROR(WriteHdf5Snapshot(comm, content, p.tmp + "/snapshot.h5"));
  return ExportCsvFiles(comm, content, p.tmp).status();
}

}  // namespace

Result<std::string> WriteAndPublish(Comm& comm, const SnapshotContent& content,
                                    const PublishOptions& options) {
  const bool root = comm.rank() == 0;
  const Paths p = PathsFor(options, content.id);
  QRMARK_RETURN_IF_ERROR(AgreeOnContent(comm, content));
  Result<crypto::Ed25519KeyPair> key =
      root ? Prepare(content, options, p)
           : Result<crypto::Ed25519KeyPair>(crypto::Ed25519KeyPair{});
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(key.status()));
  Status status = WriteFiles(comm, content, p);
  std::vector<int64_t> rows = GlobalRows(comm, content);
  if (root && status.ok()) status = Seal(content, rows, *key, p);
  status = comm.AgreeOnStatus(status);
  if (!status.ok()) {
    std::error_code ec;
    if (root) std::filesystem::remove_all(p.tmp, ec);
    return status;
  }
  return p.final;
}

}  // namespace qrmark::snapshot
