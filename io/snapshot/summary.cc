// The inspect summary: generic listing, named sections, warnings.
#include "io/snapshot/summary.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <numeric>
#include <sstream>

#include "io/snapshot/validate.h"

namespace qrmark::snapshot {
namespace {

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6g", v);
  return buf;
}

std::string Percent(double part, double whole) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f%%", whole > 0 ? 100.0 * part / whole : 0.0);
  return buf;
}

std::vector<double> AsDoubles(const ColumnData& data) {
  return std::visit([](const auto& v) { return std::vector<double>(v.begin(), v.end()); }, data);
}

// A cell as text: its dictionary label, or the number.
std::string Cell(const Column& c, size_t i) {
  if (!c.dictionary.empty()) {
    int32_t code = std::get<std::vector<int32_t>>(c.data)[i];
    return code >= 0 && static_cast<size_t>(code) < c.dictionary.size() ? c.dictionary[code]
                                                                        : "(none)";
  }
  return std::visit(
      [i](const auto& v) {
        if constexpr (std::is_floating_point_v<typename std::decay_t<decltype(v)>::value_type>) {
          return Number(v[i]);
        } else {
          return std::to_string(v[i]);
        }
      },
      c.data);
}

std::string AttributeText(const AttributeValue& value) {
  std::ostringstream out;
  std::visit(
      [&out](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, int64_t> || std::is_same_v<T, std::string>) {
          out << v;
        } else if constexpr (std::is_same_v<T, double>) {
          out << Number(v);
        } else {
          out << '[';
          for (size_t i = 0; i < v.size() && i < 6; ++i) out << (i ? ", " : "") << v[i];
          if (v.size() > 6) out << ", ... (" << v.size() << " values)";
          out << ']';
        }
      },
      value);
  return out.str();
}

// "  tier: high 3 (42.9%), mid 2 (28.6%)": counts of each label, in label order.
void Distribution(const Column& c, std::ostringstream& out) {
  std::map<std::string, size_t> counts;
  std::vector<std::string> order;
  size_t rows = std::visit([](const auto& v) { return v.size(); }, c.data) / c.width;
  for (size_t i = 0; i < rows; ++i) {
    std::string label = Cell(c, i * c.width);
    if (counts[label]++ == 0) order.push_back(label);
  }
  if (!c.dictionary.empty()) {
    std::erase_if(order, [&](const std::string& s) {
      return std::find(c.dictionary.begin(), c.dictionary.end(), s) != c.dictionary.end();
    });
    std::vector<std::string> dict_order;
    for (const std::string& s : c.dictionary)
      if (counts.count(s)) dict_order.push_back(s);
    order.insert(order.begin(), dict_order.begin(), dict_order.end());
  }
  out << "  " << c.name << ":";
  const char* sep = " ";
  for (const std::string& label : order) {
    out << sep << label << " " << counts[label] << " ("
        << Percent(static_cast<double>(counts[label]), static_cast<double>(rows)) << ")";
    sep = ", ";
  }
  out << "\n";
}

// Rows of `t` as an aligned text table, at most `limit`, in `order`.
void PrintRows(const Table& t, const std::vector<size_t>& order, size_t limit,
               std::ostringstream& out) {
  out << "   ";
  for (const Column& c : t.columns) {
    for (size_t w = 0; w < c.width; ++w) {
      char buf[64];
      std::snprintf(buf, sizeof(buf), " %14.14s",
                    (c.width > 1 ? c.name + "_" + std::to_string(w) : c.name).c_str());
      out << buf;
    }
  }
  out << "\n";
  for (size_t k = 0; k < order.size() && k < limit; ++k) {
    out << "   ";
    for (const Column& c : t.columns) {
      for (size_t w = 0; w < c.width; ++w) {
        char buf[64];
        std::snprintf(buf, sizeof(buf), " %14.14s", Cell(c, order[k] * c.width + w).c_str());
        out << buf;
      }
    }
    out << "\n";
  }
  if (order.size() > limit) out << "    ... (" << order.size() << " rows)\n";
}

const Column* Find(const Table& t, const std::string& name) {
  for (const Column& c : t.columns)
    if (c.name == name) return &c;
  return nullptr;
}

// Row indices sorted by the first of `keys` present (descending, ties by row).
std::vector<size_t> TopOrder(const Table& t, std::initializer_list<const char*> keys) {
  std::vector<size_t> order(t.rows());
  std::iota(order.begin(), order.end(), 0);
  for (const char* key : keys) {
    const Column* c = Find(t, key);
    if (c == nullptr || c->width != 1 || !c->dictionary.empty()) continue;
    std::vector<double> v = AsDoubles(c->data);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v[a] > v[b]; });
    break;
  }
  return order;
}

