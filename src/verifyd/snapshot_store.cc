// SnapshotStore: verify the manifest, index the per-user tables, swap.
#include "src/verifyd/snapshot_store.h"

#include <climits>
#include <cstdlib>

#include "io/csv/csv_reader.h"
#include "src/base/civil_time.h"
#include "src/crypto/key_files.h"
#include "src/verifyd/json.h"

namespace qrmark::verifyd {
namespace {

struct UserParts {
  std::string fields;                               // "\"tier\":2,..." from users.csv
  std::map<std::string, std::vector<std::string>> lists;  // table → row objects
};

// Adds the rows of one CSV table to `users`; tables without user_key are skipped.
Status IndexTable(const std::string& path, const std::string& table,
                  std::unordered_map<std::string, UserParts>& users) {
  QRMARK_ASSIGN_OR_RETURN(auto reader, csv::CsvReader::Open(path, 0, UINT64_MAX, false));
  csv::CsvRecord rec;
  QRMARK_ASSIGN_OR_RETURN(bool has_header, reader->Next(&rec));
  if (!has_header) return Status::Ok();
  std::vector<std::string> names(rec.fields.begin(), rec.fields.end());
  size_t key_col = 0;
  while (key_col < names.size() && names[key_col] != "user_key") ++key_col;
  if (key_col == names.size()) return Status::Ok();
  while (true) {
    QRMARK_ASSIGN_OR_RETURN(bool more, reader->Next(&rec));
    if (!more) break;
    if (rec.error != csv::CsvError::kOk || rec.fields.size() != names.size()) {
      return Corruption(path + ": malformed row at byte " + std::to_string(rec.offset));
    }
    std::string obj;
    for (size_t c = 0; c < names.size(); ++c) {
      if (c == key_col) continue;
      if (!obj.empty()) obj += ',';
      obj += JsonString(names[c]) + ":" + JsonScalar(rec.fields[c]);
    }
    UserParts& u = users[std::string(rec.fields[key_col])];
    if (table == "users") u.fields = std::move(obj);
    else u.lists[table].push_back("{" + obj + "}");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unordered_map<std::string, std::string>> IndexPortraits(
    const std::string& dir, const snapshot::Manifest& manifest) {
  std::unordered_map<std::string, UserParts> users;
  for (const snapshot::ManifestFile& f : manifest.files) {
    if (!f.name.ends_with(".csv")) continue;
    QRMARK_RETURN_IF_ERROR(IndexTable(dir + "/" + f.name, f.name.substr(0, f.name.size() - 4), users));
  }
  std::unordered_map<std::string, std::string> out;
  for (auto& [key, parts] : users) {
    std::string json = "{\"user_key\":" + JsonScalar(key);
    if (!parts.fields.empty()) json.append(",").append(parts.fields);
    for (const auto& [table, rows] : parts.lists) {
      json.append(",").append(JsonString(table)).append(":[");
      for (size_t i = 0; i < rows.size(); ++i) json.append(i ? "," : "").append(rows[i]);
      json.append("]");
    }
    out.emplace(key, json + "}");
  }
  return out;
}

Status SnapshotStore::Reload() {
  std::lock_guard<std::mutex> reload_lock(reload_mu_);
  std::string latest = root_ + "/latest";
  char resolved[PATH_MAX];
  if (realpath(latest.c_str(), resolved) == nullptr) return PosixError("resolve", latest, errno);
  std::shared_ptr<const Snapshot> old = Get();
  if (old && old->dir == resolved) return Status::Ok();
  auto snap = std::make_shared<Snapshot>();
  snap->dir = resolved;
  QRMARK_ASSIGN_OR_RETURN(snap->manifest, snapshot::VerifySnapshot(snap->dir, public_key_));
  QRMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> json,
                          crypto::ReadWholeFile(snap->dir + "/" + snapshot::kManifestFile));
  snap->manifest_json.assign(json.begin(), json.end());
  Result<int64_t> created = ParseUtcInstant(snap->manifest.created_utc);
  snap->created_unix = created.ok() ? *created : 0;
  QRMARK_ASSIGN_OR_RETURN(snap->portraits, IndexPortraits(snap->dir, snap->manifest));
  std::lock_guard<std::mutex> lock(mu_);
  current_ = std::move(snap);
  return Status::Ok();
}

std::shared_ptr<const Snapshot> SnapshotStore::Get() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

}  // namespace qrmark::verifyd
