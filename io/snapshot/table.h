// The snapshot's content, independent of how it is written.
//
// The job fills a `SnapshotContent`: named tables of typed columns plus
// attributes. io/snapshot writes the same content as one HDF5 file
// (h5_writer.h: a group per table, a dataset per column) and as CSV files
// (csv_export.h: a file per table). SCHEMA.md documents every table.
//
// A table is either *distributed* (each rank holds a slice of the rows;
// the file holds the slices concatenated in rank order) or *replicated*
// (every rank holds the same rows; rank 0's copy is written). String-valued
// columns are stored as int32 codes plus a dictionary (the AnnData
// convention), because parallel HDF5 cannot write variable-length strings.
//
// Plain values; no thread-safety concerns.
#ifndef QRMARK_IO_SNAPSHOT_TABLE_H_
#define QRMARK_IO_SNAPSHOT_TABLE_H_

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace qrmark::snapshot {

using ColumnData = std::variant<std::vector<int64_t>, std::vector<uint64_t>, std::vector<int32_t>,
                                std::vector<double>, std::vector<float>>;

struct Column {
  std::string name;         // dataset / CSV header name: snake_case
  ColumnData data;          // rows * width values, row-major
  size_t width = 1;         // >1: a fixed-width 2-D column (rows x width)
  std::string description;  // one line, with the unit: "days since last scan"
  // Non-empty: `data` holds int32 codes into this dictionary (-1 = none);
  // CSV writes the string, HDF5 writes the codes plus a <name>_dict dataset.
  std::vector<std::string> dictionary;
  bool export_csv = true;  // false: HDF5 only, left out of the table's CSV
};

struct Table {
  std::string name;          // HDF5 group and CSV file stem: "users"
  bool distributed = false;  // rows split across ranks (see above)
  bool export_csv = true;    // also written as <name>.csv
  std::vector<Column> columns;
  size_t rows() const;       // local rows (all columns must agree)
};

using AttributeValue = std::variant<int64_t, double, std::string, std::vector<int64_t>,
                                    std::vector<double>, std::vector<std::string>>;

struct SnapshotContent {
  std::string id;                                  // "20261123T020000Z-<8 hex>"
  std::map<std::string, AttributeValue> attributes;  // root attributes (same on every rank)
  std::vector<Table> tables;
};

}  // namespace qrmark::snapshot

#endif  // QRMARK_IO_SNAPSHOT_TABLE_H_
