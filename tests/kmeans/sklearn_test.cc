// FitKMeans against scikit-learn: our inertia (k-means++, 10 restarts) must be
// within 1% of KMeans(n_init=10) on the same standardized log1p(R, F, M)
// points, for RFM-like synthetic users and for the Online Retail customers.
// Needs Debian's /usr/bin/python3 with python3-sklearn (label unit;python).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "src/kmeans/kmeans.h"
#include "tests/kmeans/test_points.h"

namespace qrmark::kmeans {
namespace {

const std::string kScript = std::string(QRMARK_TEST_SOURCE_DIR) + "/sklearn_kmeans.py";

std::string RunPython(const std::string& args) {
  const std::string out = ::testing::TempDir() + "/sklearn_out.txt";
  const std::string cmd = "/usr/bin/python3 " + kScript + " " + args + " > " + out;
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(out);
  std::stringstream s;
  s << in.rdbuf();
  return s.str().empty() ? "nan" : s.str();  // a failed run fails the comparisons, not the process
}

// Fits ours, writes our standardized points, returns (ours, sklearn's) inertia.
std::pair<double, double> Compare(const testing::TestPoints& pts) {
  KMeansParams p;
  p.restarts = 10;
  p.log1p = {true, true, true};
  SerialComm comm;
  auto model = FitKMeans(comm, pts.coords, pts.keys, 3, p);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  if (!model.ok()) return {0, 0};
  const std::vector<double> z = Standardize(model->standardizer, pts.coords);
  const std::string csv = ::testing::TempDir() + "/kmeans_points.csv";
  std::ofstream f(csv);
  f.precision(17);
  for (size_t i = 0; i < pts.keys.size(); ++i)
    f << z[i * 3] << ',' << z[i * 3 + 1] << ',' << z[i * 3 + 2] << '\n';
  f.close();
  const double theirs = std::stod(RunPython("inertia " + csv + " 3"));
  std::cout << pts.keys.size() << " points: inertia ours " << model->best.inertia << ", sklearn " << theirs
            << "\n";
  return {model->best.inertia, theirs};
}

TEST(SklearnTest, InertiaWithinOnePercentOnRfmLikeUsers) {
  auto [ours, theirs] = Compare(testing::RfmLike(4000));
  EXPECT_GT(theirs, 0);
  EXPECT_LE(ours, 1.01 * theirs) << "ours " << ours << " sklearn " << theirs;
}

TEST(SklearnTest, InertiaWithinOnePercentOnOnlineRetailCustomers) {
  const std::string src = QRMARK_ONLINE_RETAIL;
  if (!std::filesystem::exists(src)) GTEST_SKIP() << "no " << src;
  const std::string rfm = ::testing::TempDir() + "/retail_rfm.csv";
  RunPython("retail " + src + " " + rfm);
  testing::TestPoints pts;
  std::ifstream in(rfm);
  for (std::string line; std::getline(in, line);) {
    uint64_t key = 0;
    double r = 0, f = 0, m = 0;
    char c = 0;
    std::istringstream l(line);
    ASSERT_TRUE(l >> key >> c >> r >> c >> f >> c >> m) << line;
    pts.keys.push_back(key);
    pts.coords.insert(pts.coords.end(), {r, f, m});
  }
  ASSERT_GT(pts.keys.size(), 4000u);
  auto [ours, theirs] = Compare(pts);
  EXPECT_LE(ours, 1.01 * theirs) << "ours " << ours << " sklearn " << theirs;
}

}  // namespace
}  // namespace qrmark::kmeans
