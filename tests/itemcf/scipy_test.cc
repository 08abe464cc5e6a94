// Tests src/itemcf/cooccur.h against SciPy's sparse XᵀX (scipy_cosine.py,
// run by Debian's /usr/bin/python3): every kept score to 1e-6, and the top-K
// lists equal to SciPy's pairs sorted by the documented tie-break.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "src/itemcf/cooccur.h"
#include "src/itemcf/cosine.h"
#include "src/itemcf/topk.h"
#include "tests/itemcf/random_scans.h"

namespace qrmark::itemcf {
namespace {

constexpr int32_t kProducts = 60;
constexpr int32_t kK = 8;

struct Pair {
  double cosine;
  int32_t support;
};

std::map<int32_t, std::map<int32_t, Pair>> RunScipy(const UserLists& l) {
  const std::string dir = ::testing::TempDir(), in = dir + "itemcf_lists.csv",
                    out = dir + "itemcf_pairs.csv";
  {
    std::ofstream f(in);
    f.precision(17);
    for (size_t u = 0; u < l.users(); ++u) {
      for (int64_t j = l.offsets[u]; j < l.offsets[u + 1]; ++j) {
        f << u << "," << l.products[j] << "," << l.weight(j) << "\n";
      }
    }
  }
  const std::string cmd = "/usr/bin/python3 " QRMARK_ITEMCF_SCIPY_SCRIPT " " + in + " " + out +
                          " " + std::to_string(kProducts);
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::map<int32_t, std::map<int32_t, Pair>> pairs;
  std::ifstream f(out);
  int32_t p, q, s;
  double c;
  char comma;
  while (f >> p >> comma >> q >> comma >> c >> comma >> s) pairs[p][q] = {c, s};
  return pairs;
}

TEST(ScipyTest, EveryNeighbourAndScoreMatchesScipySparseProduct) {
  for (Weighting w : {Weighting::kBinary, Weighting::kCount}) {
    const testing::ScanSet set = testing::RandomScans(21, 400, kProducts, 12);
    Result<UserLists> l = BuildUserLists(set.scans, set.keys, kProducts, 1'700'000'000, {w, 0, 0});
    ASSERT_TRUE(l.ok());
    const NeighbourRows rows =
        ComputeNeighbourRows(*l, BuildItemIndex(*l, kProducts, 0, kProducts),
                             ProductNorms(*l, kProducts), 0, kProducts, {kK, 0.05, 2});
    const auto pairs = RunScipy(*l);
    ASSERT_FALSE(pairs.empty());
    for (int32_t p = 0; p < kProducts; ++p) {
      std::vector<Scored> expected;
      if (pairs.count(p)) {
        for (const auto& [q, pair] : pairs.at(p)) {
          const double score = RoundScore(pair.cosine);
          if (pair.support >= 2 && score >= 0.05) expected.push_back({score, q});
        }
      }
      std::sort(expected.begin(), expected.end(), Better);
      expected.resize(std::min<size_t>(expected.size(), kK));
      for (int32_t r = 0; r < kK; ++r) {
        const size_t cell = static_cast<size_t>(p) * kK + r;
        if (r >= static_cast<int32_t>(expected.size())) {
          EXPECT_EQ(rows.ids[cell], -1);
          continue;
        }
        EXPECT_EQ(rows.ids[cell], expected[r].id) << "product " << p << " rank " << r;
        EXPECT_NEAR(rows.scores[cell], expected[r].score, 1e-6);
        EXPECT_EQ(rows.support[cell], pairs.at(p).at(expected[r].id).support);
      }
    }
  }
}

}  // namespace
}  // namespace qrmark::itemcf
