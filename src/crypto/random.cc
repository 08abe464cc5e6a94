// RandomBytes over RAND_bytes, in chunks that fit its int length.
#include "src/crypto/random.h"

#include <openssl/rand.h>

#include <algorithm>

#include "src/crypto/openssl_error.h"

namespace qrmark::crypto {

Status RandomBytes(std::span<uint8_t> out) {
  constexpr size_t kMaxChunk = 1 << 30;
  for (size_t done = 0; done < out.size();) {
    size_t n = std::min(kMaxChunk, out.size() - done);
    if (RAND_bytes(out.data() + done, static_cast<int>(n)) != 1) {
      return OpenSslError("RAND_bytes");
    }
    done += n;
  }
  return Status::Ok();
}

}  // namespace qrmark::crypto
