// The quoting scanner over 64-byte blocks: bit masks of quotes, delimiters
// and newlines (SSE2 compares where there is SSE2), quote parity by a prefix
// XOR, and a check that every quote the parity takes for an opening one
// follows a delimiter or a closing quote; a block where one does not (a stray
// quote) is stepped byte by byte.
#include "io/csv/quote_state.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstring>

namespace qrmark::csv {
namespace {

using S = CsvScanState;

// Bit k for byte k of a block of at most 64 bytes.
struct Masks {
  uint64_t quote = 0;
  uint64_t delimiter = 0;  // ',' or '\n'
  uint64_t newline = 0;
};

Masks MasksOf(const char* p, size_t n) {
  Masks m;
  size_t k = 0;
#ifdef __SSE2__
  if (n == 64) {
    for (; k < 64; k += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k));
      const __m128i nl = _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'));
      const __m128i delimiter = _mm_or_si128(nl, _mm_cmpeq_epi8(v, _mm_set1_epi8(',')));
      const __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
      m.quote |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(quote))) << k;
      m.delimiter |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(delimiter))) << k;
      m.newline |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(nl))) << k;
    }
  }
#endif
  for (; k < n; ++k) {
    m.quote |= static_cast<uint64_t>(p[k] == '"') << k;
    m.delimiter |= static_cast<uint64_t>(p[k] == ',' || p[k] == '\n') << k;
    m.newline |= static_cast<uint64_t>(p[k] == '\n') << k;
  }
  return m;
}

// Bit k: the parity of the set bits 0..k of `x`.
uint64_t PrefixXor(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

S Step(S state, char c) {
  const bool delimiter = c == ',' || c == '\n';
  switch (state) {
    case S::kFieldStart:
      return c == '"' ? S::kQuoted : delimiter ? S::kFieldStart : S::kUnquoted;
    case S::kUnquoted:
      return delimiter ? S::kFieldStart : S::kUnquoted;
    case S::kQuoted:
      return c == '"' ? S::kFieldStart : S::kQuoted;
  }
  return state;
}

struct BlockScan {
  uint64_t record_ends;  // the newlines that end records
  S after;
};

// The block of n <= 64 bytes at `p` (masks `m`), entered in `before`.
BlockScan ScanBlock(const char* p, size_t n, const Masks& m, S before) {
  const uint64_t entered_quoted = before == S::kQuoted ? ~uint64_t{0} : 0;
  const uint64_t parity = PrefixXor(m.quote);
  const uint64_t quoted_after = parity ^ entered_quoted;  // bit k: inside quotes after byte k
  const uint64_t quoted_before = (parity << 1) ^ entered_quoted;
  const uint64_t opening = m.quote & ~quoted_before;
  const uint64_t may_open = ((m.delimiter | m.quote) << 1) | (before == S::kFieldStart ? 1 : 0);
  if ((opening & ~may_open) == 0) {  // every quote is where the parity says: no stray one
    const size_t last = n - 1;
    const S after = (quoted_after >> last & 1)                   ? S::kQuoted
                    : ((m.delimiter | m.quote) >> last & 1) != 0 ? S::kFieldStart
                                                                 : S::kUnquoted;
    return {m.newline & ~quoted_after, after};
  }
  BlockScan out{0, before};
  for (size_t k = 0; k < n; ++k) {
    if (p[k] == '\n' && out.after != S::kQuoted) out.record_ends |= uint64_t{1} << k;
    out.after = Step(out.after, p[k]);
  }
  return out;
}

}  // namespace

CsvStateMap CsvStateMap::Then(const CsvStateMap& next) const {
  CsvStateMap both;
  for (int s = 0; s < kCsvScanStates; ++s) both.after[s] = next(after[s]);
  return both;
}

CsvStateMap CsvStateMapOf(std::string_view bytes) {
  const char* p = bytes.data();
  const size_t n = bytes.size();
  CsvStateMap map;
  size_t at = 0;
  while (at < n) {
    // Up to the next quote: kQuoted stays, the others end as the last byte says.
    const void* quote = std::memchr(p + at, '"', n - at);
    const size_t stop = quote != nullptr ? static_cast<size_t>(static_cast<const char*>(quote) - p) : n;
    if (stop > at) {
      const S plain = p[stop - 1] == ',' || p[stop - 1] == '\n' ? S::kFieldStart : S::kUnquoted;
      for (S& s : map.after) s = s == S::kQuoted ? s : plain;
      at = stop;
    }
    if (at == n) break;
    const size_t len = std::min<size_t>(64, n - at);
    const Masks m = MasksOf(p + at, len);
    std::array<int, kCsvScanStates> after_block = {-1, -1, -1};  // each state reached so far, once
    for (S& s : map.after) {
      int& known = after_block[static_cast<int>(s)];
      if (known < 0) known = static_cast<int>(ScanBlock(p + at, len, m, s).after);
      s = static_cast<S>(known);
    }
    at += len;
  }
  return map;
}

size_t FindRecordEnd(std::string_view bytes, CsvScanState* state) {
  const char* p = bytes.data();
  const size_t n = bytes.size();
  for (size_t at = 0; at < n; at += 64) {
    const size_t len = std::min<size_t>(64, n - at);
    const BlockScan block = ScanBlock(p + at, len, MasksOf(p + at, len), *state);
    if (block.record_ends != 0) {
      *state = S::kFieldStart;
      return at + static_cast<size_t>(__builtin_ctzll(block.record_ends));
    }
    *state = block.after;
  }
  return n;
}

}  // namespace qrmark::csv