void Sections(const std::map<std::string, Table>& tables, std::map<std::string, int64_t>& rows,
              std::ostringstream& out) {
  if (auto it = tables.find("users"); it != tables.end()) {
    out << "users: " << rows["users"] << "\n";
    for (const char* name : {"tier", "segment", "lifecycle"}) {
      if (const Column* c = Find(it->second, name)) Distribution(*c, out);
    }
  }
  if (auto it = tables.find("clusters"); it != tables.end()) {
    out << "clusters:\n";
    PrintRows(it->second, TopOrder(it->second, {}), 20, out);
  }
  if (auto it = tables.find("by_region"); it != tables.end()) {
    out << "top regions:\n";
    PrintRows(it->second, TopOrder(it->second, {"users", "scans", "amount_cents"}), 10, out);
  }
  if (auto it = tables.find("items"); it != tables.end()) {
    out << "items: " << rows["items"] << " (top by scans)\n";
    PrintRows(it->second, TopOrder(it->second, {"scans", "users"}), 5, out);
  }
}

void Warnings(const std::map<std::string, AttributeValue>& attrs,
              const std::map<std::string, int64_t>& rows, std::ostringstream& out) {
  std::vector<std::string> warnings;
  auto in = attrs.find("records_in");
  auto rejected = attrs.find("records_rejected");
  if (in != attrs.end() && rejected != attrs.end() && std::holds_alternative<int64_t>(in->second) &&
      std::holds_alternative<int64_t>(rejected->second) && std::get<int64_t>(in->second) > 0) {
    double rate = static_cast<double>(std::get<int64_t>(rejected->second)) /
                  static_cast<double>(std::get<int64_t>(in->second));
    if (rate > kRejectWarnFraction) {
      warnings.push_back("high reject rate: " + Percent(rate, 1.0) +
                         " of records_in were rejected");
    }
  }
  if (auto w = attrs.find("warnings"); w != attrs.end()) {
    if (const auto* list = std::get_if<std::vector<std::string>>(&w->second)) {
      warnings.insert(warnings.end(), list->begin(), list->end());
    }
  }
  if (auto u = rows.find("users"); u != rows.end() && u->second == 0) {
    warnings.push_back("the users table is empty");
  }
  out << "warnings:" << (warnings.empty() ? " none\n" : "\n");
  for (const std::string& w : warnings) out << "  - " << w << "\n";
}

// "  users: 7 rows; key:uint64 tier:int32{3 labels} hours:float32[3]".
Result<int64_t> ListTable(const H5Reader& reader, const std::string& name,
                          std::ostringstream& out) {
  QRMARK_ASSIGN_OR_RETURN(std::vector<std::string> columns, reader.Columns(name));
  QRMARK_ASSIGN_OR_RETURN(auto attrs, reader.Attributes(name));
  const int64_t* rows = std::get_if<int64_t>(&attrs["rows"]);
  out << "  " << name << ": " << (rows ? *rows : 0) << " rows;";
  for (const std::string& column : columns) {
    QRMARK_ASSIGN_OR_RETURN(H5Reader::Shape shape, reader.ColumnShape(name, column));
    out << " " << column << ":" << shape.type;
    if (shape.width > 1) out << "[" << shape.width << "]";
  }
  out << "\n";
  return rows ? *rows : 0;
}

// The tables the named sections need; of "users" only its label columns.
Result<std::map<std::string, Table>> ReadSectionTables(const H5Reader& reader,
                                                       const std::vector<std::string>& names) {
  std::map<std::string, Table> tables;
  for (const std::string& name : names) {
    if (name == "clusters" || name == "by_region" || name == "items") {
      QRMARK_ASSIGN_OR_RETURN(tables[name], reader.ReadTable(name));
    } else if (name == "users") {
      QRMARK_ASSIGN_OR_RETURN(std::vector<std::string> columns, reader.Columns(name));
      Table& users = tables[name];
      users.name = name;
      for (const char* wanted : {"tier", "segment", "lifecycle"}) {
        if (std::find(columns.begin(), columns.end(), wanted) == columns.end()) continue;
        QRMARK_ASSIGN_OR_RETURN(Column c, reader.ReadColumn(name, wanted));
        users.columns.push_back(std::move(c));
      }
    }
  }
  return tables;
}

}  // namespace

Result<std::string> SummarizeSnapshot(const H5Reader& reader) {
  QRMARK_ASSIGN_OR_RETURN(auto attrs, reader.Attributes("/"));
  QRMARK_ASSIGN_OR_RETURN(std::vector<std::string> names, reader.Tables());
  std::ostringstream out;
  out << "attributes:\n";
  for (const auto& [name, value] : attrs)
    out << "  " << name << ": " << AttributeText(value) << "\n";
  out << "tables:\n";
  std::map<std::string, int64_t> rows;
  for (const std::string& name : names) {
    QRMARK_ASSIGN_OR_RETURN(rows[name], ListTable(reader, name, out));
  }
  QRMARK_ASSIGN_OR_RETURN(auto tables, ReadSectionTables(reader, names));
  Sections(tables, rows, out);
  Warnings(attrs, rows, out);
  return out.str();
}

}  // namespace qrmark::snapshot
