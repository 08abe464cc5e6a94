// CsvRowPlan: whole-line delimiter masks (and, on CPUs with AVX-512 VBMI2,
// comma offsets compressed from them), padded digit words converted eight at
// a time, names as words.
#include "src/ingest/csv_row_plan.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#ifdef __x86_64__
#include <immintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <span>
#include <vector>

#include "io/csv/digit_words.h"
#include "io/csv/field_parse.h"
#include "src/base/hash.h"
#include "src/base/vector_kernels.h"
#include "src/base/word_load.h"

namespace qrmark::ingest {
namespace {

using csv::AreEightDigits;
using csv::EightDigitsValue;
using csv::kAsciiZeros;
using row_plan_detail::LineMasks;
using row_plan_detail::SplitResult;

// Adds the masks of the 64-byte block at offset `block`; true when it held
// the line's end.
inline bool AddBlock(size_t block, size_t available, uint64_t commas, uint64_t quotes, uint64_t newlines,
                     LineMasks& m) {
  const size_t left = available - block;
  newlines &= left >= 64 ? ~uint64_t{0} : (uint64_t{1} << left) - 1;
  const uint64_t before_newline = (newlines & -newlines) - 1;  // all bits when there is none
  m.commas[block / 64] = commas & before_newline;
  m.quotes[block / 64] = quotes & before_newline;
  if (newlines == 0) return false;
  m.size = block + static_cast<size_t>(std::countr_zero(newlines));
  m.found = m.size <= CsvRowPlan::kMaxLineBytes;
  return true;
}

// The `k` (1..8) bytes that end at `end`, as the last digits of an
// eight-digit word whose first 8 - k are '0'. Loads the 8 bytes before `end`.
uint64_t DigitsWordEndingAt(const char* end, size_t k) {
  const uint64_t field = ~uint64_t{0} << (8 * (8 - k));  // the high bytes: the field's
  return (LoadWord<uint64_t>(end - 8) & field) | (kAsciiZeros & ~field);
}

}  // namespace

namespace row_plan_detail {

LineMasks MaskLine(const char* p, size_t available) {
  LineMasks m;
  for (size_t block = 0; block < CsvRowPlan::kMaxLineBytes && block < available; block += 64) {
    uint64_t commas = 0, quotes = 0, newlines = 0;
#ifdef __SSE2__
    for (size_t k = 0; k < 64; k += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + block + k));
      commas |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(','))))}
                << k;
      quotes |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"'))))}
                << k;
      newlines |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))))}
                  << k;
    }
#else
    for (size_t k = 0; k < 64; ++k) {
      commas |= uint64_t{p[block + k] == ','} << k;
      quotes |= uint64_t{p[block + k] == '"'} << k;
      newlines |= uint64_t{p[block + k] == '\n'} << k;
    }
#endif
    if (AddBlock(block, available, commas, quotes, newlines, m)) break;
  }
  return m;
}

#ifdef __x86_64__
// The 64 bytes in `low` and `high` that equal `c`, as bits.
__attribute__((target("avx2"))) inline uint64_t EqualBits(__m256i low, __m256i high, char c) {
  const __m256i wanted = _mm256_set1_epi8(c);
  return uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(low, wanted)))} |
         uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(high, wanted)))} << 32;
}

__attribute__((target("avx2"))) LineMasks MaskLineAvx2(const char* p, size_t available) {
  LineMasks m;
  for (size_t block = 0; block < CsvRowPlan::kMaxLineBytes && block < available; block += 64) {
    const __m256i low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + block));
    const __m256i high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + block + 32));
    if (AddBlock(block, available, EqualBits(low, high, ','), EqualBits(low, high, '"'),
                 EqualBits(low, high, '\n'), m)) {
      break;
    }
  }
  return m;
}
#endif

bool HasAvx2() {
#ifdef __x86_64__
  static const bool avx2 = VectorKernelsAllowed() && __builtin_cpu_supports("avx2");
  return avx2;
#else
  return false;
#endif
}

