// Acceptance on real data: ingesting the UCI Online Retail CSV with the
// standard cleaning gives the counts its README states (397,884 rows, 4,338
// customers). Skipped, saying why, where ../shared/data is not present.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "src/ingest/ingest.h"

namespace qrmark::ingest {
namespace {

namespace fs = std::filesystem;

csv::CsvMapping OnlineRetailMapping() {
  csv::CsvMapping m;
  m.user = "CustomerID";
  m.user_is_pseudonymous = true;
  m.timestamp = "InvoiceDate";
  m.timestamp_format = "%Y-%m-%d %H:%M:%S";
  m.product = "StockCode";
  m.quantity = "Quantity";
  m.unit_price = "UnitPrice";
  m.amount_scale = 100;
  m.region = "Country";
  m.invoice = "InvoiceNo";
  m.cancelled_prefix = "C";
  return m;
}

TEST(OnlineRetailTest, StandardCleaningKeeps397884RowsOf4338Customers) {
  const std::string gz = QRMARK_ONLINE_RETAIL_GZ;
  if (!fs::exists(gz)) GTEST_SKIP() << "no " << gz;
  const fs::path dir = fs::temp_directory_path() / ("online_retail_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string csv = (dir / "online_retail.csv").string();
  ASSERT_EQ(std::system(("gunzip -c '" + gz + "' > '" + csv + "'").c_str()), 0);

  IngestOptions opt;
  opt.inputs = {{csv, InputFormat::kCsv}};
  opt.csv = OnlineRetailMapping();
  opt.quarantine_dir = (dir / "quarantine").string();
  opt.max_bad_fraction = 0.30;
  SerialComm comm;
  Result<IngestedScans> in = Ingest(comm, opt);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  const IngestStats& s = in->stats;
  auto rejected = [&](RejectReason r) { return s.rejected[static_cast<size_t>(r)]; };
  EXPECT_EQ(s.records_read, 541909);
  EXPECT_EQ(s.accepted, 397884);
  EXPECT_EQ(rejected(RejectReason::kMissingUser), 135080);
  EXPECT_EQ(rejected(RejectReason::kCancelled), 406829 - 397924);
  EXPECT_EQ(rejected(RejectReason::kNonPositivePrice), 40);
  EXPECT_EQ(s.rejected_total(), 541909 - 397884);
  std::set<uint64_t> users;
  for (const auto& chunk : in->chunks) {
    for (const UserScan& u : chunk) users.insert(u.user_key);
  }
  EXPECT_EQ(users.size(), 4338u);
  EXPECT_EQ(in->region_names.size(), 37u);
  EXPECT_EQ(in->product_codes.size(), 3665u);
  EXPECT_TRUE(users.count(17850));  // pseudonymous ids are kept as they are
  fs::remove_all(dir);
}

}  // namespace
}  // namespace qrmark::ingest
