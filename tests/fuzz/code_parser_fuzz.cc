// libFuzzer target: the printed-code and GS1 Digital Link parsers.
//
// Any input must parse or fail with a Status, never crash or read out of
// bounds; a code that parses must format back to its normalised text and
// re-parse to the same value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "src/codes/code_format.h"
#include "src/codes/gs1.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  qrmark::Result<qrmark::codes::Code> code = qrmark::codes::ParseCode(text);
  if (code.ok()) {
    std::string canonical = qrmark::codes::FormatCode(*code);
    if (canonical != qrmark::codes::NormalizeCode(text)) std::abort();
    qrmark::Result<qrmark::codes::Code> again = qrmark::codes::ParseCode(canonical);
    if (!again.ok() || !(*again == *code)) std::abort();
  }
  qrmark::Result<qrmark::codes::Gs1Link> link = qrmark::codes::ParseGs1DigitalLink(text);
  if (link.ok() && link->gtin.size() != 14) std::abort();
  (void)qrmark::codes::IsValidGtin(text);
  return 0;
}
