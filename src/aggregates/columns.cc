// Column builders for the aggregate tables.
#include "src/aggregates/columns.h"

namespace qrmark::aggregates {

snapshot::Column Int64Column(std::string name, std::vector<int64_t> values, std::string description) {
  snapshot::Column c;
  c.name = std::move(name);
  c.data = std::move(values);
  c.description = std::move(description);
  return c;
}

snapshot::Column CodeColumn(std::string name, std::vector<int32_t> codes, std::vector<std::string> dictionary,
                            std::string description) {
  snapshot::Column c;
  c.name = std::move(name);
  c.data = std::move(codes);
  c.description = std::move(description);
  c.dictionary = std::move(dictionary);
  return c;
}

}  // namespace qrmark::aggregates
