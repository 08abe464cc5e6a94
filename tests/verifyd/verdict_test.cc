// Tests of src/verifyd/verdict.h: the verdict policy and its HTTP statuses.
#include "src/verifyd/verdict.h"

#include <gtest/gtest.h>

#include "src/base/scan_record.h"

namespace qrmark::verifyd {
namespace {

codes::BatchEntry Batch() {
  codes::BatchEntry b;
  b.produced_unix = 1000 * 86400;
  b.expiry_unix = 1100 * 86400;
  b.count = 10;
  return b;
}

const int64_t kDuring = 1050 * 86400;

TEST(Verdict, FirstScanIsGenuineThenRepeat) {
  codes::BatchEntry b = Batch();
  EXPECT_EQ(Decide(CodeCheck::kAuthentic, &b, 0, kDuring), Verdict::kGenuine);
  EXPECT_EQ(Decide(CodeCheck::kAuthentic, &b, 1, kDuring), Verdict::kRepeat);
  EXPECT_EQ(HttpStatusOf(CodeCheck::kAuthentic, Verdict::kRepeat), 200);
}

TEST(Verdict, ShelfLifeBoundsAreHonoured) {
  codes::BatchEntry b = Batch();
  EXPECT_EQ(Decide(CodeCheck::kAuthentic, &b, 0, b.produced_unix - 1), Verdict::kNotActivated);
  EXPECT_EQ(Decide(CodeCheck::kAuthentic, &b, 0, b.produced_unix), Verdict::kGenuine);
  EXPECT_EQ(Decide(CodeCheck::kAuthentic, &b, 0, b.expiry_unix), Verdict::kExpired);
}

TEST(Verdict, RecallWinsOverEverythingAndIs410) {
  codes::BatchEntry b = Batch();
  b.status = codes::BatchStatus::kRecalled;
  EXPECT_EQ(Decide(CodeCheck::kAuthentic, &b, 0, b.expiry_unix + 1), Verdict::kRecalled);
  EXPECT_EQ(HttpStatusOf(CodeCheck::kAuthentic, Verdict::kRecalled), 410);
}

TEST(Verdict, MalformedIs400AndNotOursIs404) {
  EXPECT_EQ(Decide(CodeCheck::kMalformed, nullptr, 0, kDuring), Verdict::kInvalid);
  EXPECT_EQ(HttpStatusOf(CodeCheck::kMalformed, Verdict::kInvalid), 400);
  EXPECT_EQ(Decide(CodeCheck::kNotOurs, nullptr, 0, kDuring), Verdict::kInvalid);
  EXPECT_EQ(HttpStatusOf(CodeCheck::kNotOurs, Verdict::kInvalid), 404);
}

TEST(Verdict, FlagsMarkFirstRepeatAndInvalid) {
  EXPECT_EQ(ScanFlagsOf(Verdict::kGenuine), kFlagFirstScan);
  EXPECT_EQ(ScanFlagsOf(Verdict::kRepeat), kFlagRepeat);
  EXPECT_EQ(ScanFlagsOf(Verdict::kExpired), kFlagInvalid);
}

}  // namespace
}  // namespace qrmark::verifyd
