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
// std::unordered_map, and short strings are compared in the slot itself.
// Decimal numbers below 2^22 written the canonical way (no sign, no leading
// zero) skip the table: they index a direct one.
class LocalDictionary {
 public:
  // The local id of `s`, added if new (ids are 0, 1, 2, ... in first-seen order).
  uint32_t IdOf(std::string_view s);
  // IdOf(std::to_string(value)), without the string for small numbers:
  // product codes are often decimal numbers, and a table indexed by the
  // number stays in cache where the hash table does not.
  uint32_t IdOfNumber(uint64_t value);
  const std::vector<std::string>& strings() const { return strings_; }

 private:
  // Strings up to kInline bytes (product codes, most region names) are also
  // kept in their slot, so a lookup compares them without touching strings_.
  static constexpr size_t kInline = 18;
  struct Slot {
    uint64_t hash = 0;
    uint32_t id_plus_one = 0;  // 0: empty
    uint8_t inline_size = 0;   // > kInline: compare with strings_ instead
    char text[kInline] = {};
    bool Holds(std::string_view s, uint64_t h, const std::vector<std::string>& strings) const {
      if (hash != h) return false;
      if (inline_size <= kInline) return s.size() == inline_size && std::memcmp(text, s.data(), s.size()) == 0;
      return strings[id_plus_one - 1] == s;
    }
  };
  static_assert(sizeof(Slot) == 32);
  static constexpr uint64_t kDirectNumbers = uint64_t{1} << 22;
  uint32_t IdOfString(std::string_view s);
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
