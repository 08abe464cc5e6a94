// Dictionaries: length-prefixed strings through one Allgatherv, then sort.
#include "src/ingest/dictionary.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "src/base/hash.h"

namespace qrmark::ingest {
namespace {

bool IsDecimal(std::string_view s) {
  return !s.empty() && s.size() <= 19 && (s.size() == 1 || s[0] != '0') &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// 8 bytes at a time through Mix64: fast on short codes and names.
uint64_t StringHash(std::string_view s) {
  uint64_t h = Mix64(s.size());
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = Mix64(h ^ w);
  }
  uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  return Mix64(h ^ tail);
}

}  // namespace

bool DictionaryLess(std::string_view a, std::string_view b) {
  const bool na = IsDecimal(a), nb = IsDecimal(b);
  if (na != nb) return na;
  if (na && a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

uint32_t LocalDictionary::IdOf(std::string_view s) {
  // A canonical decimal of up to 7 digits is below 10^7 < 2^24: parse it.
  if (!s.empty() && s.size() <= 7 && (s.size() == 1 || s[0] != '0')) {
    uint64_t value = 0;
    bool digits = true;
    for (char c : s) {
      digits = digits && c >= '0' && c <= '9';
      value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    if (digits && value < kDirectNumbers) return IdOfNumber(value);
  }
  return IdOfString(s);
}

uint32_t LocalDictionary::IdOfNumber(uint64_t value) {
  if (value >= kDirectNumbers) return IdOfString(std::to_string(value));
  if (value >= number_id_plus_one_.size()) {
    number_id_plus_one_.resize(std::max<size_t>(value + 1, 2 * number_id_plus_one_.size()), 0);
  }
  uint32_t& id_plus_one = number_id_plus_one_[value];
  if (id_plus_one == 0) {
    strings_.push_back(std::to_string(value));
    id_plus_one = static_cast<uint32_t>(strings_.size());
  }
  return id_plus_one - 1;
}

uint32_t LocalDictionary::IdOfString(std::string_view s) {
  const uint64_t h = StringHash(s);
  const size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  for (; slots_[i].id_plus_one != 0; i = (i + 1) & mask) {
    if (slots_[i].Holds(s, h, strings_)) return slots_[i].id_plus_one - 1;
  }
  const auto id = static_cast<uint32_t>(strings_.size());
  strings_.emplace_back(s);
  Slot& slot = slots_[i];
  slot.hash = h;
  slot.id_plus_one = id + 1;
  slot.inline_size = static_cast<uint8_t>(std::min(s.size(), kInline + 1));
  if (s.size() <= kInline) std::memcpy(slot.text, s.data(), s.size());
  if (2 * strings_.size() > slots_.size()) Grow();
  return id;
}

void LocalDictionary::Grow() {
  std::vector<Slot> old(2 * slots_.size());
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.id_plus_one == 0) continue;
    size_t i = slot.hash & mask;
    while (slots_[i].id_plus_one != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
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
    auto it =
        std::lower_bound(merged.global.begin(), merged.global.end(), s,
                         [](const std::string& a, const std::string& b) { return DictionaryLess(a, b); });
    merged.local_to_global.push_back(static_cast<uint32_t>(it - merged.global.begin()));
  }
  return merged;
}

}  // namespace qrmark::ingest
