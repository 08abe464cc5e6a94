// Drains OpenSSL's per-thread error queue into a Status message.
#include "src/crypto/openssl_error.h"

#include <openssl/err.h>

#include <string>

namespace qrmark::crypto {

Status OpenSslError(std::string_view what) {
  std::string message = "openssl: " + std::string(what);
  unsigned long err = 0;
  while ((err = ERR_get_error()) != 0) {
    char buf[256];
    ERR_error_string_n(err, buf, sizeof(buf));
    message += ": ";
    message += buf;
  }
  return Internal(std::move(message));
}

}  // namespace qrmark::crypto
