// QR images of code URLs: libqrencode (error correction level Q) to PNG or SVG.
//
// For `qrmark issue --png/--svg`. The URL is encoded with mode optimisation,
// so an upper-case code URL lands in QR alphanumeric mode. Images carry the
// 4-module quiet zone the standard requires. Not a decoder (tests use zbarimg).
//
// Thread safety: libqrencode is reentrant; safe from any thread.
#ifndef QRMARK_SRC_CODES_QR_IMAGE_H_
#define QRMARK_SRC_CODES_QR_IMAGE_H_

#include <string>
#include <string_view>

#include "src/base/status.h"

namespace qrmark::codes {

// Writes the QR symbol of `text` to `path` as a PNG with `scale` pixels per
// module. IoError names the path; Internal if libqrencode refuses the text.
[[nodiscard]] Status WriteQrPng(std::string_view text, const std::string& path, int scale = 4);

// The same symbol as an SVG document (one path, one unit per module).
[[nodiscard]] Status WriteQrSvg(std::string_view text, const std::string& path);

}  // namespace qrmark::codes

#endif  // QRMARK_SRC_CODES_QR_IMAGE_H_
