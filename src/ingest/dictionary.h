// String dictionaries (product codes, region names) that agree across ranks.
//
// Each rank numbers the strings it sees in a `LocalDictionary`;
// `MergeDictionaries` (collective: all ranks call it) gathers them, sorts and
// dedupes them into the global dictionary, the same on every rank and
// independent of the rank count, and maps local ids to global ones.
// Not thread-safe.
//
// Example:
//   LocalDictionary products;
//   scan.product_id = products.IdOf(code);           // local id
//   MergedDictionary m = MergeDictionaries(comm, products);
//   scan.product_id = m.local_to_global[scan.product_id];
#ifndef QRMARK_SRC_INGEST_DICTIONARY_H_
#define QRMARK_SRC_INGEST_DICTIONARY_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "src/dist/comm.h"

namespace qrmark::ingest {

// The global order: decimal numbers ("2" < "10") by value, then every
// other string bytewise.
bool DictionaryLess(std::string_view a, std::string_view b);

// An open-addressing table (linear probing, power-of-two size): it runs once
// or twice per input row, so it avoids the node allocations and modulo of
// std::unordered_map, and a string of up to 16 bytes (product codes, most
// region names) is kept in its slot as two words, so a lookup compares two
// words instead of calling memcmp. Decimal numbers below 2^22 written the
// canonical way (no sign, no leading zero) skip the table: they index a
// direct one.
class LocalDictionary {
 public:
  // The local id of `s`, added if new (ids are 0, 1, 2, ... in first-seen order).
  uint32_t IdOf(std::string_view s);
  // IdOf(std::to_string(value)), without the string for small numbers:
  // product codes are often decimal numbers, and a table indexed by the
  // number stays in cache where the hash table does not.
  uint32_t IdOfNumber(uint64_t value) {
    if (value < number_id_plus_one_.size() && number_id_plus_one_[value] != 0) {
      return number_id_plus_one_[value] - 1;  // seen: inline, as for most rows
    }
    return AddNumber(value);
  }
  const std::vector<std::string>& strings() const { return strings_; }

 private:
  static constexpr size_t kInline = 16;  // longest string kept in its slot
  // A string as the table sees it: its hash, and up to kInline bytes as two
  // words (overlapping loads: with the size, they determine every byte).
  struct Key {
    uint64_t hash = 0, lo = 0, hi = 0;
    size_t size = 0;
  };
  struct Slot {
    uint64_t hash = 0, lo = 0, hi = 0;
    uint32_t id_plus_one = 0;  // 0: empty
    uint32_t size = 0;         // > kInline: compare with strings_ instead
    bool Holds(const Key& k, std::string_view s, const std::vector<std::string>& strings) const {
      if (hash != k.hash || size != k.size) return false;
      if (size <= kInline) return lo == k.lo && hi == k.hi;
      return strings[id_plus_one - 1] == s;
    }
  };
  static_assert(sizeof(Slot) == 32);
  static constexpr uint64_t kDirectNumbers = uint64_t{1} << 22;
  static Key KeyOf(std::string_view s);
  uint32_t IdOfString(std::string_view s);
  uint32_t AddNumber(uint64_t value);  // IdOfNumber of a value not seen yet or past the direct table
  void Grow();
  std::vector<std::string> strings_;
  std::vector<uint32_t> number_id_plus_one_;  // by value below kDirectNumbers; 0: not seen
  std::vector<Slot> slots_ = std::vector<Slot>(64);
};

struct MergedDictionary {
  std::vector<std::string> global;        // sorted by DictionaryLess, unique
  std::vector<uint32_t> local_to_global;  // indexed by local id
};

// Collective: all ranks call it.
MergedDictionary MergeDictionaries(Comm& comm, const LocalDictionary& local);

}  // namespace qrmark::ingest

#endif  // QRMARK_SRC_INGEST_DICTIONARY_H_
