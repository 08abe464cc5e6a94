// The inspect summary: generic listing, named sections, warnings.
#include "io/snapshot/summary.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <sstream>
#include <string_view>

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

// Appends `line` and a newline, broken so that no line exceeds kSummaryWidth:
// after the last ", " that fits in the second half of the room, else at the
// last space, else mid-word (never inside the line's leading spaces).
// Continuation lines start with `indent` spaces.
void AppendWrapped(std::string_view line, size_t indent, std::ostringstream& out) {
  std::string prefix;
  size_t lead = std::min(line.find_first_not_of(' '), line.size());
  while (prefix.size() + line.size() > kSummaryWidth) {
    const size_t room = kSummaryWidth - prefix.size();
    size_t keep = room, skip = room;
    if (size_t comma = line.rfind(", ", room - 1);
        comma != std::string_view::npos && comma > std::max(lead, room / 2)) {
      keep = comma + 1, skip = comma + 2;
    } else if (size_t space = line.rfind(' ', room);
               space != std::string_view::npos && space > lead) {
      keep = space, skip = space + 1;
    }
    out << prefix << line.substr(0, keep) << "\n";
    line.remove_prefix(skip);
    prefix.assign(indent, ' ');
    lead = 0;
  }
  out << prefix << line << "\n";
}

// Value `i` of a column's data (row-major), converted to T.
template <typename T>
T ValueAt(const Column& c, size_t i) {
  return std::visit([i](const auto& v) { return static_cast<T>(v[i]); }, c.data);
}

size_t ValueCount(const Column& c) {
  return std::visit([](const auto& v) { return v.size(); }, c.data);
}

// The label of dictionary code `code` ("(none)" outside it), or the number
// for a column without a dictionary.
std::string LabelOf(const Column& c, int64_t code) {
  if (c.dictionary.empty()) return std::to_string(code);
  return code >= 0 && static_cast<size_t>(code) < c.dictionary.size() ? c.dictionary[code]
                                                                      : "(none)";
}

// A cell as text: its dictionary label, or the number.
std::string Cell(const Column& c, size_t i) {
  if (!c.dictionary.empty()) return LabelOf(c, ValueAt<int64_t>(c, i));
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
  size_t rows = ValueCount(c) / c.width;
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
  std::string line = "  " + c.name + ":";
  const char* sep = " ";
  for (const std::string& label : order) {
    line += sep + label + " " + std::to_string(counts[label]) + " (" +
            Percent(static_cast<double>(counts[label]), static_cast<double>(rows)) + ")";
    sep = ", ";
  }
  AppendWrapped(line, 4, out);
}

// A column as PrintRows shows it, under `header`.
struct ShownColumn {
  const Column* column;
  std::string header;
};

std::vector<ShownColumn> AllColumns(const Table& t) {
  std::vector<ShownColumn> shown;
  for (const Column& c : t.columns) shown.push_back({&c, c.name});
  return shown;
}

// Of "clusters": every column but the standardized centres (`center_*_std`),
// each centre headed by its feature name alone.
std::vector<ShownColumn> ClusterColumns(const Table& t) {
  constexpr std::string_view kCenter = "center_", kStd = "_std";
  std::vector<ShownColumn> shown;
  for (const Column& c : t.columns) {
    const std::string_view name = c.name;
    if (!name.starts_with(kCenter)) {
      shown.push_back({&c, c.name});
    } else if (!name.ends_with(kStd)) {
      shown.push_back({&c, c.name.substr(kCenter.size())});
    }
  }
  return shown;
}

