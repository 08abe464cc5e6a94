// The printed code: batch, serial and tag as one short QR-friendly string.
//
// A code is 31 characters of Crockford base32 (0-9, A-Z without I L O U):
// 7 for the batch (32 bits), 8 for the serial (40 bits), 16 for the tag
// (80 bits). Upper-case alphanumerics keep the QR in alphanumeric mode, and so
// does the upper-case URL `HTTPS://<HOST>/Q/<CODE>`. This file only spells and
// parses codes; whether a code is genuine is src/codes/code_keys.h.
//
// Thread safety: pure functions; safe from any thread.
#ifndef QRMARK_SRC_CODES_CODE_FORMAT_H_
#define QRMARK_SRC_CODES_CODE_FORMAT_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "src/base/status.h"

namespace qrmark::codes {

inline constexpr size_t kBatchChars = 7;
inline constexpr size_t kSerialChars = 8;
inline constexpr size_t kTagChars = 16;
inline constexpr size_t kCodeChars = kBatchChars + kSerialChars + kTagChars;
inline constexpr size_t kTagBytes = 10;  // 80 bits: RFC 2104's truncation floor
inline constexpr uint64_t kSerialSpace = uint64_t{1} << 40;

using Tag = std::array<uint8_t, kTagBytes>;

struct Code {
  uint32_t batch = 0;
  uint64_t serial = 0;  // < kSerialSpace; a keyed permutation of the unit index
  Tag tag{};
  bool operator==(const Code&) const = default;
};

// The 31-character canonical spelling of `code`.
std::string FormatCode(const Code& code);

// Upper-cases, drops spaces and hyphens, and maps confusables (O→0, I/L→1) so
// that typed or misread codes reach the parser in canonical form. Any other
// character is kept as is, for ParseCode to reject.
std::string NormalizeCode(std::string_view text);

// The code in `text` after NormalizeCode. InvalidArgument saying what is wrong
// (length, the first bad character and its position) for anything else; never
// reads past `text`.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(Code code, ParseCode("0000G2W-7Z8D4M1Q..."));
[[nodiscard]] Result<Code> ParseCode(std::string_view text);

// Crockford base32 of the low `chars * 5` bits of `value`, most significant
// first; and its inverse (InvalidArgument on a character outside the alphabet).
std::string EncodeBase32(uint64_t value, size_t chars);
[[nodiscard]] Result<uint64_t> DecodeBase32(std::string_view text);

// The URL printed in the QR: "HTTPS://" + upper-cased `host` + "/Q/" + code.
std::string CodeUrl(std::string_view host, const Code& code);

}  // namespace qrmark::codes

#endif  // QRMARK_SRC_CODES_CODE_FORMAT_H_
