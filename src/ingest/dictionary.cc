// Dictionaries: length-prefixed strings through one Allgatherv, then sort.
#include "src/ingest/dictionary.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "src/base/hash.h"
#include "src/base/word_load.h"

namespace qrmark::ingest {
namespace {

bool IsDecimal(std::string_view s) {
  return !s.empty() && s.size() <= 19 && (s.size() == 1 || s[0] != '0') &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// 8 bytes at a time through Mix64: for strings too long to keep in a slot.
uint64_t LongStringHash(std::string_view s) {
  uint64_t h = Mix64(s.size());
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) h = Mix64(h ^ LoadWord<uint64_t>(s.data() + i));
  uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  return Mix64(h ^ tail);
}

// A string with its class, in DictionaryLess order.
struct OrderedString {
  bool decimal;
  std::string_view s;
  bool operator<(const OrderedString& o) const {
    if (decimal != o.decimal) return decimal;
    if (decimal && s.size() != o.s.size()) return s.size() < o.s.size();
    return s < o.s;
  }
};

}  // namespace

bool DictionaryLess(std::string_view a, std::string_view b) {
  return OrderedString{IsDecimal(a), a} < OrderedString{IsDecimal(b), b};
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

uint32_t LocalDictionary::AddNumber(uint64_t value) {
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

LocalDictionary::Key LocalDictionary::KeyOf(std::string_view s) {
  Key k;
  k.size = s.size();
  const char* p = s.data();
  const size_t n = s.size();
  if (n > kInline) {
    k.hash = LongStringHash(s);
    return k;
  }
  if (n >= 8) {  // bytes 0..7 and n-8..n-1, which overlap below 16
    k.lo = LoadWord<uint64_t>(p);
    k.hi = LoadWord<uint64_t>(p + n - 8);
  } else if (n >= 4) {
    k.lo = LoadWord<uint32_t>(p) | LoadWord<uint32_t>(p + n - 4) << 32;
  } else if (n > 0) {
    k.lo = static_cast<uint64_t>(static_cast<unsigned char>(p[0])) |
           static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
           static_cast<uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
  }
  k.hash = Mix64(k.lo ^ Mix64(k.hi ^ n));
  return k;
}

uint32_t LocalDictionary::IdOfString(std::string_view s) {
  const Key k = KeyOf(s);
  const size_t mask = slots_.size() - 1;
  size_t i = k.hash & mask;
  for (; slots_[i].id_plus_one != 0; i = (i + 1) & mask) {
    if (slots_[i].Holds(k, s, strings_)) return slots_[i].id_plus_one - 1;
  }
  const auto id = static_cast<uint32_t>(strings_.size());
  strings_.emplace_back(s);
  slots_[i] = Slot{k.hash, k.lo, k.hi, id + 1, static_cast<uint32_t>(s.size())};
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
  // Each string's class (decimal or not) found once, not in every
  // comparison: DictionaryLess scans both strings for digits each time.
  std::vector<OrderedString> strings;
  for (size_t at = 0; at < all.size();) {
    uint32_t n;
    std::memcpy(&n, &all[at], sizeof n);
    const std::string_view s(&all[at + sizeof n], n);
    strings.push_back({IsDecimal(s), s});
    at += sizeof n + n;
  }
  std::sort(strings.begin(), strings.end());
  strings.erase(std::unique(strings.begin(), strings.end(),
                            [](const OrderedString& a, const OrderedString& b) { return a.s == b.s; }),
                strings.end());
  MergedDictionary merged;
  for (const OrderedString& o : strings) merged.global.emplace_back(o.s);
  for (const std::string& s : local.strings()) {
    const auto it = std::lower_bound(strings.begin(), strings.end(), OrderedString{IsDecimal(s), s});
    merged.local_to_global.push_back(static_cast<uint32_t>(it - strings.begin()));
  }
  return merged;
}

}  // namespace qrmark::ingest
