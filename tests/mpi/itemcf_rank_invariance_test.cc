// src/itemcf/itemcf.h under mpirun: each rank runs RunItemCf on the users it
// owns (OwnerOf) with 2 threads; the gathered tables must equal, bit for bit,
// a one-process, one-thread run over all users.
#include <gtest/gtest.h>
#include <omp.h>

#include <variant>
#include <vector>

#include "src/base/hash.h"
#include "src/dist/mpi_comm.h"
#include "src/itemcf/itemcf.h"
#include "tests/itemcf/random_scans.h"

namespace qrmark::itemcf {
namespace {

constexpr int32_t kProducts = 45;
constexpr int64_t kAsOf = 1'700'000'000 + 90 * 86400;

ItemCatalog Catalog() {
  ItemCatalog c{{}, {"t0", "t1", "t2", "t3"}, {}, {"c0", "c1", "c2"}};
  for (int32_t p = 0; p < kProducts; ++p) {
    c.tags_of_product.push_back({p % 4, (p / 4) % 4});
    c.category_of_product.push_back(p % 3);
  }
  return c;
}

// The named column of `t`, gathered from every rank in rank order.
template <typename T>
std::vector<T> Gathered(Comm& comm, const snapshot::Table& t, const std::string& name) {
  for (const snapshot::Column& c : t.columns) {
    if (c.name == name) {
      const auto& mine = std::get<std::vector<T>>(c.data);
      return t.distributed ? comm.AllgathervOf<T>(mine) : mine;
    }
  }
  ADD_FAILURE() << "no column " << name << " in " << t.name;
  return {};
}

TEST(ItemCfRankInvarianceTest, TablesAreIdenticalOnAnyRankAndThreadCount) {
  MpiComm world = MpiComm::World();
  const testing::ScanSet all = testing::RandomScans(99, 500, kProducts, 25);
  ItemCfParams params;
  params.weighting = Weighting::kLog1p;
  params.half_life_days = 30;
  params.max_products_per_user = 12;
  params.top_k = 7;
  params.min_support = 2;

  SerialComm serial;
  omp_set_num_threads(1);
  Result<ItemCfResult> ref =
      RunItemCf(serial, all.scans, all.keys, kProducts, kAsOf, Catalog(), params);
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();

  testing::ScanSet mine;
  for (uint64_t k : all.keys)
    if (OwnerOf(k, world.size()) == world.rank()) mine.keys.push_back(k);
  for (const UserScan& s : all.scans)
    if (OwnerOf(s.user_key, world.size()) == world.rank()) mine.scans.push_back(s);
  omp_set_num_threads(2);
  Result<ItemCfResult> got =
      RunItemCf(world, mine.scans, mine.keys, kProducts, kAsOf, Catalog(), params);
  ASSERT_TRUE(got.ok()) << got.status().ToString();

  EXPECT_EQ(Gathered<int32_t>(world, got->items, "neighbour"),
            Gathered<int32_t>(serial, ref->items, "neighbour"));
  EXPECT_EQ(Gathered<double>(world, got->items, "score"),
            Gathered<double>(serial, ref->items, "score"));
  EXPECT_EQ(Gathered<int32_t>(world, got->items, "support"),
            Gathered<int32_t>(serial, ref->items, "support"));
  EXPECT_EQ(Gathered<uint64_t>(world, got->user_tags, "user_key"), all.keys);
  EXPECT_EQ(Gathered<int32_t>(world, got->user_tags, "tag"),
            Gathered<int32_t>(serial, ref->user_tags, "tag"));
  EXPECT_EQ(Gathered<double>(world, got->user_tags, "tag_score"),
            Gathered<double>(serial, ref->user_tags, "tag_score"));
  EXPECT_EQ(Gathered<int32_t>(world, got->user_recs, "product"),
            Gathered<int32_t>(serial, ref->user_recs, "product"));
  EXPECT_EQ(Gathered<double>(world, got->user_recs, "rec_score"),
            Gathered<double>(serial, ref->user_recs, "rec_score"));
  EXPECT_EQ(Gathered<int64_t>(world, got->cross_sell, "both"),
            Gathered<int64_t>(serial, ref->cross_sell, "both"));
  EXPECT_EQ(got->stats.pairs_kept, ref->stats.pairs_kept);
  EXPECT_EQ(got->stats.capped_users, ref->stats.capped_users);
  EXPECT_GT(ref->stats.capped_users, 0);
  EXPECT_EQ(got->stats.bytes_exchanged > 0, world.size() > 1);
}

TEST(ItemCfRankInvarianceTest, OneRankBadInputFailsEveryRankWithTheSameStatus) {
  MpiComm world = MpiComm::World();
  testing::ScanSet set = testing::RandomScans(5, 20, kProducts, 4);
  if (world.rank() == world.size() - 1 && !set.scans.empty())
    set.scans[0].product_id = kProducts + 3;
  Result<ItemCfResult> r = RunItemCf(world, set.scans, set.keys, kProducts, kAsOf, {}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace qrmark::itemcf