ShortNameIndex::ShortNameIndex(std::span<const std::string_view> names) {
  std::vector<Slot> named;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].size() > 8) continue;  // never matches a word
    uint64_t word = 0;
    for (size_t k = 0; k < names[i].size(); ++k) word |= uint64_t{static_cast<unsigned char>(names[i][k])} << (8 * k);
    named.push_back({word, names[i].size(), i});
  }
  // A few tries find a multiplier for a handful of names in 64 slots; the
  // names are fixed (the enums'), and a test holds that they are found.
  for (uint64_t attempt = 1; attempt <= 4096 && !ok_; ++attempt) {
    multiplier_ = Mix64(attempt) | 1;
    std::array<bool, size_t{1} << kSlotBits> taken{};
    ok_ = true;
    for (const Slot& n : named) {
      bool& t = taken[(n.word * multiplier_) >> (64 - kSlotBits)];
      ok_ = ok_ && !t;
      t = true;
    }
  }
  if (!ok_) return;
  for (const Slot& n : named) slots_[(n.word * multiplier_) >> (64 - kSlotBits)] = n;
}

SplitResult SplitLine(const char* p, size_t available, std::span<std::string_view> f, size_t* line_bytes) {
#ifdef __x86_64__
  const LineMasks m = HasAvx2() ? MaskLineAvx2(p, available) : MaskLine(p, available);
#else
  const LineMasks m = MaskLine(p, available);
#endif
  if (!m.found) return SplitResult::kNotSplit;
  const size_t n = m.size > 0 && p[m.size - 1] == '\r' ? m.size - 1 : m.size;  // '\r' is no comma or quote
  uint64_t quotes = 0;
  for (uint64_t q : m.quotes) quotes |= q;
  if (quotes != 0) return SplitResult::kNotSplit;
  // Field c runs from the comma before it to the comma after it: the commas
  // one by one, as many as the header has (the same every row). Within the
  // first 128 bytes, which word holds the next comma is a select, not a branch.
  const size_t columns = f.size();
  size_t start = 0;
  bool enough = true;  // a comma for every field but the last
  uint64_t rest = 0;   // commas past those: too many fields
  if (n <= 128) {
    uint64_t low = m.commas[0], high = m.commas[1];
    for (size_t c = 0; c + 1 < columns; ++c) {
      const bool in_low = low != 0;
      enough &= in_low | (high != 0);
      const size_t comma = in_low ? static_cast<size_t>(std::countr_zero(low))
                                  : 64 + static_cast<size_t>(std::countr_zero(high));
      low &= low - 1;
      high &= high - (in_low ? 0 : 1);
      f[c] = std::string_view(p + start, std::min(comma, n) - start);
      start = std::min(comma + 1, n);
    }
    rest = low | high;
  } else {
    size_t word = 0;
    uint64_t bits = m.commas[0];
    for (size_t c = 0; c + 1 < columns && enough; ++c) {
      while (bits == 0 && word + 1 < LineMasks::kWords) bits = m.commas[++word];
      enough = bits != 0;
      const size_t comma = 64 * word + static_cast<size_t>(std::countr_zero(bits));
      bits &= bits - 1;
      f[c] = std::string_view(p + start, std::min(comma, n) - start);
      start = std::min(comma + 1, n);
    }
    for (size_t w = word; w < LineMasks::kWords; ++w) rest |= w == word ? bits : m.commas[w];
  }
  if (!enough || rest != 0) return SplitResult::kNotSplit;
  f[columns - 1] = std::string_view(p + start, n - start);
  *line_bytes = m.size + 1;
  return SplitResult::kSplit;
}

#ifdef __x86_64__
bool HasAvx512Split() {
  static const bool avx512 = VectorKernelsAllowed() && __builtin_cpu_supports("avx512bw") &&
                             __builtin_cpu_supports("avx512vbmi2") && __builtin_cpu_supports("popcnt") &&
                             __builtin_cpu_supports("bmi");
  return avx512;
}

