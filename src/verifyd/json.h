// Minimal JSON text helpers for the daemon's responses (no parser).
//
// JsonString quotes and escapes (AppendJsonString into a buffer); JsonScalar writes a CSV field as a JSON
// number when it is one (RFC 8259 grammar) and as a string otherwise.
// Pure; thread-safe.
#ifndef QRMARK_SRC_VERIFYD_JSON_H_
#define QRMARK_SRC_VERIFYD_JSON_H_

#include <string>
#include <string_view>

namespace qrmark::verifyd {

// "\"...\"" with ", \, and control characters escaped.
std::string JsonString(std::string_view text);
// Appends JsonString(text) to `out`.
void AppendJsonString(std::string_view text, std::string* out);

// `text` as a JSON number if it is one, else JsonString(text); empty → null.
std::string JsonScalar(std::string_view text);

// `text` with &, <, >, " and ' escaped for HTML.
std::string HtmlEscape(std::string_view text);

}  // namespace qrmark::verifyd

#endif  // QRMARK_SRC_VERIFYD_JSON_H_
