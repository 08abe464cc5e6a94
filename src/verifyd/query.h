// Request-target helpers: split path from query, read a query parameter.
//
// The path is never percent-decoded (codes never need it, and a decoded
// path invites traversal tricks); query values are, with '+' as space.
// Pure; thread-safe; a fuzz target covers them (tests/fuzz).
#ifndef QRMARK_SRC_VERIFYD_QUERY_H_
#define QRMARK_SRC_VERIFYD_QUERY_H_

#include <string>
#include <string_view>

namespace qrmark::verifyd {

struct Target {
  std::string_view path;   // up to the first '?'
  std::string_view query;  // after it; empty if none
};
Target SplitTarget(std::string_view target);

// The value of `name` in `query`, percent-decoded; empty if absent. A
// malformed escape is kept literally.
std::string QueryParam(std::string_view query, std::string_view name);

}  // namespace qrmark::verifyd

#endif  // QRMARK_SRC_VERIFYD_QUERY_H_