// The line's bytes in 64-byte vectors, its delimiters as mask bits, and the
// commas' offsets gathered in order by a compress of the byte indices: no
// loop over the delimiters, and a field's bounds are two loads.
__attribute__((target("avx512f,avx512bw,avx512vbmi2,popcnt,bmi"))) SplitResult SplitShortLineAvx512(
    const char* p, size_t available, std::span<std::string_view> f, size_t* line_bytes) {
  if (available == 0) return SplitResult::kLonger;  // nothing buffered (maybe no buffer at all)
  const __m512i newline = _mm512_set1_epi8('\n'), comma = _mm512_set1_epi8(','), quote = _mm512_set1_epi8('"');
  const __m512i low = _mm512_loadu_si512(p);
  const uint64_t low_valid = available >= 64 ? ~uint64_t{0} : (uint64_t{1} << available) - 1;
  const uint64_t low_newlines = _mm512_cmpeq_epi8_mask(low, newline) & low_valid;
  uint64_t commas[2], quotes[2];
  size_t size;
  if (low_newlines != 0) {
    size = static_cast<size_t>(std::countr_zero(low_newlines));
    const uint64_t before = (low_newlines & -low_newlines) - 1;
    commas[0] = _mm512_cmpeq_epi8_mask(low, comma) & before;
    quotes[0] = _mm512_cmpeq_epi8_mask(low, quote) & before;
    commas[1] = quotes[1] = 0;
  } else {
    if (available <= 64) return SplitResult::kLonger;  // no '\n' in what is buffered: the general path
    const __m512i high = _mm512_loadu_si512(p + 64);
    const uint64_t high_valid = available >= 128 ? ~uint64_t{0} : (uint64_t{1} << (available - 64)) - 1;
    const uint64_t high_newlines = _mm512_cmpeq_epi8_mask(high, newline) & high_valid;
    if (high_newlines == 0) return SplitResult::kLonger;
    size = 64 + static_cast<size_t>(std::countr_zero(high_newlines));
    const uint64_t before = (high_newlines & -high_newlines) - 1;
    commas[0] = _mm512_cmpeq_epi8_mask(low, comma);
    quotes[0] = _mm512_cmpeq_epi8_mask(low, quote);
    commas[1] = _mm512_cmpeq_epi8_mask(high, comma) & before;
    quotes[1] = _mm512_cmpeq_epi8_mask(high, quote) & before;
  }
  const size_t columns = f.size();
  const size_t low_count = static_cast<size_t>(std::popcount(commas[0]));
  if ((quotes[0] | quotes[1]) != 0 || low_count + static_cast<size_t>(std::popcount(commas[1])) + 1 != columns) {
    return SplitResult::kNotSplit;
  }
  // Comma offsets in order: each half's indices compressed by its mask, the
  // high half's stored after the low half's (at most 63 of them: its
  // 64-byte store ends by byte 127).
  alignas(64) uint8_t offsets[2 * 64];
  const __m512i index = _mm512_set_epi8(63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45,
                                        44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26,
                                        25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6,
                                        5, 4, 3, 2, 1, 0);
  _mm512_store_si512(offsets, _mm512_maskz_compress_epi8(commas[0], index));
  _mm512_storeu_si512(offsets + low_count,
                      _mm512_maskz_compress_epi8(commas[1], _mm512_add_epi8(index, _mm512_set1_epi8(64))));
  const size_t n = size > 0 && p[size - 1] == '\r' ? size - 1 : size;
  size_t start = 0;
  for (size_t c = 0; c + 1 < columns; ++c) {
    const size_t end = offsets[c];
    f[c] = std::string_view(p + start, end - start);
    start = end + 1;
  }
  f[columns - 1] = std::string_view(p + start, n - start);
  *line_bytes = size + 1;
  return SplitResult::kSplit;
}
#endif

uint32_t DigitLanes(const char* const* ends, uint64_t sizes, uint64_t* values) {
  uint32_t valid = 0;
  for (size_t i = 0; i < 8; ++i) {
    const size_t k = sizes >> (8 * i) & 0xff;
    const uint64_t word = k == 0 ? kAsciiZeros : DigitsWordEndingAt(ends[i], k);
    values[i] = EightDigitsValue(word);
    valid |= uint32_t{AreEightDigits(word)} << i;
  }
  return valid;
}

