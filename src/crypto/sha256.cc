// SHA-256 over OpenSSL's EVP digest API, and block-wise file hashes.
#include "src/crypto/sha256.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <utility>
#include <vector>

namespace qrmark::crypto {

Sha256Hasher::Sha256Hasher() : ctx_(EVP_MD_CTX_new()) {
  // Allocation or init failure here means OpenSSL itself is unusable.
  [[maybe_unused]] int ok = ctx_ != nullptr && EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr);
  assert(ok);
}

Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(ctx_); }

Sha256Hasher::Sha256Hasher(Sha256Hasher&& other) noexcept
    : ctx_(std::exchange(other.ctx_, nullptr)) {}

Sha256Hasher& Sha256Hasher::operator=(Sha256Hasher&& other) noexcept {
  std::swap(ctx_, other.ctx_);
  return *this;
}

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

namespace {

// Feeds bytes [offset, offset + length) of the open file `fd` into `hasher`.
Status HashRange(int fd, const std::string& path, uint64_t offset, uint64_t length,
                 Sha256Hasher& hasher) {
  std::vector<uint8_t> block(std::min<uint64_t>(length, 1 << 20));
  while (length > 0) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(length, block.size()));
    ssize_t n = ::pread(fd, block.data(), want, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return PosixError("read", path, errno);
    if (n == 0) {
      return IoError("read " + path + ": the file ends at byte " + std::to_string(offset) + ", " +
                     std::to_string(length) + " bytes short");
    }
    hasher.Update(std::span<const uint8_t>(block.data(), static_cast<size_t>(n)));
    offset += static_cast<uint64_t>(n);
    length -= static_cast<uint64_t>(n);
  }
  return Status::Ok();
}

}  // namespace

Result<Sha256Digest> Sha256File(const std::string& path) {
  Sha256Hasher hasher;
  QRMARK_RETURN_IF_ERROR(Sha256FileFrom(path, 0, hasher).status());
  return hasher.Finish();
}

namespace {

// Feeds bytes [offset, min(offset + max_bytes, size)) of the file at `path`
// into `hasher`; the file's size.
Result<uint64_t> HashFileFrom(const std::string& path, uint64_t offset, uint64_t max_bytes, Sha256Hasher& hasher) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return PosixError("open", path, errno);
  struct stat st {};
  Status status = ::fstat(fd, &st) == 0 ? Status::Ok() : PosixError("stat", path, errno);
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  if (status.ok() && size < offset) {
    status = IoError(path + " is " + std::to_string(size) + " bytes, shorter than the " +
                     std::to_string(offset) + " already hashed");
  }
  if (status.ok()) status = HashRange(fd, path, offset, std::min(size - offset, max_bytes), hasher);
  ::close(fd);
  if (!status.ok()) return status;
  return size;
}

}  // namespace

Result<uint64_t> Sha256FileFrom(const std::string& path, uint64_t offset, Sha256Hasher& hasher) {
  return HashFileFrom(path, offset, UINT64_MAX, hasher);
}

Result<uint64_t> Sha256FilePart(const std::string& path, uint64_t offset, uint64_t max_bytes,
                                Sha256Hasher& hasher) {
  QRMARK_ASSIGN_OR_RETURN(uint64_t size, HashFileFrom(path, offset, max_bytes, hasher));
  return std::min(size - offset, max_bytes);
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
