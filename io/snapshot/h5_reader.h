// H5Reader: reads a snapshot.h5 back with the serial HDF5 API.
//
// The companion of h5_writer.h, for `qrmark inspect`, the verifier and tests:
// list tables and columns in the order written, read attributes, read a
// column (values, width, description, dictionary). Reads whole columns into
// memory; not for streaming huge tables. Needs no MPI.
//
// Thread safety: one thread at a time per process (HDF5 is not thread-safe).
#ifndef QRMARK_IO_SNAPSHOT_H5_READER_H_
#define QRMARK_IO_SNAPSHOT_H5_READER_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "io/snapshot/table.h"
#include "src/base/status.h"

namespace qrmark::snapshot {

class H5Reader {
 public:
  // Opens `path` read-only; IoError naming the path if it is not HDF5.
  //
  // Example:
  //   QRMARK_ASSIGN_OR_RETURN(H5Reader reader, H5Reader::Open(dir + "/snapshot.h5"));
  //   QRMARK_ASSIGN_OR_RETURN(Column tier, reader.ReadColumn("users", "tier"));
  [[nodiscard]] static Result<H5Reader> Open(const std::string& path);

  ~H5Reader();
  H5Reader(H5Reader&& other) noexcept;
  H5Reader& operator=(H5Reader&& other) noexcept;
  H5Reader(const H5Reader&) = delete;
  H5Reader& operator=(const H5Reader&) = delete;

  // Table (group) names in the order they were written.
  [[nodiscard]] Result<std::vector<std::string>> Tables() const;

  // Column names of `table` in the order written, without the `_dict`
  // datasets (they come back inside ReadColumn). NotFound if no such table.
  [[nodiscard]] Result<std::vector<std::string>> Columns(const std::string& table) const;

  // The attributes of `object`: "/" for the root, "users" for a table,
  // "users/tier" for a column. Empty vector attributes read back as empty
  // vectors of their type.
  [[nodiscard]] Result<std::map<std::string, AttributeValue>> Attributes(
      const std::string& object) const;

  // One column with its width, description and dictionary; Corruption if
  // its type is not one a SnapshotContent can hold. Integer values come
  // back as int64 or uint64 (by signedness), whatever their stored width;
  // floating point as float64 or float32.
  [[nodiscard]] Result<Column> ReadColumn(const std::string& table,
                                          const std::string& column) const;

  // A column's stored type ("int8", "uint64", "float32"...), rows and width
  // without reading its values.
  struct Shape {
    std::string type;
    uint64_t rows = 0;
    size_t width = 1;
  };
  [[nodiscard]] Result<Shape> ColumnShape(const std::string& table,
                                          const std::string& column) const;

  // Every column of `table` (distributed = attribute `distributed`).
  [[nodiscard]] Result<Table> ReadTable(const std::string& table) const;

 private:
  H5Reader(int64_t file, std::string path) : file_(file), path_(std::move(path)) {}
  int64_t file_ = -1;  // hid_t
  std::string path_;
};

}  // namespace qrmark::snapshot

#endif  // QRMARK_IO_SNAPSHOT_H5_READER_H_
