// Manifest: canonical JSON out, strict line-by-line parse in, SHA-256 of
// each file, Ed25519 over the manifest bytes.
#include "io/snapshot/manifest.h"

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "src/crypto/key_files.h"
#include "src/crypto/sha256.h"

namespace qrmark::snapshot {
namespace {

namespace fs = std::filesystem;

bool IsFileName(const std::string& name) {
  static const std::regex kName("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
  return std::regex_match(name, kName);
}

bool IsManifestFile(const std::string& name) {
  return name == kManifestFile || name == kSignatureFile;
}

Result<ManifestFile> HashFile(const std::string& dir, const fs::directory_entry& entry) {
  std::string name = entry.path().filename().string();
  if (!entry.is_regular_file() || !IsFileName(name)) {
    return InvalidArgument(entry.path().string() +
                           ": a snapshot holds only regular files named [A-Za-z0-9._-]");
  }
  QRMARK_ASSIGN_OR_RETURN(crypto::Sha256Digest digest, crypto::Sha256File(dir + "/" + name));
  return ManifestFile{name, static_cast<uint64_t>(entry.file_size()), crypto::ToHex(digest)};
}

Status CheckFile(const std::string& dir, const ManifestFile& want) {
  std::string path = dir + "/" + want.name;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    return NotFound(want.name + " is listed in the manifest but missing from " + dir);
  }
  uint64_t size = fs::file_size(path, ec);
  if (size != want.size) {
    return Corruption(want.name + " was modified: " + std::to_string(size) +
                      " bytes, the manifest says " + std::to_string(want.size));
  }
  QRMARK_ASSIGN_OR_RETURN(crypto::Sha256Digest digest, crypto::Sha256File(path));
  if (crypto::ToHex(digest) != want.sha256) {
    return Corruption(want.name + " was modified: sha256 " + crypto::ToHex(digest) +
                      ", the manifest says " + want.sha256);
  }
  return Status::Ok();
}

Status CheckNoExtraFiles(const std::string& dir, const Manifest& manifest) {
  std::set<std::string> listed;
  for (const ManifestFile& f : manifest.files) listed.insert(f.name);
  std::error_code ec;
  std::vector<std::string> present;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    present.push_back(entry.path().filename().string());
  }
  if (ec) return IoError("list " + dir + ": " + ec.message());
  std::sort(present.begin(), present.end());
  for (const std::string& name : present) {
    if (!IsManifestFile(name) && listed.count(name) == 0) {
      return Corruption("extra file " + name + " in " + dir + " is not in the manifest");
    }
  }
  return Status::Ok();
}

}  // namespace

std::string ManifestJson(const Manifest& m) {
  std::ostringstream out;
  out << "{\n  \"schema_version\": " << m.schema_version << ",\n  \"snapshot_id\": \""
      << m.snapshot_id << "\",\n  \"created_utc\": \"" << m.created_utc << "\",\n  \"files\": [\n";
  for (size_t i = 0; i < m.files.size(); ++i) {
    const ManifestFile& f = m.files[i];
    out << "    {\"name\": \"" << f.name << "\", \"size\": " << f.size << ", \"sha256\": \""
        << f.sha256 << "\"}" << (i + 1 < m.files.size() ? ",\n" : "\n");
  }
  out << "  ]\n}\n";
  return out.str();
}