#ifdef __x86_64__
bool HasAvx512Digits() {
  static const bool avx512 = VectorKernelsAllowed() && __builtin_cpu_supports("avx512bw");
  return avx512;
}

// The words loaded whole, the bytes before each field's set to '0' under a
// mask from the sizes; then the digits' values as bytes, pairs weighted 10:1
// into 16 bits, pairs of those 100:1 into 32, and the two halves of a word
// 10000:1 into its 64 (a word's lowest byte is its leading digit).
__attribute__((target("avx512f,avx512bw"))) uint32_t DigitLanesAvx512(const char* const* ends, uint64_t sizes,
                                                                      uint64_t* values) {
  const __m512i loaded = _mm512_set_epi64(
      LoadWord<int64_t>(ends[7] - 8), LoadWord<int64_t>(ends[6] - 8), LoadWord<int64_t>(ends[5] - 8),
      LoadWord<int64_t>(ends[4] - 8), LoadWord<int64_t>(ends[3] - 8), LoadWord<int64_t>(ends[2] - 8),
      LoadWord<int64_t>(ends[1] - 8), LoadWord<int64_t>(ends[0] - 8));
  // Byte j of lane i: sizes[i], compared with 8 - j.
  const __m512i lane_of_byte = _mm512_set_epi64(0x0707070707070707, 0x0606060606060606, 0x0505050505050505,
                                                0x0404040404040404, 0x0303030303030303, 0x0202020202020202,
                                                0x0101010101010101, 0);
  const __m512i size_of_byte = _mm512_shuffle_epi8(_mm512_set1_epi64(static_cast<int64_t>(sizes)), lane_of_byte);
  const __mmask64 in_field = _mm512_cmpge_epu8_mask(size_of_byte, _mm512_set1_epi64(0x0102030405060708));
  const __m512i zero = _mm512_set1_epi8('0');
  const __m512i digits = _mm512_sub_epi8(_mm512_mask_blend_epi8(in_field, zero, loaded), zero);
  const __m512i bad = _mm512_movm_epi8(_mm512_cmpgt_epu8_mask(digits, _mm512_set1_epi8(9)));
  const __m512i pairs = _mm512_maddubs_epi16(digits, _mm512_set1_epi16(0x010A));
  const __m512i quads = _mm512_madd_epi16(pairs, _mm512_set1_epi32(0x00010064));
  // (The zero-masking forms with every lane on: GCC 12 warns about the plain
  // forms' undefined pass-through operand.)
  constexpr __mmask8 kAll = 0xFF;
  _mm512_storeu_si512(values, _mm512_add_epi64(_mm512_maskz_mul_epu32(kAll, quads, _mm512_set1_epi64(10000)),
                                               _mm512_maskz_srli_epi64(kAll, quads, 32)));
  return static_cast<uint8_t>(~_mm512_test_epi64_mask(bad, bad));
}
#endif

}  // namespace row_plan_detail