// Rows of `columns` as an aligned text table, at most `limit`, in `order`;
// a 2-D column shows as one column per position, headed `<header>_<i>`.
void PrintRows(const std::vector<ShownColumn>& columns, const std::vector<size_t>& order,
               size_t limit, std::ostringstream& out) {
  out << "   ";
  for (const ShownColumn& s : columns) {
    for (size_t w = 0; w < s.column->width; ++w) {
      char buf[64];
      std::snprintf(buf, sizeof(buf), " %14.14s",
                    (s.column->width > 1 ? s.header + "_" + std::to_string(w) : s.header).c_str());
      out << buf;
    }
  }
  out << "\n";
  for (size_t k = 0; k < order.size() && k < limit; ++k) {
    out << "   ";
    for (const ShownColumn& s : columns) {
      for (size_t w = 0; w < s.column->width; ++w) {
        char buf[64];
        std::snprintf(buf, sizeof(buf), " %14.14s",
                      Cell(*s.column, order[k] * s.column->width + w).c_str());
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

const Table* FindTable(const std::map<std::string, Table>& tables, const std::string& name) {
  auto it = tables.find(name);
  return it == tables.end() ? nullptr : &it->second;
}

// Row indices sorted by the first of `keys` present (descending, ties by row).
std::vector<size_t> TopOrder(const Table& t, std::initializer_list<const char*> keys) {
  std::vector<size_t> order(t.rows());
  std::iota(order.begin(), order.end(), 0);
  for (const char* key : keys) {
    const Column* c = Find(t, key);
    if (c == nullptr || c->width != 1 || !c->dictionary.empty()) continue;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return ValueAt<double>(*c, a) > ValueAt<double>(*c, b);
    });
    break;
  }
  return order;
}

// Code and category of each dense product id: from `products` where it lists
// the id, else the code from by_product's product dictionary.
struct ProductNames {
  std::vector<std::string> code, category;  // by product id; "" = unknown

  std::string Code(int64_t id) const {
    const bool known = id >= 0 && static_cast<size_t>(id) < code.size() && !code[id].empty();
    return known ? code[id] : std::string("#").append(std::to_string(id));
  }
  std::string Category(int64_t id) const {
    const bool known =
        id >= 0 && static_cast<size_t>(id) < category.size() && !category[id].empty();
    return known ? category[id] : "(none)";
  }
};

void SetName(std::vector<std::string>& names, int64_t id, std::string name) {
  if (id < 0) return;
  if (names.size() <= static_cast<size_t>(id)) names.resize(static_cast<size_t>(id) + 1);
  names[id] = std::move(name);
}

ProductNames NamesOfProducts(const std::map<std::string, Table>& tables) {
  ProductNames names;
  if (const Table* by_product = FindTable(tables, "by_product")) {
    if (const Column* product = Find(*by_product, "product")) names.code = product->dictionary;
  }
  const Table* products = FindTable(tables, "products");
  if (products == nullptr) return names;
  const Column* id = Find(*products, "product");
  const Column* code = Find(*products, "code");
  const Column* category = Find(*products, "category");
  for (size_t r = 0; r < products->rows(); ++r) {
    const int64_t p = id ? ValueAt<int64_t>(*id, r) : static_cast<int64_t>(r);
    if (code) SetName(names.code, p, Cell(*code, r));
    if (category) SetName(names.category, p, Cell(*category, r));
  }
  return names;
}

// The first kTopNeighbours (neighbour id, score) of `product` in `t`: rows
// whose `product` matches, their `neighbour`/`score` positions in order (one
// K-wide row in `items`, a row per neighbour in `item_neighbours`); ids < 0
// are padding.
std::vector<std::pair<int64_t, double>> NeighboursOf(const Table& t, int64_t product) {
  std::vector<std::pair<int64_t, double>> out;
  const Column* id = Find(t, "product");
  const Column* neighbour = Find(t, "neighbour");
  const Column* score = Find(t, "score");
  if (!id || !neighbour || !score || neighbour->width != score->width) return out;
  const size_t k = neighbour->width;
  for (size_t r = 0; r < ValueCount(*id) / id->width && out.size() < kTopNeighbours; ++r) {
    if (ValueAt<int64_t>(*id, r * id->width) != product) continue;
    for (size_t j = 0; j < k && out.size() < kTopNeighbours; ++j) {
      const int64_t n = ValueAt<int64_t>(*neighbour, r * k + j);
      if (n >= 0) out.emplace_back(n, ValueAt<double>(*score, r * k + j));
    }
  }
  return out;
}

// The named sections' columns of each table they read; empty: every column.
const std::map<std::string, std::vector<std::string>>& SectionColumns() {
  static const std::map<std::string, std::vector<std::string>> columns = {
      {"users", {"user_key", "tier", "segment", "lifecycle"}},
      {"clusters", {}},
      {"by_region", {}},
      {"by_product", {"product", "scans", "users"}},
      {"products", {"product", "code", "category"}},
      {"items", {"product", "neighbour", "score"}},
      {"item_neighbours", {"product", "neighbour", "score"}},
      {"user_tags", {"user_key", "tag", "tag_score"}},
  };
  return columns;
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
  for (const std::string& w : warnings) AppendWrapped("  - " + w, 4, out);
}

// "  users: 7 rows; key:uint64 tier:int32{3 labels} hours:float32[3]".
Result<int64_t> ListTable(const H5Reader& reader, const std::string& name,
                          std::ostringstream& out) {
  QRMARK_ASSIGN_OR_RETURN(std::vector<std::string> columns, reader.Columns(name));
  QRMARK_ASSIGN_OR_RETURN(auto attrs, reader.Attributes(name));
  const int64_t* rows = std::get_if<int64_t>(&attrs["rows"]);
  std::string line = "  " + name + ": " + std::to_string(rows ? *rows : 0) + " rows;";
  for (const std::string& column : columns) {
    QRMARK_ASSIGN_OR_RETURN(H5Reader::Shape shape, reader.ColumnShape(name, column));
    line += " " + column + ":" + shape.type;
    if (shape.width > 1) line += "[" + std::to_string(shape.width) + "]";
  }
  AppendWrapped(line, 4, out);
  return rows ? *rows : 0;
}

// The tables the named sections need, with only the columns they use
// (SectionColumns); item_neighbours only when there is no items table.
Result<std::map<std::string, Table>> ReadSectionTables(const H5Reader& reader,
                                                       const std::vector<std::string>& names) {
  const bool has_items = std::find(names.begin(), names.end(), "items") != names.end();
  std::map<std::string, Table> tables;
  for (const std::string& name : names) {
    auto wanted = SectionColumns().find(name);
    if (wanted == SectionColumns().end() || (name == "item_neighbours" && has_items)) continue;
    if (wanted->second.empty()) {
      QRMARK_ASSIGN_OR_RETURN(tables[name], reader.ReadTable(name));
      continue;
    }
    QRMARK_ASSIGN_OR_RETURN(std::vector<std::string> columns, reader.Columns(name));
    Table& table = tables[name];
    table.name = name;
    for (const std::string& column : wanted->second) {
      if (std::find(columns.begin(), columns.end(), column) == columns.end()) continue;
      QRMARK_ASSIGN_OR_RETURN(Column c, reader.ReadColumn(name, column));
      table.columns.push_back(std::move(c));
    }
  }
  return tables;
}

}  // namespace

std::string TopProductsSection(const std::map<std::string, Table>& tables) {
  const Table* by_product = FindTable(tables, "by_product");
  if (by_product == nullptr) return "";
  const Column* product = Find(*by_product, "product");
  const Column* scans = Find(*by_product, "scans");
  const Column* users = Find(*by_product, "users");
  if (product == nullptr || scans == nullptr) return "";
  const Table* neighbours = FindTable(tables, "items");
  if (neighbours == nullptr) neighbours = FindTable(tables, "item_neighbours");
  const ProductNames names = NamesOfProducts(tables);
  const std::vector<size_t> order = TopOrder(*by_product, {"scans"});

  std::ostringstream out;
  std::string header = "top products: " + std::to_string(std::min(kTopProducts, order.size())) +
                       " of " + std::to_string(order.size()) +
                       " by scans, as code [category]: scans" + (users ? ", users" : "");
  if (neighbours) {
    header += "; top " + std::to_string(kTopNeighbours) + " neighbours (" + neighbours->name +
              ") as code (cosine)";
  }
  AppendWrapped(header, 4, out);
  for (size_t k = 0; k < order.size() && k < kTopProducts; ++k) {
    const size_t row = order[k];
    const int64_t id = ValueAt<int64_t>(*product, row);
    std::string line =
        "  " + names.Code(id) + " [" + names.Category(id) + "]: " + Cell(*scans, row) + " scans";
    if (users) line += ", " + Cell(*users, row) + " users";
    AppendWrapped(line, 6, out);
    if (neighbours == nullptr) continue;
    std::string list;
    for (const auto& [n, score] : NeighboursOf(*neighbours, id)) {
      char buf[32];
      std::snprintf(buf, sizeof(buf), " (%.3f)", score);
      list += (list.empty() ? "" : ", ") + names.Code(n) + buf;
    }
    AppendWrapped("      neighbours: " + (list.empty() ? std::string("none") : list), 8, out);
  }
  return out.str();
}

std::string TierTagMixSection(const std::map<std::string, Table>& tables) {
  const Table* users = FindTable(tables, "users");
  const Table* user_tags = FindTable(tables, "user_tags");
  if (users == nullptr || user_tags == nullptr) return "";
  const Column* user_key = Find(*users, "user_key");
  const Column* tier = Find(*users, "tier");
  const Column* tag_key = Find(*user_tags, "user_key");
  const Column* tag = Find(*user_tags, "tag");
  const Column* tag_score = Find(*user_tags, "tag_score");
  if (!user_key || !tier || !tag_key || !tag || !tag_score || tag->width != tag_score->width)
    return "";

  // user_key → tier code, sorted for lookup.
  std::vector<std::pair<uint64_t, int64_t>> tier_of(ValueCount(*user_key));
  for (size_t r = 0; r < tier_of.size(); ++r) {
    tier_of[r] = {ValueAt<uint64_t>(*user_key, r), ValueAt<int64_t>(*tier, r * tier->width)};
  }
  std::sort(tier_of.begin(), tier_of.end());

  struct Mix {
    int64_t tagged_users = 0;
    std::vector<double> score;  // summed tag_score, by tag code
  };
  const size_t n = tag->width;
  const size_t tag_count = tag->dictionary.size();
  std::map<int64_t, Mix> by_tier;
  for (size_t r = 0; r < ValueCount(*tag_key); ++r) {
    const uint64_t key = ValueAt<uint64_t>(*tag_key, r);
    auto it = std::lower_bound(tier_of.begin(), tier_of.end(), key,
                               [](const auto& entry, uint64_t k) { return entry.first < k; });
    if (it == tier_of.end() || it->first != key || it->second < 0) continue;
    Mix& mix = by_tier[it->second];
    mix.score.resize(tag_count, 0.0);
    bool tagged = false;
    for (size_t j = 0; j < n; ++j) {
      const int64_t code = ValueAt<int64_t>(*tag, r * n + j);
      if (code < 0 || static_cast<size_t>(code) >= tag_count) continue;
      mix.score[code] += ValueAt<double>(*tag_score, r * n + j);
      tagged = true;
    }
    if (tagged) ++mix.tagged_users;
  }

  std::ostringstream out;
  AppendWrapped(
      "tag mix of each tier: top " + std::to_string(kTopTierTags) +
          " tags by mean tag_score over the tier's users with tags (their share of tag affinity)",
      4, out);
  if (by_tier.empty()) out << "  (no user of a tier is in user_tags)\n";
  for (const auto& [code, mix] : by_tier) {
    std::string line = "  " + LabelOf(*tier, code) + " (" + std::to_string(mix.tagged_users) +
                       " users with tags):";
    std::vector<size_t> order(mix.score.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return mix.score[a] > mix.score[b]; });
    const char* sep = " ";
    for (size_t k = 0; k < order.size() && k < kTopTierTags && mix.score[order[k]] > 0; ++k) {
      line += sep + tag->dictionary[order[k]] + " " +
              Percent(mix.score[order[k]], static_cast<double>(mix.tagged_users));
      sep = ", ";
    }
    if (mix.tagged_users == 0) line += " no tags";
    AppendWrapped(line, 4, out);
  }
  return out.str();
}

