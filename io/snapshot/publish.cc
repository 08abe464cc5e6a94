// Publish: rank 0 prepares and seals; all ranks write, hash and fsync what
// they wrote; tmp dir → fsync → rename → symlink swap. Every step's Status
// is agreed across ranks.
#include "io/snapshot/publish.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <functional>

#include "io/snapshot/csv_export.h"
#include "io/snapshot/file_digest.h"
#include "io/snapshot/file_sync.h"
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

// Seconds since the last lap (or the clock's start).
class StepClock {
 public:
  double Lap() {
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return seconds;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// What this rank wrote into the temporary directory.
struct Written {
  std::vector<std::string> to_sync;  // files it wrote bytes to: it fsyncs them
  std::vector<FileDigest> digests;   // the digests it finishes
};

// Once snapshot.h5 holds them, the columns no CSV has (`export_csv` false)
// are dropped, so that the CSV writes after it reuse their pages instead of
// fresh ones (bench/job/README.md). A table whose every column is HDF5-only
// keeps them: its CSV still has a line per row.
void DropHdf5OnlyColumns(SnapshotContent& content) {
  for (Table& t : content.tables) {
    const auto in_csv = [](const Column& c) { return c.export_csv; };
    if (std::any_of(t.columns.begin(), t.columns.end(), in_csv)) std::erase_if(t.columns, std::not_fn(in_csv));
  }
}

// All ranks: snapshot.h5 collectively, then the CSV exports. The rank that
// wrote a CSV's first bytes holds its digest: rank 0 for the distributed
// tables (users.csv: it reads the other ranks' rows back), the last rank for
// the replicated ones, which it wrote whole; the last rank also reads
// snapshot.h5 back, so the two read at the same time. Each starts on what it
// reads back while it waits for the other ranks during the CSV exports
// (HashAhead): the last rank on snapshot.h5 while rank 0 hashes its part of
// users.csv, rank 0 on the other ranks' part while the last rank writes the
// replicated files.
Result<Written> WriteFiles(Comm& comm, SnapshotContent& content, const Paths& p, const H5WriteOptions& options,
                           StepClock& clock, PublishSteps& steps) {
  const std::string h5 = p.tmp + "/snapshot.h5";
  QRMARK_RETURN_IF_ERROR(WriteHdf5Snapshot(comm, content, h5, options));
  DropHdf5OnlyColumns(content);
  StartWriteback(h5);
  steps.hdf5 = clock.Lap();
  Written written;
  written.to_sync.push_back(h5);  // MPI-IO may have written any part of it from any rank
  if (comm.rank() == comm.size() - 1) written.digests.push_back(FileDigest{h5});
  QRMARK_ASSIGN_OR_RETURN(std::vector<CsvFile> csv, ExportCsvFiles(comm, content, p.tmp, &written.digests));
  steps.csv = clock.Lap();
  for (CsvFile& file : csv) {
    if (file.wrote) written.to_sync.push_back(file.path);
    if (file.digest) written.digests.push_back(std::move(*file.digest));
  }
  return written;
}

// A manifest entry in fixed-size form, to gather.
struct EntryRecord {
  std::array<char, 129> name{};  // NUL-terminated; file names are at most 128 characters
  std::array<char, 65> sha256{};
  uint64_t size = 0;
};

EntryRecord ToRecord(const ManifestFile& f) {
  EntryRecord r;
  assert(f.name.size() < r.name.size() && f.sha256.size() < r.sha256.size());
  std::copy(f.name.begin(), f.name.end(), r.name.begin());
  std::copy(f.sha256.begin(), f.sha256.end(), r.sha256.begin());
  r.size = f.size;
  return r;
}

// All ranks: finish this rank's digests, then fsync what it wrote (by then
// its writeback has had time to run). Every rank's entries, on every rank.
Result<std::vector<ManifestFile>> DigestAndSync(Comm& comm, Written written) {
  std::vector<EntryRecord> mine;
  Status status;
  for (FileDigest& digest : written.digests) {
    Result<ManifestFile> entry = FinishDigest(std::move(digest));
    if (!entry.ok()) {
      status = entry.status();
      break;
    }
    mine.push_back(ToRecord(*entry));
  }
  for (size_t i = 0; status.ok() && i < written.to_sync.size(); ++i) {
    status = Fsync(written.to_sync[i]);
  }
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(status));
  std::vector<ManifestFile> entries;
  for (const EntryRecord& r : comm.AllgathervOf<EntryRecord>(mine)) {
    entries.push_back({r.name.data(), r.size, r.sha256.data()});
  }
  return entries;
}

// Rank 0, after every file is written and synced: report, manifest, rename,
// swap. `report` is report.json's text (made while the content still had
// every column); `known` holds the files' entries from DigestAndSync.
Status Seal(const std::string& id, const std::string& report, std::vector<ManifestFile> known,
            const crypto::Ed25519KeyPair& key, const Paths& p) {
  QRMARK_RETURN_IF_ERROR(crypto::WritePublicFile(p.tmp + "/report.json", crypto::AsBytes(report)));
  known.push_back({"report.json", report.size(), crypto::ToHex(crypto::Sha256(crypto::AsBytes(report)))});
  QRMARK_ASSIGN_OR_RETURN(Manifest manifest,
                          ComputeManifest(p.tmp, id, FormatUtc(std::time(nullptr)), known));
  for (const ManifestFile& f : manifest.files) {  // any file no writer accounted for
    if (std::find(known.begin(), known.end(), f) == known.end()) {
      QRMARK_RETURN_IF_ERROR(Fsync(p.tmp + "/" + f.name));
    }
  }
  QRMARK_RETURN_IF_ERROR(WriteSignedManifest(p.tmp, manifest, key));
  QRMARK_RETURN_IF_ERROR(Fsync(p.tmp));
  if (::rename(p.tmp.c_str(), p.final.c_str()) != 0) return PosixError("rename to", p.final, errno);
  QRMARK_RETURN_IF_ERROR(Fsync(p.snapshots));
  ::unlink(p.link_tmp.c_str());  // a stale one from a killed run
  std::string target = "snapshots/" + id;
  if (::symlink(target.c_str(), p.link_tmp.c_str()) != 0)
    return PosixError("symlink", p.link_tmp, errno);
  if (::rename(p.link_tmp.c_str(), p.latest.c_str()) != 0) {
    Status status = PosixError("replace", p.latest, errno);
    ::unlink(p.link_tmp.c_str());
    return status;
  }
  return Fsync(p.latest.substr(0, p.latest.rfind('/')));
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

// After Prepare: everything up to the new `latest`, agreed on every rank;
// this rank's seconds of each step into `steps`.
Status WriteAndSeal(Comm& comm, SnapshotContent& content, const crypto::Ed25519KeyPair& key, const Paths& p,
                    const H5WriteOptions& hdf5, PublishSteps& steps) {
  StepClock clock;
  const std::vector<int64_t> rows = GlobalRows(comm, content);
  const std::string report = comm.rank() == 0 ? ReportJson(content, rows) : std::string();  // every column
  QRMARK_ASSIGN_OR_RETURN(Written written, WriteFiles(comm, content, p, hdf5, clock, steps));
  QRMARK_ASSIGN_OR_RETURN(std::vector<ManifestFile> known, DigestAndSync(comm, std::move(written)));
  steps.digest_sync = clock.Lap();
  Status status = comm.rank() == 0 ? Seal(content.id, report, std::move(known), key, p) : Status::Ok();
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(status));
  steps.seal = clock.Lap();
  return Status::Ok();
}

}  // namespace

Result<std::string> WriteAndPublish(Comm& comm, SnapshotContent content,
                                    const PublishOptions& options) {
  const bool root = comm.rank() == 0;
  const Paths p = PathsFor(options, content.id);
  QRMARK_RETURN_IF_ERROR(AgreeOnContent(comm, content));
  Result<crypto::Ed25519KeyPair> key =
      root ? Prepare(content, options, p)
           : Result<crypto::Ed25519KeyPair>(crypto::Ed25519KeyPair{});
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(key.status()));
  PublishSteps steps;
  Status status = WriteAndSeal(comm, content, *key, p, options.hdf5, steps);
  if (!status.ok()) {
    std::error_code ec;
    if (root) std::filesystem::remove_all(p.tmp, ec);
    return status;
  }
  if (options.steps != nullptr) {
    for (double* seconds : {&steps.hdf5, &steps.csv, &steps.digest_sync, &steps.seal}) {
      *seconds = comm.MaxOf(*seconds);
    }
    *options.steps = steps;
  }
  return p.final;
}

}  // namespace qrmark::snapshot
