// Fixtures for the snapshot MPI tests: a content with uneven and empty
// slices, and a temporary directory shared by all ranks.
#ifndef QRMARK_TESTS_MPI_H5_TEST_UTIL_H_
#define QRMARK_TESTS_MPI_H5_TEST_UTIL_H_

#include <stdlib.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "io/snapshot/table.h"
#include "src/dist/comm.h"

namespace qrmark::snapshot::testing {

constexpr size_t kUserRows = 7;

// Global row boundaries of the "users" table: rank 0 alone holds all rows;
// at 2 ranks rank 0 is empty; at 3 ranks rank 1 is empty.
inline std::vector<size_t> UserBounds(int size) {
  if (size == 1) return {0, kUserRows};
  if (size == 2) return {0, 0, kUserRows};
  std::vector<size_t> b = {0, 2, 2};
  for (int r = 3; r <= size; ++r) b.push_back(2 + (kUserRows - 2) * (r - 2) / (size - 2));
  return b;
}

// Global rows [begin, end) of "users": every column kind, a 2-D column, a
// dictionary with -1, strings that need CSV quoting, NaN and a big uint64.
inline Table UsersRows(size_t begin, size_t end) {
  Table t;
  t.name = "users";
  t.distributed = true;
  std::vector<uint64_t> key;
  std::vector<int32_t> score, tier;
  std::vector<double> monetary;
  std::vector<float> hours;
  std::vector<int64_t> recency;
  for (size_t i = begin; i < end; ++i) {
    key.push_back(i == 6 ? 18446744073709551615ull : 1000 + i);
    score.push_back(static_cast<int32_t>(i % 5) - 1);
    tier.push_back(static_cast<int32_t>(i % 4) - 1);  // -1 = none
    monetary.push_back(i == 3 ? std::nan("") : 0.1 * static_cast<double>(i) + 1e-17);
    for (int h = 0; h < 3; ++h) hours.push_back(static_cast<float>(i * 3 + h) / 3.0f);
    recency.push_back(-static_cast<int64_t>(i) * 1000000007LL);
  }
  t.columns.push_back({"key", key, 1, "pseudonymous user key", {}});
  t.columns.push_back({"score", score, 1, "RFM score, 1..5", {}});
  t.columns.push_back({"tier", tier, 1, "value tier", {"high", "mid, \"keep\"", " low"}});
  t.columns.push_back({"monetary", monetary, 1, "spend, yuan", {}});
  t.columns.push_back({"hours", hours, 3, "share of scans by hour band", {}});
  t.columns.push_back({"recency", recency, 1, "days since last scan", {}});
  return t;
}

// The content as rank `rank` of `size` holds it.
inline SnapshotContent MakeContent(int rank, int size) {
  SnapshotContent c;
  c.id = "20261123T020000Z-0badc0de";
  c.attributes["schema_version"] = int64_t{1};
  c.attributes["k_inertia"] = 12.5;
  c.attributes["program_version"] = std::string("0.1.0");
  c.attributes["counts"] = std::vector<int64_t>{10, 20, 30};
  c.attributes["centers"] = std::vector<double>{0.5, -1.25};
  c.attributes["input_files"] = std::vector<std::string>{"a.seg", "longer-name.csv"};
  c.attributes["no_warnings"] = std::vector<std::string>{};
  std::vector<size_t> b = UserBounds(size);
  c.tables.push_back(UsersRows(b[rank], b[rank + 1]));
  Table clusters;
  clusters.name = "clusters";
  clusters.columns.push_back({"size", std::vector<int64_t>{4, 2, 1}, 1, "users", {}});
  clusters.columns.push_back({"center", std::vector<double>{1, 2, 3, 4, 5, 6}, 2, "R, F", {}});
  clusters.columns.push_back({"spread", std::vector<int64_t>{7, 8, 9}, 1, "HDF5 only", {}, /*export_csv=*/false});
  c.tables.push_back(clusters);
  Table empty;
  empty.name = "suspicious";
  empty.distributed = true;
  empty.columns.push_back({"serial", std::vector<uint64_t>{}, 1, "serial", {}});
  empty.columns.push_back({"kind", std::vector<int32_t>{}, 1, "why", {"regions", "count"}});
  c.tables.push_back(empty);
  Table no_csv;
  no_csv.name = "by_hour";
  no_csv.export_csv = false;
  no_csv.columns.push_back({"scans", std::vector<int64_t>{}, 1, "scans", {}});
  c.tables.push_back(no_csv);
  return c;
}

// A fresh directory made by rank 0, its path known to every rank.
inline std::string SharedTempDir(Comm& comm, const std::string& stem) {
  std::string path(256, '\0');
  if (comm.rank() == 0) {
    std::string tmpl = std::filesystem::temp_directory_path().string() + "/" + stem + "-XXXXXX";
    path = mkdtemp(tmpl.data()) ? tmpl : std::string();
    path.resize(256, '\0');
  }
  comm.Broadcast(std::as_writable_bytes(std::span(path)), 0);
  path.resize(path.find('\0'));
  return path;
}

}  // namespace qrmark::snapshot::testing

#endif  // QRMARK_TESTS_MPI_H5_TEST_UTIL_H_
