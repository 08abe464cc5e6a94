// Batch registry lines: formatting, signing, parsing and verifying; the file.
#include "src/codes/registry.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <fstream>
#include <vector>

#include "src/base/civil_time.h"

namespace qrmark::codes {
namespace {

constexpr const char* kFields[] = {"batch", "rev", "product", "gtin", "count",
                                   "produced", "expiry", "status", "sig"};

std::string Hex(std::span<const uint8_t> bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) out += {kDigits[b >> 4], kDigits[b & 15]};
  return out;
}

Result<uint64_t> ParseNumber(std::string_view field, std::string_view text) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return InvalidArgument("field " + std::string(field) + ": '" + std::string(text) +
                           "' is not a number");
  }
  return v;
}

// Splits "k=v\tk=v..." and checks the keys are exactly kFields in order.
Result<std::vector<std::string_view>> Values(std::string_view line) {
  std::vector<std::string_view> values;
  for (const char* field : kFields) {
    size_t tab = line.find('\t');
    std::string_view kv = line.substr(0, tab);
    std::string prefix = std::string(field) + "=";
    if (kv.substr(0, prefix.size()) != prefix) {
      return InvalidArgument("expected field '" + std::string(field) + "'");
    }
    values.push_back(kv.substr(prefix.size()));
    line = tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1);
  }
  if (!line.empty()) return InvalidArgument("unexpected text after sig");
  return values;
}

Result<std::vector<uint8_t>> Unhex(std::string_view text) {
  if (text.size() != 128) return InvalidArgument("sig must be 128 hex digits");
  std::vector<uint8_t> out(64);
  for (size_t i = 0; i < 64; ++i) {
    auto [end, ec] = std::from_chars(text.data() + 2 * i, text.data() + 2 * i + 2, out[i], 16);
    if (ec != std::errc() || end != text.data() + 2 * i + 2) {
      return InvalidArgument("sig is not hex");
    }
  }
  return out;
}

Result<BatchEntry> FromValues(const std::vector<std::string_view>& v) {
  BatchEntry e;
  QRMARK_ASSIGN_OR_RETURN(uint64_t batch, ParseNumber("batch", v[0]));
  QRMARK_ASSIGN_OR_RETURN(uint64_t rev, ParseNumber("rev", v[1]));
  QRMARK_ASSIGN_OR_RETURN(uint64_t product, ParseNumber("product", v[2]));
  QRMARK_ASSIGN_OR_RETURN(e.count, ParseNumber("count", v[4]));
  if (batch > UINT32_MAX || rev > UINT32_MAX || product > UINT32_MAX) {
    return InvalidArgument("batch, rev and product must fit in 32 bits");
  }
  e.batch = static_cast<uint32_t>(batch);
  e.revision = static_cast<uint32_t>(rev);
  e.product = static_cast<uint32_t>(product);
  e.gtin = v[3] == "-" ? std::string() : std::string(v[3]);
  QRMARK_ASSIGN_OR_RETURN(e.produced_unix, ParseUtcInstant(v[5]));
  QRMARK_ASSIGN_OR_RETURN(e.expiry_unix, ParseUtcInstant(v[6]));
  if (v[7] != "active" && v[7] != "recalled") {
    return InvalidArgument("status must be active or recalled");
  }
  e.status = v[7] == "active" ? BatchStatus::kActive : BatchStatus::kRecalled;
  return e;
}

}  // namespace

std::string EntryBody(const BatchEntry& e) {
  return "batch=" + std::to_string(e.batch) + "\trev=" + std::to_string(e.revision) +
         "\tproduct=" + std::to_string(e.product) + "\tgtin=" + (e.gtin.empty() ? "-" : e.gtin) +
         "\tcount=" + std::to_string(e.count) + "\tproduced=" +
         FormatUtc(e.produced_unix).substr(0, 10) + "\texpiry=" +
         FormatUtc(e.expiry_unix).substr(0, 10) +
         "\tstatus=" + (e.status == BatchStatus::kActive ? "active" : "recalled");
}

Result<std::string> SignedEntryLine(const BatchEntry& entry, const crypto::Ed25519KeyPair& key) {
  std::string body = EntryBody(entry);
  QRMARK_ASSIGN_OR_RETURN(
      crypto::Ed25519Signature sig,
      crypto::Ed25519Sign(key, {reinterpret_cast<const uint8_t*>(body.data()), body.size()}));
  return body + "\tsig=" + Hex(sig);
}

Result<BatchEntry> ParseEntryLine(std::string_view line,
                                  const crypto::Ed25519PublicKey& public_key) {
  QRMARK_ASSIGN_OR_RETURN(std::vector<std::string_view> values, Values(line));
  QRMARK_ASSIGN_OR_RETURN(BatchEntry entry, FromValues(values));
  QRMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> sig, Unhex(values[8]));
  std::string_view body = line.substr(0, line.rfind("\tsig="));
  if (body != EntryBody(entry)) return InvalidArgument("line is not in canonical form");
  QRMARK_RETURN_IF_ERROR(crypto::Ed25519Verify(
      public_key, {reinterpret_cast<const uint8_t*>(body.data()), body.size()}, sig));
  return entry;
}

Result<Registry> Registry::Load(const std::string& path,
                                const crypto::Ed25519PublicKey& public_key) {
  Registry reg;
  std::ifstream in(path);
  if (!in) {
    if (access(path.c_str(), F_OK) != 0 && errno == ENOENT) return reg;
    return PosixError("open", path, errno);
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    Result<BatchEntry> entry = ParseEntryLine(line, public_key);
    if (!entry.ok()) {
      return entry.status().WithContext(path + ":" + std::to_string(number));
    }
    auto [it, inserted] = reg.entries_.try_emplace(entry->batch, *entry);
    if (!inserted && entry->revision > it->second.revision) it->second = *entry;
  }
  if (in.bad()) return PosixError("read", path, errno);
  return reg;
}

const BatchEntry* Registry::Find(uint32_t batch) const {
  auto it = entries_.find(batch);
  return it == entries_.end() ? nullptr : &it->second;
}

Status AppendEntry(const std::string& path, const BatchEntry& entry,
                   const crypto::Ed25519KeyPair& key) {
  QRMARK_ASSIGN_OR_RETURN(std::string line, SignedEntryLine(entry, key));
  line += "\n";
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return PosixError("open", path, errno);
  if (write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()) || fsync(fd) != 0) {
    int err = errno;
    close(fd);
    return PosixError("append", path, err);
  }
  close(fd);
  return Status::Ok();
}

}  // namespace qrmark::codes