Result<Manifest> ParseManifestJson(std::string_view text) {
  static const std::regex kHeader(
      "\\{\n  \"schema_version\": ([0-9]{1,9}),\n  \"snapshot_id\": \"([A-Za-z0-9_-]{1,64})\",\n"
      "  \"created_utc\": \"([0-9TZ:.-]{1,40})\",\n  \"files\": \\[\n");
  static const std::regex kFile(
      "    \\{\"name\": \"([A-Za-z0-9._-]{1,128})\", \"size\": ([0-9]{1,19}), "
      "\"sha256\": \"([0-9a-f]{64})\"\\}(,?)\n");
  Manifest m;
  std::match_results<std::string_view::const_iterator> match;
  auto at = text.begin();
  if (!std::regex_search(at, text.end(), match, kHeader, std::regex_constants::match_continuous)) {
    return Corruption(
        "manifest: header is not in qrmark's canonical form (schema_version, "
        "snapshot_id, created_utc, files)");
  }
  m.schema_version = std::stoll(match[1].str());
  m.snapshot_id = match[2].str();
  m.created_utc = match[3].str();
  at = match[0].second;
  bool more = true;
  while (more &&
         std::regex_search(at, text.end(), match, kFile, std::regex_constants::match_continuous)) {
    m.files.push_back({match[1].str(), std::stoull(match[2].str()), match[3].str()});
    more = match[4].length() == 1;
    at = match[0].second;
  }
  std::string_view rest = text.substr(static_cast<size_t>(at - text.begin()));
  if (rest != "  ]\n}\n" || (more && !m.files.empty())) {
    return Corruption("manifest: file entry " + std::to_string(m.files.size() + 1) +
                      " or the closing lines are not in canonical form");
  }
  return m;
}

Result<Manifest> ComputeManifest(const std::string& dir, std::string snapshot_id,
                                 std::string created_utc) {
  return ComputeManifest(dir, std::move(snapshot_id), std::move(created_utc), {});
}

Result<Manifest> ComputeManifest(const std::string& dir, std::string snapshot_id,
                                 std::string created_utc, const std::vector<ManifestFile>& known) {
  Manifest m{kManifestSchemaVersion, std::move(snapshot_id), std::move(created_utc), {}};
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (IsManifestFile(name)) continue;
    auto same_file = [&](const ManifestFile& f) {
      std::error_code size_ec;
      return f.name == name && f.size == static_cast<uint64_t>(entry.file_size(size_ec));
    };
    auto it = std::find_if(known.begin(), known.end(), same_file);
    if (it != known.end() && entry.is_regular_file() && IsFileName(name)) {
      m.files.push_back(*it);
      continue;
    }
    QRMARK_ASSIGN_OR_RETURN(ManifestFile file, HashFile(dir, entry));
    m.files.push_back(std::move(file));
  }
  if (ec) return IoError("list " + dir + ": " + ec.message());
  std::sort(m.files.begin(), m.files.end(),
            [](const ManifestFile& a, const ManifestFile& b) { return a.name < b.name; });
  return m;
}

Status WriteSignedManifest(const std::string& dir, const Manifest& manifest,
                           const crypto::Ed25519KeyPair& key) {
  std::string json = ManifestJson(manifest);
  QRMARK_ASSIGN_OR_RETURN(crypto::Ed25519Signature sig,
                          crypto::Ed25519Sign(key, crypto::AsBytes(json)));
  QRMARK_RETURN_IF_ERROR(crypto::WritePublicFile(dir + "/" + kManifestFile, crypto::AsBytes(json)));
  return crypto::WritePublicFile(dir + "/" + kSignatureFile, sig);
}

Result<Manifest> VerifySnapshot(const std::string& dir,
                                const crypto::Ed25519PublicKey& public_key) {
  QRMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> json,
                          crypto::ReadWholeFile(dir + "/" + kManifestFile));
  QRMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> sig,
                          crypto::ReadWholeFile(dir + "/" + kSignatureFile));
  Status signature = crypto::Ed25519Verify(public_key, json, sig);
  if (!signature.ok()) {
    return Corruption(std::string(kSignatureFile) + " in " + dir + ": " + signature.message() +
                      " (manifest.json modified, or signed by another key)");
  }
  std::string_view text(reinterpret_cast<const char*>(json.data()), json.size());
  QRMARK_ASSIGN_OR_RETURN(Manifest manifest, ParseManifestJson(text));
  for (const ManifestFile& file : manifest.files) QRMARK_RETURN_IF_ERROR(CheckFile(dir, file));
  QRMARK_RETURN_IF_ERROR(CheckNoExtraFiles(dir, manifest));
  return manifest;
}

}  // namespace qrmark::snapshot
