// Reading a word from bytes at any alignment: the field parsers and the
// dictionary look at short strings a word at a time.
#ifndef QRMARK_SRC_BASE_WORD_LOAD_H_
#define QRMARK_SRC_BASE_WORD_LOAD_H_

#include <cstdint>
#include <cstring>

namespace qrmark {

// The sizeof(Word) bytes at `p` as an integer in the host's byte order
// (little-endian on every target qrmark builds for: p[0] is the lowest
// byte), widened to 64 bits. Word is uint16_t, uint32_t or uint64_t.
template <typename Word>
uint64_t LoadWord(const char* p) {
  Word w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

}  // namespace qrmark

#endif  // QRMARK_SRC_BASE_WORD_LOAD_H_
