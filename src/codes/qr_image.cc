// QR symbols from libqrencode, rendered to PNG (libpng) or SVG text.
#include "src/codes/qr_image.h"

#include <png.h>
#include <qrencode.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <memory>
#include <vector>

namespace qrmark::codes {
namespace {

constexpr int kQuietZone = 4;

struct QrDeleter {
  void operator()(QRcode* q) const { QRcode_free(q); }
};
using QrPtr = std::unique_ptr<QRcode, QrDeleter>;

Result<QrPtr> Encode(std::string_view text) {
  std::string s(text);
  QrPtr qr(QRcode_encodeString(s.c_str(), 0, QR_ECLEVEL_Q, QR_MODE_8, 1));
  if (!qr) return Internal("libqrencode cannot encode a " + std::to_string(s.size()) + "-byte text");
  return qr;
}

bool Dark(const QRcode& qr, int x, int y) {
  x -= kQuietZone;
  y -= kQuietZone;
  if (x < 0 || y < 0 || x >= qr.width || y >= qr.width) return false;
  return (qr.data[y * qr.width + x] & 1) != 0;
}

Status WritePng(const QRcode& qr, const std::string& path, int scale) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return PosixError("open", path, errno);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    std::fclose(f);
    return IoError("libpng failed writing " + path);
  }
  int side = (qr.width + 2 * kQuietZone) * scale;
  png_init_io(png, f);
  png_set_IHDR(png, info, side, side, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  std::vector<png_byte> row(side);
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) row[x] = Dark(qr, x / scale, y / scale) ? 0 : 255;
    png_write_row(png, row.data());
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return std::fclose(f) == 0 ? Status::Ok() : PosixError("close", path, errno);
}

}  // namespace

Status WriteQrPng(std::string_view text, const std::string& path, int scale) {
  QRMARK_ASSIGN_OR_RETURN(QrPtr qr, Encode(text));
  return WritePng(*qr, path, scale);
}

Status WriteQrSvg(std::string_view text, const std::string& path) {
  QRMARK_ASSIGN_OR_RETURN(QrPtr qr, Encode(text));
  int side = qr->width + 2 * kQuietZone;
  std::ofstream out(path);
  if (!out) return PosixError("open", path, errno);
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << side << ' ' << side
      << "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
      << "<path fill=\"#000\" d=\"";
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      if (Dark(*qr, x, y)) out << 'M' << x << ',' << y << "h1v1h-1z";
    }
  }
  out << "\"/></svg>\n";
  out.close();
  return out ? Status::Ok() : IoError("cannot write " + path);
}

}  // namespace qrmark::codes
