// Status and Result carry codes and messages; the macros propagate errors.
#include "src/base/status.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace qrmark {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgument(std::to_string(x) + " is odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  QRMARK_ASSIGN_OR_RETURN(int h, Half(x));
  QRMARK_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Status CheckPositive(int x) {
  if (x <= 0) return InvalidArgument("not positive");
  return Status::Ok();
}

Status CheckBoth(int a, int b) {
  QRMARK_RETURN_IF_ERROR(CheckPositive(a));
  QRMARK_RETURN_IF_ERROR(CheckPositive(b).WithContext("second"));
  return Status::Ok();
}

TEST(StatusTest, AssignOrReturnPropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "3 is odd");
}

TEST(StatusTest, ReturnIfErrorAddsContext) {
  EXPECT_TRUE(CheckBoth(1, 2).ok());
  EXPECT_EQ(CheckBoth(1, -2).ToString(), "INVALID_ARGUMENT: second: not positive");
}

TEST(StatusTest, PosixErrorNamesOperationPathAndReason) {
  Status s = PosixError("open", "/nope", ENOENT);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "open /nope: No such file or directory");
}

}  // namespace
}  // namespace qrmark
