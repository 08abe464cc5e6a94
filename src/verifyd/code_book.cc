// CodeBook: registry + derived keys → code checks.
#include "src/verifyd/code_book.h"

#include "src/codes/gs1.h"

namespace qrmark::verifyd {

Result<std::shared_ptr<const CodeBook>> CodeBook::Load(const std::string& registry_path,
                                                       const crypto::Ed25519PublicKey& public_key,
                                                       const std::vector<uint8_t>& master) {
  QRMARK_ASSIGN_OR_RETURN(codes::Registry registry, codes::Registry::Load(registry_path, public_key));
  auto book = std::make_shared<CodeBook>();
  for (const auto& [id, entry] : registry.entries()) {
    QRMARK_ASSIGN_OR_RETURN(codes::BatchKeys keys, codes::DeriveBatchKeys(master, id));
    book->batches_.emplace(id, Batch{entry, keys});
  }
  return std::shared_ptr<const CodeBook>(std::move(book));
}

CodeLookup CodeBook::CheckCode(const codes::Code& code) const {
  CodeLookup out{CodeCheck::kNotOurs, code, nullptr};
  auto it = batches_.find(code.batch);
  if (it == batches_.end()) return out;
  if (!codes::VerifyCode(it->second.keys, code)) return out;
  out.check = CodeCheck::kAuthentic;
  out.batch = &it->second.entry;
  return out;
}

CodeLookup CodeBook::Check(std::string_view text) const {
  Result<codes::Code> code = codes::ParseCode(text);
  if (!code.ok()) return {};
  return CheckCode(*code);
}

CodeLookup CodeBook::CheckGs1(std::string_view path) const {
  Result<codes::Gs1Link> link = codes::ParseGs1DigitalLink(path);
  if (!link.ok()) return {};
  CodeLookup out = CheckCode(link->code);
  if (out.check == CodeCheck::kAuthentic && out.batch->gtin != link->gtin) {
    out.check = CodeCheck::kNotOurs;
    out.batch = nullptr;
  }
  return out;
}

std::shared_ptr<const CodeBook> CodeBookHolder::Get() const {
  std::lock_guard<std::mutex> lock(mu_);
  return book_;
}

void CodeBookHolder::Set(std::shared_ptr<const CodeBook> book) {
  std::lock_guard<std::mutex> lock(mu_);
  book_ = std::move(book);
}

}  // namespace qrmark::verifyd
