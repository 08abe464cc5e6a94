// GS1 Digital Link paths: `/01/<GTIN>/10/<batch>/21/<serial>` → a Code.
//
// Lets a brand's existing GS1 tooling print URIs that the verifier accepts:
// AI 01 is the GTIN (8, 12, 13 or 14 digits with a valid check digit, kept
// as 14), AI 10 the 7-character batch field and AI 21 the serial and tag (24
// characters) of the code. Only this one key-qualifier order is accepted;
// no percent-decoding is done (codes never need it). Pure; thread-safe.
#ifndef QRMARK_SRC_CODES_GS1_H_
#define QRMARK_SRC_CODES_GS1_H_

#include <string>
#include <string_view>

#include "src/base/status.h"
#include "src/codes/code_format.h"

namespace qrmark::codes {

struct Gs1Link {
  std::string gtin;  // 14 digits
  Code code;
};

// True iff `digits` is 8, 12, 13 or 14 decimal digits whose last is the GS1
// mod-10 check digit of the others.
bool IsValidGtin(std::string_view digits);

// Parses `path` (the request path, without query). InvalidArgument naming the
// segment that is wrong.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(Gs1Link link, ParseGs1DigitalLink("/01/09506000134352/10/..."));
[[nodiscard]] Result<Gs1Link> ParseGs1DigitalLink(std::string_view path);

// "/01/<gtin>/10/<batch>/21/<serial+tag>" for `code`.
std::string Gs1Path(std::string_view gtin14, const Code& code);

}  // namespace qrmark::codes

#endif  // QRMARK_SRC_CODES_GS1_H_