namespace {


// DigitLanes, by AVX-512 where the CPU has it (the same results).
uint32_t DigitLanesFastest(const char* const* ends, uint64_t sizes, uint64_t* values) {
#ifdef __x86_64__
  if (row_plan_detail::HasAvx512Digits()) return row_plan_detail::DigitLanesAvx512(ends, sizes, values);
#endif
  return row_plan_detail::DigitLanes(ends, sizes, values);
}

// True and `*out` when the `n` bytes at `p` are 1 to 20 digits whose value
// fits in 64 bits (ParseUint64 also takes longer runs of leading zeros: the
// general path has those). One branch on the length's class (up to 8, 16 or
// 20 digits), which a column mostly keeps; none on the length itself.
inline bool PaddedDigits(const char* p, size_t n, uint64_t* out) {
  if (n == 0 || n > 20) return false;
  const char* end = p + n;
  if (n <= 8) {
    const uint64_t w = DigitsWordEndingAt(end, n);
    *out = EightDigitsValue(w);
    return AreEightDigits(w);
  }
  const uint64_t low = LoadWord<uint64_t>(end - 8);
  if (n <= 16) {
    const uint64_t high = DigitsWordEndingAt(end - 8, n - 8);
    *out = EightDigitsValue(high) * 100000000 + EightDigitsValue(low);
    return AreEightDigits(high) & AreEightDigits(low);
  }
  const uint64_t head = DigitsWordEndingAt(end - 16, n - 16);
  return csv::ThreeDigitWordsValue(head, LoadWord<uint64_t>(end - 16), low, out);
}

// The channel and device OS names, by enum value.
std::vector<std::string_view> ChannelNames() {
  std::vector<std::string_view> names;
  for (int i = 0; i < kChannelCount; ++i) names.push_back(ChannelName(static_cast<Channel>(i)));
  return names;
}

std::vector<std::string_view> DeviceOsNames() {
  std::vector<std::string_view> names;
  for (int i = 0; i < kDeviceOsCount; ++i) names.push_back(DeviceOsName(static_cast<DeviceOs>(i)));
  return names;
}

// The up to 8 bytes of `s` as a word, zero above them; loads 8 bytes at s.data().
uint64_t ShortWord(std::string_view s) {
  const uint64_t keep = s.size() >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * s.size())) - 1;
  return LoadWord<uint64_t>(s.data()) & keep;
}

}  // namespace

CsvRowPlan::CsvRowPlan(const CsvScanParser& parser, const csv::CsvMapping& mapping,
                       const csv::ColumnIndex& columns)
    : parser_(parser), cols_(columns), channels_(ChannelNames()), devices_(DeviceOsNames()) {
  splits_ = cols_.columns >= 1 && cols_.columns <= kMaxColumns;
  plain_ = mapping.user_is_pseudonymous && cols_.quantity < 0 && mapping.amount_scale == 1.0 &&
           (mapping.cancelled_prefix.empty() || cols_.invoice < 0);
  plain_ = plain_ && channels_.ok() && devices_.ok();  // else every line goes through the parser
}

size_t CsvRowPlan::Parse(std::string_view bytes, Row* row) const {
  if (!splits_) return 0;
  std::vector<std::string_view>& f = row->fields;
  f.resize(cols_.columns);
  size_t line_bytes = 0;
  SplitResult split = SplitResult::kLonger;
#ifdef __x86_64__
  if (row_plan_detail::HasAvx512Split()) {
    split = row_plan_detail::SplitShortLineAvx512(bytes.data(), bytes.size(), f, &line_bytes);
  }
#endif
  if (split == SplitResult::kLonger) split = row_plan_detail::SplitLine(bytes.data(), bytes.size(), f, &line_bytes);
  if (split != SplitResult::kSplit) return 0;
  row->raw = std::string_view(bytes.data(), static_cast<size_t>(f.back().data() + f.back().size() - bytes.data()));
  row->product_number = -1;
  if (plain_ && DecodePlain(f, row)) {
    row->verdict = std::nullopt;
  } else {
    row->verdict = parser_.Parse(f, &row->scan);
  }
  return line_bytes;
}

