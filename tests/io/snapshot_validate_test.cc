// Content validation (names, shapes, dictionary codes, agreement) and the
// report.json emitter, without MPI.
#include <gtest/gtest.h>

#include <cmath>

#include "io/snapshot/report_json.h"
#include "io/snapshot/validate.h"

namespace qrmark::snapshot {
namespace {

SnapshotContent Valid() {
  SnapshotContent c;
  c.id = "day1";
  c.attributes["records_in"] = int64_t{10};
  Table t;
  t.name = "users";
  t.columns.push_back({"key", std::vector<uint64_t>{1, 2}, 1, "key", {}});
  t.columns.push_back({"tier", std::vector<int32_t>{0, -1}, 1, "tier", {"high"}});
  t.columns.push_back({"hours", std::vector<float>{1, 2, 3, 4}, 2, "h", {}});
  c.tables.push_back(t);
  return c;
}

void ExpectInvalid(const SnapshotContent& c, const std::string& fragment) {
  Status s = ValidateContent(c);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.message().find(fragment), std::string::npos) << s.ToString();
}

TEST(ValidateContent, WellFormedContentPasses) {
  EXPECT_TRUE(ValidateContent(Valid()).ok());
  SerialComm comm;
  EXPECT_TRUE(AgreeOnContent(comm, Valid()).ok());
}

TEST(ValidateContent, ColumnOfOtherLengthIsNamed) {
  SnapshotContent c = Valid();
  c.tables[0].columns[2].data = std::vector<float>{1, 2, 3};
  ExpectInvalid(c, "'users' column 'hours': has 3 values, expected rows (2) x width (2)");
}

TEST(ValidateContent, CodeOutsideDictionaryIsNamedWithItsRow) {
  SnapshotContent c = Valid();
  c.tables[0].columns[1].data = std::vector<int32_t>{0, 1};
  ExpectInvalid(c, "row 1 has code 1 outside [-1, 1)");
}

TEST(ValidateContent, DictionaryOnNonInt32ColumnIsRefused) {
  SnapshotContent c = Valid();
  c.tables[0].columns[0].dictionary = {"a"};
  ExpectInvalid(c, "a dictionary needs int32 codes");
}

TEST(ValidateContent, UnsafeOrDuplicateNamesAreRefused) {
  SnapshotContent c = Valid();
  c.tables[0].columns[0].name = "../key";
  ExpectInvalid(c, "name must be");
  c = Valid();
  c.tables[0].columns[0].name = "tier_dict";  // collides with tier's dictionary
  ExpectInvalid(c, "is used twice");
  c = Valid();
  c.tables.push_back(c.tables[0]);
  ExpectInvalid(c, "appears twice");
  c = Valid();
  c.attributes["bad name"] = 1.0;
  ExpectInvalid(c, "attribute 'bad name'");
}

TEST(ReportJson, ListsAttributesAndTableSizesAsJson) {
  SnapshotContent c = Valid();
  c.attributes["label"] = std::string("a \"quoted\"\nline");
  c.attributes["ratio"] = std::vector<double>{0.1, std::nan("")};
  std::vector<int64_t> rows = {2};
  std::string json = ReportJson(c, rows);
  EXPECT_NE(json.find("\"label\": \"a \\\"quoted\\\"\\u000aline\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"ratio\": [0.1, null]"), std::string::npos) << json;
  EXPECT_NE(json.find("\"users\": {\"rows\": 2, \"columns\": [\"key\", \"tier\", \"hours\"]}"),
            std::string::npos)
      << json;
}

}  // namespace
}  // namespace qrmark::snapshot
