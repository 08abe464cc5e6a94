// Content validation, and a structural fingerprint compared across ranks.
#include "io/snapshot/validate.h"

#include <set>
#include <sstream>

#include "src/base/hash.h"

namespace qrmark::snapshot {
namespace {

Status CheckColumn(const Table& table, const Column& column, size_t rows) {
  std::string where = "table '" + table.name + "' column '" + column.name + "'";
  if (!IsSafeName(column.name, /*allow_dash=*/false)) {
    return InvalidArgument(where + ": name must be 1-64 characters of [A-Za-z0-9_]");
  }
  size_t size = std::visit([](const auto& v) { return v.size(); }, column.data);
  if (column.width == 0 || size != rows * column.width) {
    return InvalidArgument(where + ": has " + std::to_string(size) + " values, expected rows (" +
                           std::to_string(rows) + ") x width (" + std::to_string(column.width) +
                           ")");
  }
  if (column.dictionary.empty()) return Status::Ok();
  const auto* codes = std::get_if<std::vector<int32_t>>(&column.data);
  if (codes == nullptr) return InvalidArgument(where + ": a dictionary needs int32 codes");
  for (size_t i = 0; i < codes->size(); ++i) {
    int32_t c = (*codes)[i];
    if (c < -1 || c >= static_cast<int64_t>(column.dictionary.size())) {
      return InvalidArgument(where + ": row " + std::to_string(i / column.width) + " has code " +
                             std::to_string(c) + " outside [-1, " +
                             std::to_string(column.dictionary.size()) + ")");
    }
  }
  return Status::Ok();
}

Status CheckTable(const Table& table) {
  if (!IsSafeName(table.name, /*allow_dash=*/true)) {
    return InvalidArgument("table '" + table.name +
                           "': name must be 1-64 characters of [A-Za-z0-9_-]");
  }
  size_t rows = table.columns.empty()
                    ? 0
                    : std::visit([](const auto& v) { return v.size(); }, table.columns[0].data) /
                          std::max<size_t>(1, table.columns[0].width);
  std::set<std::string> names;
  for (const Column& column : table.columns) {
    QRMARK_RETURN_IF_ERROR(CheckColumn(table, column, rows));
    bool fresh = names.insert(column.name).second;
    if (!column.dictionary.empty()) fresh = fresh && names.insert(column.name + "_dict").second;
    if (!fresh) {
      return InvalidArgument("table '" + table.name + "': column name '" + column.name +
                             "' (or its _dict) is used twice");
    }
  }
  return Status::Ok();
}

void PutValue(std::ostream& out, int64_t v) { out << v; }
void PutValue(std::ostream& out, double v) { out << std::hexfloat << v << std::defaultfloat; }
void PutValue(std::ostream& out, const std::string& v) { out << v; }
template <typename T>
void PutValue(std::ostream& out, const std::vector<T>& values) {
  for (const T& v : values) {
    PutValue(out, v);
    out << '\x1f';
  }
}

// Everything that must be equal on every rank, as text.
std::string Structure(const SnapshotContent& content) {
  std::ostringstream out;
  out << content.id << '\n';
  for (const auto& [name, value] : content.attributes) {
    out << "attr " << name << ' ' << value.index() << ' ';
    std::visit([&out](const auto& v) { PutValue(out, v); }, value);
    out << '\n';
  }
  for (const Table& t : content.tables) {
    out << "table " << t.name << ' ' << t.distributed << t.export_csv << ' '
        << (t.distributed ? 0 : t.rows()) << '\n';
    for (const Column& c : t.columns) {
      out << c.name << ' ' << ColumnTypeName(c.data) << ' ' << c.width << ' ' << c.export_csv << ' ' << c.description;
      for (const std::string& word : c.dictionary) out << '\x1f' << word;
      out << '\n';
    }
  }
  return out.str();
}

}  // namespace

bool IsSafeName(std::string_view name, bool allow_dash) {
  if (name.empty() || name.size() > 64) return false;
  for (char ch : name) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || (allow_dash && ch == '-');
    if (!ok) return false;
  }
  return true;
}

Status ValidateContent(const SnapshotContent& content) {
  std::set<std::string> tables;
  for (const Table& table : content.tables) {
    QRMARK_RETURN_IF_ERROR(CheckTable(table));
    if (!tables.insert(table.name).second) {
      return InvalidArgument("table '" + table.name + "' appears twice");
    }
  }
  for (const auto& [name, value] : content.attributes) {
    if (!IsSafeName(name, /*allow_dash=*/false)) {
      return InvalidArgument("attribute '" + name +
                             "': name must be 1-64 characters of [A-Za-z0-9_]");
    }
  }
  return Status::Ok();
}

Status AgreeOnContent(Comm& comm, const SnapshotContent& content) {
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(ValidateContent(content)));
  uint64_t fingerprint = 0;
  for (char ch : Structure(content)) fingerprint = Mix64(fingerprint ^ static_cast<uint8_t>(ch));
  int64_t lo = static_cast<int64_t>(fingerprint), hi = lo;
  comm.AllreduceMin(std::span<int64_t>(&lo, 1));
  comm.AllreduceMax(std::span<int64_t>(&hi, 1));
  if (lo != hi) {
    return InvalidArgument(
        "snapshot content differs across ranks: every rank must pass the same "
        "tables, columns, dictionaries, attributes and replicated rows");
  }
  return Status::Ok();
}

const char* ColumnTypeName(const ColumnData& data) {
  static constexpr const char* kNames[] = {"int64", "uint64", "int32", "float64", "float32"};
  return kNames[data.index()];
}

}  // namespace qrmark::snapshot
