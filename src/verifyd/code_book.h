// CodeBook: the daemon's read-only view of the batch registry with each
// batch's derived keys, answering "is this code one of ours?".
//
// Built whole from the registry file and the tag master secret, then shared
// as `std::shared_ptr<const CodeBook>`; a reload builds a new one and swaps
// it in (CodeBookHolder), so readers never lock. Not the verdict policy
// (verdict.h) and not the scan counts (scan_log.h).
//
// Thread safety: CodeBook is immutable; CodeBookHolder is safe from any thread.
#ifndef QRMARK_SRC_VERIFYD_CODE_BOOK_H_
#define QRMARK_SRC_VERIFYD_CODE_BOOK_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "src/codes/code_keys.h"
#include "src/codes/registry.h"
#include "src/verifyd/verdict.h"

namespace qrmark::verifyd {

struct CodeLookup {
  CodeCheck check = CodeCheck::kMalformed;
  codes::Code code;                          // valid unless kMalformed
  const codes::BatchEntry* batch = nullptr;  // set when kAuthentic
};

class CodeBook {
 public:
  // Loads and verifies `registry_path` and derives every batch's keys.
  [[nodiscard]] static Result<std::shared_ptr<const CodeBook>> Load(
      const std::string& registry_path, const crypto::Ed25519PublicKey& public_key,
      const std::vector<uint8_t>& master);

  // The check of a printed code (`/q/<text>`), normalised first.
  CodeLookup Check(std::string_view text) const;
  // The check of a GS1 Digital Link path; its GTIN must be the batch's.
  CodeLookup CheckGs1(std::string_view path) const;

  size_t batch_count() const { return batches_.size(); }

 private:
  CodeLookup CheckCode(const codes::Code& code) const;
  struct Batch {
    codes::BatchEntry entry;
    codes::BatchKeys keys;
  };
  std::map<uint32_t, Batch> batches_;
};

// The current CodeBook, swapped atomically on reload.
class CodeBookHolder {
 public:
  explicit CodeBookHolder(std::shared_ptr<const CodeBook> book) : book_(std::move(book)) {}
  std::shared_ptr<const CodeBook> Get() const;
  void Set(std::shared_ptr<const CodeBook> book);

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const CodeBook> book_;  // GUARDED_BY(mu_)
};

}  // namespace qrmark::verifyd

#endif  // QRMARK_SRC_VERIFYD_CODE_BOOK_H_
