// Status formatting and the errno translation.
#include "src/base/status.h"

#include <cstring>

namespace qrmark {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidArgument: return "INVALID_ARGUMENT";
    case StatusCode::kNotFound: return "NOT_FOUND";
    case StatusCode::kAlreadyExists: return "ALREADY_EXISTS";
    case StatusCode::kIoError: return "IO_ERROR";
    case StatusCode::kCorruption: return "CORRUPTION";
    case StatusCode::kFailedPrecondition: return "FAILED_PRECONDITION";
    case StatusCode::kDataLoss: return "DATA_LOSS";
    case StatusCode::kInternal: return "INTERNAL";
    case StatusCode::kUnavailable: return "UNAVAILABLE";
  }
  return "UNKNOWN";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(StatusCodeName(code_)) + ": " + message_;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  return Status(code_, std::string(context) + ": " + message_);
}

Status PosixError(std::string_view op, std::string_view path, int err) {
  std::string m = std::string(op) + " " + std::string(path) + ": " + std::strerror(err);
  StatusCode code = (err == ENOENT) ? StatusCode::kNotFound
                    : (err == EEXIST) ? StatusCode::kAlreadyExists
                                      : StatusCode::kIoError;
  return Status(code, std::move(m));
}

}  // namespace qrmark
