// Splitting request targets and decoding query parameters.
#include "src/verifyd/query.h"

#include <charconv>

namespace qrmark::verifyd {

Target SplitTarget(std::string_view target) {
  size_t q = target.find('?');
  if (q == std::string_view::npos) return {target, {}};
  return {target.substr(0, q), target.substr(q + 1)};
}

std::string QueryParam(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view kv = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (kv.size() <= name.size() || kv.substr(0, name.size()) != name || kv[name.size()] != '=') {
      continue;
    }
    std::string out;
    std::string_view v = kv.substr(name.size() + 1);
    for (size_t i = 0; i < v.size(); ++i) {
      unsigned byte = 0;
      if (v[i] == '%' && i + 2 < v.size() &&
          std::from_chars(v.data() + i + 1, v.data() + i + 3, byte, 16).ptr == v.data() + i + 3) {
        out += static_cast<char>(byte);
        i += 2;
      } else {
        out += v[i] == '+' ? ' ' : v[i];
      }
    }
    return out;
  }
  return {};
}

}  // namespace qrmark::verifyd
