// Helpers for the crypto tests: hex literals to bytes.
#ifndef QRMARK_TESTS_CRYPTO_TEST_UTIL_H_
#define QRMARK_TESTS_CRYPTO_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qrmark::crypto::testing {

// "0b0c" → {0x0b, 0x0c}; the input is a well-formed even-length hex literal.
inline std::vector<uint8_t> FromHex(std::string_view hex) {
  std::vector<uint8_t> bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return bytes;
}

}  // namespace qrmark::crypto::testing

#endif  // QRMARK_TESTS_CRYPTO_TEST_UTIL_H_
