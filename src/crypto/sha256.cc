// SHA-256 over OpenSSL's EVP digest API, and a block-wise file hash.
#include "src/crypto/sha256.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <vector>

namespace qrmark::crypto {

Sha256Hasher::Sha256Hasher() : ctx_(EVP_MD_CTX_new()) {
  // Allocation or init failure here means OpenSSL itself is unusable.
  [[maybe_unused]] int ok = ctx_ != nullptr && EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr);
  assert(ok);
}

Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(ctx_); }

void Sha256Hasher::Update(std::span<const uint8_t> data) {
  [[maybe_unused]] int ok = EVP_DigestUpdate(ctx_, data.data(), data.size());
  assert(ok);
}

Sha256Digest Sha256Hasher::Finish() {
  Sha256Digest digest{};
  unsigned int len = 0;
  [[maybe_unused]] int ok = EVP_DigestFinal_ex(ctx_, digest.data(), &len);
  assert(ok && len == digest.size());
  ok = EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr);
  assert(ok);
  return digest;
}

Sha256Digest Sha256(std::span<const uint8_t> data) {
  Sha256Hasher hasher;
  hasher.Update(data);
  return hasher.Finish();
}

Result<Sha256Digest> Sha256File(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return PosixError("open", path, errno);
  Sha256Hasher hasher;
  std::vector<uint8_t> block(1 << 20);
  while (true) {
    ssize_t n = ::read(fd, block.data(), block.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status status = PosixError("read", path, errno);
      ::close(fd);
      return status;
    }
    if (n == 0) break;
    hasher.Update(std::span<const uint8_t>(block.data(), static_cast<size_t>(n)));
  }
  ::close(fd);
  return hasher.Finish();
}

std::string ToHex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    hex.push_back(kDigits[b >> 4]);
    hex.push_back(kDigits[b & 0xf]);
  }
  return hex;
}

}  // namespace qrmark::crypto
