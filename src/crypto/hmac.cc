// HMAC-SHA256 over OpenSSL 3's EVP_MAC, with one context per thread: the
// HMAC algorithm and its SHA-256 digest are fetched from the provider once,
// not on every call as the one-shot HMAC() does (that fetch was most of the
// cost of a code check).
#include "src/crypto/hmac.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace qrmark::crypto {
namespace {

// OpenSSL without a working HMAC-SHA256 cannot verify or pseudonymize
// anything: stop loudly rather than hand out a wrong tag.
[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "qrmark: %s (OpenSSL provider configuration?)\n", what);
  std::abort();
}

struct MacCtxFree {
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};

// This thread's HMAC-SHA256 context, ready for EVP_MAC_init with a key.
EVP_MAC_CTX* ThreadMacContext() {
  static EVP_MAC* const hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  thread_local std::unique_ptr<EVP_MAC_CTX, MacCtxFree> ctx = [] {
    std::unique_ptr<EVP_MAC_CTX, MacCtxFree> made(EVP_MAC_CTX_new(hmac));
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    if (!made || EVP_MAC_CTX_set_params(made.get(), params) != 1) Fail("cannot set up HMAC-SHA256");
    return made;
  }();
  return ctx.get();
}

}  // namespace

std::array<uint8_t, 32> HmacSha256(std::span<const uint8_t> key, std::span<const uint8_t> msg) {
  // A null key would mean "the previous key" to EVP_MAC_init: always pass one.
  static const uint8_t kEmpty = 0;
  EVP_MAC_CTX* ctx = ThreadMacContext();
  std::array<uint8_t, 32> mac{};
  size_t len = 0;
  const bool ok = EVP_MAC_init(ctx, key.empty() ? &kEmpty : key.data(), key.size(), nullptr) == 1 &&
                  EVP_MAC_update(ctx, msg.data(), msg.size()) == 1 &&
                  EVP_MAC_final(ctx, mac.data(), &len, mac.size()) == 1;
  if (!ok || len != mac.size()) Fail("HMAC-SHA256 failed");
  return mac;
}

}  // namespace qrmark::crypto
