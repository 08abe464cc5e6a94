// Writing RFC 4180 CSV text: a field is quoted only when it must be.
//
// Lines end in "\n" (what pandas, Online Retail and our readers use). For
// catalogs and generated scans; the snapshot's CSV export has its own writer.
// Pure; thread-safe.
#ifndef QRMARK_IO_CSV_CSV_WRITER_H_
#define QRMARK_IO_CSV_CSV_WRITER_H_

#include <span>
#include <string>
#include <string_view>

namespace qrmark::csv {

// Appends `field` to `out`, quoted (with doubled quotes) if it holds a
// comma, a quote, CR or LF.
void AppendCsvField(std::string* out, std::string_view field);

// Appends the fields joined by commas, then "\n".
void AppendCsvRow(std::string* out, std::span<const std::string_view> fields);

}  // namespace qrmark::csv

#endif  // QRMARK_IO_CSV_CSV_WRITER_H_
