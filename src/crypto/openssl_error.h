// OpenSslError: the one place OpenSSL's error queue becomes a Status.
//
// Every src/crypto function that calls OpenSSL and fails returns
// `OpenSslError("what we tried")`; the queue is drained into the message so
// the next caller starts clean. Not for use outside src/crypto.
//
// Thread safety: OpenSSL's error queue is per thread; safe from any thread.
#ifndef QRMARK_SRC_CRYPTO_OPENSSL_ERROR_H_
#define QRMARK_SRC_CRYPTO_OPENSSL_ERROR_H_

#include <string_view>

#include "src/base/status.h"

namespace qrmark::crypto {

// An Internal status "openssl: <what>: <queued reasons, oldest first>";
// empties this thread's OpenSSL error queue.
Status OpenSslError(std::string_view what);

}  // namespace qrmark::crypto

#endif  // QRMARK_SRC_CRYPTO_OPENSSL_ERROR_H_
