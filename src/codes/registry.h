// The batch registry: one signed line per batch revision, in a text file.
//
// `qrmark issue` appends a batch's first revision (status active) and
// `qrmark batch recall` appends a later one (status recalled); the highest
// revision of a batch wins. Every line carries an Ed25519 signature over the
// rest of the line, so the daemon trusts only what the brand's key signed.
// The grammar is in src/codes/REGISTRY.md. Not a database: a few thousand
// batches, read whole.
//
// Thread safety: Registry is an immutable value once loaded.
#ifndef QRMARK_SRC_CODES_REGISTRY_H_
#define QRMARK_SRC_CODES_REGISTRY_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "src/base/status.h"
#include "src/crypto/ed25519.h"

namespace qrmark::codes {

enum class BatchStatus : uint8_t { kActive = 0, kRecalled = 1 };

struct BatchEntry {
  uint32_t batch = 0;
  uint32_t revision = 1;      // 1 at issue, +1 per later change
  uint32_t product = 0;       // catalog product id
  std::string gtin;           // 14 digits, or empty when the product has none
  uint64_t count = 0;         // units issued
  int64_t produced_unix = 0;  // UTC midnight of the production day
  int64_t expiry_unix = 0;    // produced + shelf life
  BatchStatus status = BatchStatus::kActive;
};

// The signed part of a line: "batch=..\trev=..\t..\tstatus=active".
std::string EntryBody(const BatchEntry& entry);

// `EntryBody` + "\tsig=<128 hex>" signed by `key`.
[[nodiscard]] Result<std::string> SignedEntryLine(const BatchEntry& entry,
                                                  const crypto::Ed25519KeyPair& key);

// Parses and verifies one line; Corruption on a bad signature, InvalidArgument
// naming the field on a bad field.
[[nodiscard]] Result<BatchEntry> ParseEntryLine(std::string_view line,
                                                const crypto::Ed25519PublicKey& public_key);

class Registry {
 public:
  // Reads `path` (a missing file is an empty registry). Every line must parse
  // and verify: the error names the path and line number.
  //
  // Example:
  //   QRMARK_ASSIGN_OR_RETURN(Registry reg, Registry::Load(path, public_key));
  [[nodiscard]] static Result<Registry> Load(const std::string& path,
                                             const crypto::Ed25519PublicKey& public_key);

  // The newest revision of `batch`, or nullptr.
  const BatchEntry* Find(uint32_t batch) const;
  const std::map<uint32_t, BatchEntry>& entries() const { return entries_; }

 private:
  std::map<uint32_t, BatchEntry> entries_;
};

// Appends `entry` signed by `key` to `path` (created 0644 if absent) and
// fsyncs it. The caller checks revisions against a freshly loaded Registry.
[[nodiscard]] Status AppendEntry(const std::string& path, const BatchEntry& entry,
                                 const crypto::Ed25519KeyPair& key);

}  // namespace qrmark::codes

#endif  // QRMARK_SRC_CODES_REGISTRY_H_
