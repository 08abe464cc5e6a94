// Dictionaries: length-prefixed strings through one Allgatherv, then sort.
#include "src/ingest/dictionary.h"

#include <algorithm>
#include <cstring>

namespace qrmark::ingest {
namespace {

bool IsDecimal(std::string_view s) {
  return !s.empty() && s.size() <= 19 && (s.size() == 1 || s[0] != '0') &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool DictionaryLess(std::string_view a, std::string_view b) {
  const bool na = IsDecimal(a), nb = IsDecimal(b);
  if (na != nb) return na;
  if (na && a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

uint32_t LocalDictionary::IdOf(std::string_view s) {
  auto it = ids_.find(s);
  if (it != ids_.end()) return it->second;
  const auto id = static_cast<uint32_t>(strings_.size());
  strings_.emplace_back(s);
  ids_.emplace(strings_.back(), id);
  return id;
}

MergedDictionary MergeDictionaries(Comm& comm, const LocalDictionary& local) {
  std::vector<char> mine;
  for (const std::string& s : local.strings()) {
    const auto n = static_cast<uint32_t>(s.size());
    const size_t at = mine.size();
    mine.resize(at + sizeof n + n);
    std::memcpy(&mine[at], &n, sizeof n);
    std::memcpy(&mine[at + sizeof n], s.data(), n);
  }
  const std::vector<char> all = comm.AllgathervOf<char>(mine);
  std::vector<std::string_view> views;
  for (size_t at = 0; at < all.size();) {
    uint32_t n;
    std::memcpy(&n, &all[at], sizeof n);
    views.emplace_back(&all[at + sizeof n], n);
    at += sizeof n + n;
  }
  std::sort(views.begin(), views.end(), DictionaryLess);
  views.erase(std::unique(views.begin(), views.end()), views.end());
  MergedDictionary merged;
  merged.global.assign(views.begin(), views.end());
  for (const std::string& s : local.strings()) {
    auto it = std::lower_bound(merged.global.begin(), merged.global.end(), s,
                               [](const std::string& a, const std::string& b) { return DictionaryLess(a, b); });
    merged.local_to_global.push_back(static_cast<uint32_t>(it - merged.global.begin()));
  }
  return merged;
}

}  // namespace qrmark::ingest
