// Crockford base32 spelling, normalisation and parsing of printed codes.
#include "src/codes/code_format.h"

#include <cstdio>
#include <string>

namespace qrmark::codes {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int DigitOf(char c) {
  size_t pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

std::string Printable(char c) {
  if (c >= 0x21 && c <= 0x7e) return std::string("'") + c + "'";
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", static_cast<unsigned char>(c));
  return buf;
}

}  // namespace

std::string EncodeBase32(uint64_t value, size_t chars) {
  std::string out(chars, '0');
  for (size_t i = chars; i-- > 0; value >>= 5) out[i] = kAlphabet[value & 31];
  return out;
}

Result<uint64_t> DecodeBase32(std::string_view text) {
  if (text.size() > 12) return InvalidArgument("base32 value longer than 12 characters");
  uint64_t value = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    int d = DigitOf(text[i]);
    if (d < 0) {
      return InvalidArgument("character " + Printable(text[i]) + " at position " +
                             std::to_string(i + 1) + " is not in the code alphabet");
    }
    value = (value << 5) | static_cast<uint64_t>(d);
  }
  return value;
}

std::string FormatCode(const Code& code) {
  uint64_t tag_hi = 0, tag_lo = 0;  // 80 bits = 40 + 40
  for (size_t i = 0; i < 5; ++i) tag_hi = (tag_hi << 8) | code.tag[i];
  for (size_t i = 5; i < kTagBytes; ++i) tag_lo = (tag_lo << 8) | code.tag[i];
  return EncodeBase32(code.batch, kBatchChars) + EncodeBase32(code.serial, kSerialChars) +
         EncodeBase32(tag_hi, 8) + EncodeBase32(tag_lo, 8);
}

std::string NormalizeCode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    out.push_back(c);
  }
  return out;
}

Result<Code> ParseCode(std::string_view text) {
  std::string s = NormalizeCode(text.substr(0, 4 * kCodeChars));
  if (text.size() > 4 * kCodeChars || s.size() != kCodeChars) {
    return InvalidArgument("code must be " + std::to_string(kCodeChars) +
                           " characters after normalisation, got " +
                           std::to_string(text.size() > 4 * kCodeChars ? text.size() : s.size()));
  }
  for (size_t i = 0; i < s.size(); ++i) {
    if (DigitOf(s[i]) < 0) {
      return InvalidArgument("character " + Printable(s[i]) + " at position " +
                             std::to_string(i + 1) + " of the normalised code is not in the alphabet");
    }
  }
  std::string_view v = s;
  QRMARK_ASSIGN_OR_RETURN(uint64_t batch, DecodeBase32(v.substr(0, kBatchChars)));
  QRMARK_ASSIGN_OR_RETURN(uint64_t serial, DecodeBase32(v.substr(kBatchChars, kSerialChars)));
  QRMARK_ASSIGN_OR_RETURN(uint64_t hi, DecodeBase32(v.substr(kBatchChars + kSerialChars, 8)));
  QRMARK_ASSIGN_OR_RETURN(uint64_t lo, DecodeBase32(v.substr(kCodeChars - 8, 8)));
  if (batch > UINT32_MAX) return InvalidArgument("batch field exceeds 32 bits");
  Code code;
  code.batch = static_cast<uint32_t>(batch);
  code.serial = serial;
  for (size_t i = 0; i < 5; ++i) code.tag[i] = static_cast<uint8_t>(hi >> (8 * (4 - i)));
  for (size_t i = 0; i < 5; ++i) code.tag[5 + i] = static_cast<uint8_t>(lo >> (8 * (4 - i)));
  return code;
}

std::string CodeUrl(std::string_view host, const Code& code) {
  std::string url = "HTTPS://";
  for (char c : host) url.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  return url + "/Q/" + FormatCode(code);
}

}  // namespace qrmark::codes