bool CsvRowPlan::DecodePlain(std::span<const std::string_view> f, Row* row) const {
  CsvScan& out = row->scan;
  const auto field = [f](int column) { return column >= 0 ? f[static_cast<size_t>(column)] : std::string_view(); };
  const std::string_view user = field(cols_.user), product = field(cols_.product), amount = field(cols_.amount),
                         batch = field(cols_.batch), serial = field(cols_.serial), flags = field(cols_.flags);
  if (user.empty() || user.size() > 20 || product.empty() || (cols_.amount >= 0 && amount.empty())) return false;
  // The numeric fields as eight-digit words, converted together: the user
  // key's three (up to 20 digits), the product code's (if it has up to 7
  // bytes), and the last 8 bytes of the others (a longer one is parsed on
  // its own below). An empty or absent field's word is all '0'.
  enum : size_t { kUserHead, kUserMiddle, kUserLow, kProduct, kAmount, kBatch, kSerial, kFlags };
  const char* const user_end = user.data() + user.size();
  // A lane's end, and its size (up to 8) at byte `lane` of `sizes`; an empty
  // lane points at the user key's end, readable like every field's.
  const char* ends[8];
  uint64_t sizes = 0;
  const auto lane = [&](size_t i, const char* end, size_t size) {
    ends[i] = size > 0 ? end : user_end;
    sizes |= uint64_t{std::min<size_t>(size, 8)} << (8 * i);
  };
  lane(kUserLow, user_end, user.size());
  lane(kUserMiddle, user_end - 8, user.size() > 8 ? user.size() - 8 : 0);
  lane(kUserHead, user_end - 16, user.size() > 16 ? user.size() - 16 : 0);
  lane(kProduct, product.data() + product.size(), product.size() <= 7 ? product.size() : 0);
  for (const auto& [i, s] : {std::pair{kAmount, amount}, {kBatch, batch}, {kSerial, serial}, {kFlags, flags}}) {
    lane(i, s.data() + s.size(), s.size());
  }
  uint64_t values[8];
  const uint32_t digits = DigitLanesFastest(ends, sizes, values);
  // A field's value: from its lane when it has up to 8 bytes, else parsed apart.
  const auto value_of = [&](std::string_view s, size_t lane, uint64_t* v) {
    if (s.size() > 8) return PaddedDigits(s.data(), s.size(), v);
    *v = values[lane];
    return (digits >> lane & 1) != 0;
  };

  // Up to 16 digits, the head lane is 0.
  constexpr uint32_t kUserLanes = 1u << kUserHead | 1u << kUserMiddle | 1u << kUserLow;
  if ((digits & kUserLanes) != kUserLanes ||
      !csv::ThreeGroupsValue(values[kUserHead], values[kUserMiddle], values[kUserLow], &out.user_key)) {
    return false;
  }
  if (!csv::ParseTime(cols_.time_format, f[static_cast<size_t>(cols_.timestamp)], &out.ts_unix_s))
    return false;
  out.product = product;
  if (product.size() <= 7 && (product.size() == 1 || product[0] != '0') && (digits >> kProduct & 1) != 0) {
    row->product_number = static_cast<int64_t>(values[kProduct]);
  }
  uint64_t v;
  out.amount_cents = 0;
  if (cols_.amount >= 0) {
    if (amount.size() > 15 || !value_of(amount, kAmount, &v)) return false;  // < 2^53: exact
    out.amount_cents = static_cast<int64_t>(v);
  }
  out.region = cols_.region >= 0 ? f[static_cast<size_t>(cols_.region)] : std::string_view();
  out.channel = Channel::kUnknown;
  if (cols_.channel >= 0) {
    const std::string_view channel = f[static_cast<size_t>(cols_.channel)];
    out.channel = static_cast<Channel>(channels_.IndexOf(ShortWord(channel), channel.size()));
  }
  out.device_os = DeviceOs::kUnknown;
  if (cols_.device_os >= 0) {
    const std::string_view device = f[static_cast<size_t>(cols_.device_os)];
    out.device_os = static_cast<DeviceOs>(devices_.IndexOf(ShortWord(device), device.size()));
  }
  // Batch, serial and flags: empty (or absent) is 0.
  if (!batch.empty() && (!value_of(batch, kBatch, &v) || v > UINT32_MAX)) return false;
  out.batch_id = batch.empty() ? 0 : static_cast<uint32_t>(v);
  out.serial = 0;
  if (!serial.empty() && !value_of(serial, kSerial, &out.serial)) return false;
  if (!flags.empty() && (!value_of(flags, kFlags, &v) || v > 0xff)) return false;
  out.flags = flags.empty() ? 0 : static_cast<uint8_t>(v);
  return true;
}

}  // namespace qrmark::ingest