std::string NamedSections(const std::map<std::string, Table>& tables) {
  std::ostringstream out;
  if (const Table* users = FindTable(tables, "users")) {
    out << "users: " << users->rows() << "\n";
    for (const char* name : {"tier", "segment", "lifecycle"}) {
      if (const Column* c = Find(*users, name)) Distribution(*c, out);
    }
  }
  if (const Table* clusters = FindTable(tables, "clusters")) {
    out << "clusters (centres in original units):\n";
    PrintRows(ClusterColumns(*clusters), TopOrder(*clusters, {}), 20, out);
  }
  if (const Table* regions = FindTable(tables, "by_region")) {
    out << "top regions:\n";
    PrintRows(AllColumns(*regions), TopOrder(*regions, {"users", "scans", "amount_cents"}), 10,
              out);
  }
  out << TopProductsSection(tables) << TierTagMixSection(tables);
  return out.str();
}

Result<std::string> SummarizeSnapshot(const H5Reader& reader) {
  QRMARK_ASSIGN_OR_RETURN(auto attrs, reader.Attributes("/"));
  QRMARK_ASSIGN_OR_RETURN(std::vector<std::string> names, reader.Tables());
  std::ostringstream out;
  out << "attributes:\n";
  for (const auto& [name, value] : attrs)
    AppendWrapped("  " + name + ": " + AttributeText(value), 4, out);
  out << "tables:\n";
  std::map<std::string, int64_t> rows;
  for (const std::string& name : names) {
    QRMARK_ASSIGN_OR_RETURN(rows[name], ListTable(reader, name, out));
  }
  QRMARK_ASSIGN_OR_RETURN(auto tables, ReadSectionTables(reader, names));
  out << NamedSections(tables);
  Warnings(attrs, rows, out);
  return out.str();
}

}  // namespace qrmark::snapshot
