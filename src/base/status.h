// Status and Result<T>: errors as values at every module boundary.
//
// A `Status` is either OK or a code plus a message a user can act on (what,
// where, why). `Result<T>` holds a `T` or a non-OK `Status` (there is no
// std::expected in C++20 on GCC 12). Programmer errors are asserts, not
// Statuses. Only `main` turns a Status into an exit code.
//
// Thread safety: values; safe to copy between threads.
//
// Example:
//   Result<Segment> OpenSegment(const std::string& path);
//   QRMARK_ASSIGN_OR_RETURN(Segment seg, OpenSegment(path));
//   QRMARK_RETURN_IF_ERROR(seg.Check());
#ifndef QRMARK_SRC_BASE_STATUS_H_
#define QRMARK_SRC_BASE_STATUS_H_

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace qrmark {

enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument = 1,    // bad option, bad config value, bad request
  kNotFound = 2,           // a file, key or id that does not exist
  kAlreadyExists = 3,      // refusing to overwrite (keys, snapshots)
  kIoError = 4,            // the OS or a library failed to read or write
  kCorruption = 5,         // data failed a checksum or does not parse
  kFailedPrecondition = 6, // the world is not in the state required
  kDataLoss = 7,           // too much bad input: the run cannot be trusted
  kInternal = 8,           // a bug or an unexpected library state
  kUnavailable = 9,        // try again later
};

// Short upper-case name of `code`, e.g. "IO_ERROR".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "IO_ERROR: cannot open /x: No such file or directory", or "OK".
  std::string ToString() const;

  // A copy whose message is prefixed with `context` ("reading day1.seg: ...").
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
inline Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
inline Status FailedPrecondition(std::string m) { return {StatusCode::kFailedPrecondition, std::move(m)}; }
inline Status DataLoss(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }

// errno → Status with the operation and path: PosixError("open", path, errno).
Status PosixError(std::string_view op, std::string_view path, int err);

// A T, or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}                     // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) { assert(!std::get<Status>(v_).ok()); }  // NOLINT

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { assert(ok()); return std::get<T>(v_); }
  const T& value() const& { assert(ok()); return std::get<T>(v_); }
  T&& value() && { assert(ok()); return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace qrmark

#define QRMARK_CONCAT_INNER_(a, b) a##b
#define QRMARK_CONCAT_(a, b) QRMARK_CONCAT_INNER_(a, b)

// Returns the Status from the enclosing function if `expr` is not OK.
#define QRMARK_RETURN_IF_ERROR(expr)                  \
  do {                                                \
    ::qrmark::Status qrmark_status_ = (expr);         \
    if (!qrmark_status_.ok()) return qrmark_status_;  \
  } while (0)

// `lhs = value of rexpr`, or returns its Status. lhs may declare: `auto x`.
#define QRMARK_ASSIGN_OR_RETURN(lhs, rexpr) \
  QRMARK_ASSIGN_OR_RETURN_IMPL_(QRMARK_CONCAT_(qrmark_result_, __LINE__), lhs, rexpr)
#define QRMARK_ASSIGN_OR_RETURN_IMPL_(result, lhs, rexpr) \
  auto result = (rexpr);                                  \
  if (!result.ok()) return result.status();               \
  lhs = std::move(result).value()

#endif  // QRMARK_SRC_BASE_STATUS_H_
