// CsvReader: a sliding pread buffer, a quote-free line splitter over 64-byte
// delimiter bit masks (SSE2 where there is), a quote-aware record finder with
// a memchr fast path, and a field splitter that unescapes into a scratch buffer.
#include "io/csv/csv_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace qrmark::csv {
namespace {

constexpr size_t kBlockBytes = 1 << 20;
constexpr size_t kNotFound = static_cast<size_t>(-1);

// Index of the first '\n' outside quotes in [p, p+n), or kNotFound;
// `in_quotes` tells whether the data ended inside a quoted field. Only a
// quote that starts a field opens one; other quotes are left to the field
// splitter to reject, so a stray quote cannot swallow the following lines.
size_t ScanRecordEnd(const char* p, size_t n, bool* in_quotes) {
  const char* nl = static_cast<const char*>(std::memchr(p, '\n', n));
  const size_t line = nl ? static_cast<size_t>(nl - p) : n;
  *in_quotes = false;
  if (std::memchr(p, '"', line) == nullptr) return nl ? line : kNotFound;
  bool quoted = false, field_start = true;
  for (size_t i = 0; i < n; ++i) {
    const char c = p[i];
    if (quoted) {
      if (c == '"' && i + 1 < n && p[i + 1] == '"')
        ++i;
      else if (c == '"')
        quoted = false;
      continue;
    }
    if (c == '\n') return i;
    quoted = c == '"' && field_start;
    field_start = c == ',';
  }
  *in_quotes = quoted;
  return kNotFound;
}

// Bit k set when p[k] is ',', '\n' or '"', for the `n` <= 64 bytes at `p`.
uint64_t DelimiterMask(const char* p, size_t n) {
  uint64_t mask = 0;
  size_t k = 0;
#ifdef __SSE2__
  if (n == 64) {
    for (; k < 64; k += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k));
      const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
                                                     _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
                                        _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
      mask |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(hits))) << k;
    }
  }
#endif
  for (; k < n; ++k) {
    mask |= static_cast<uint64_t>(p[k] == ',' || p[k] == '\n' || p[k] == '"') << k;
  }
  return mask;
}

}  // namespace

std::string_view CsvErrorName(CsvError e) {
  switch (e) {
    case CsvError::kOk:
      return "ok";
    case CsvError::kBadQuote:
      return "bad_quote";
    case CsvError::kUnterminatedQuote:
      return "unterminated_quote";
  }
  return "unknown";
}

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path, uint64_t begin, uint64_t end,
                                                   bool has_header) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return PosixError("open", path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    Status s = PosixError("stat", path, errno);
    ::close(fd);
    return s;
  }
  std::unique_ptr<CsvReader> r(new CsvReader(path, fd, static_cast<uint64_t>(st.st_size)));
  r->end_ = std::min<uint64_t>(end, r->size_);
  if (begin >= r->end_) {
    r->buf_offset_ = r->end_;
    return r;
  }
  QRMARK_RETURN_IF_ERROR(r->SkipPartialLine(begin));
  if (has_header && begin == 0) {
    CsvRecord header;
    QRMARK_ASSIGN_OR_RETURN(bool unused, r->Next(&header));
    (void)unused;
  }
  return r;
}

CsvReader::~CsvReader() { ::close(fd_); }

Result<bool> CsvReader::Fill() {
  if (buf_offset_ + len_ >= size_) return false;
  std::memmove(buf_.data(), buf_.data() + pos_, len_ - pos_);
  buf_offset_ += pos_;
  len_ -= pos_;
  pos_ = 0;
  const size_t want = static_cast<size_t>(std::min<uint64_t>(kBlockBytes, size_ - buf_offset_ - len_));
  if (buf_.size() < len_ + want) buf_.resize(len_ + want);
  size_t got = 0;
  while (got < want) {
    ssize_t n =
        ::pread(fd_, buf_.data() + len_ + got, want - got, static_cast<off_t>(buf_offset_ + len_ + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return PosixError("pread at offset " + std::to_string(buf_offset_ + len_ + got), path_, errno);
    if (n == 0) return IoError(path_ + ": file shrank while reading");
    got += static_cast<size_t>(n);
  }
  len_ += got;
  return true;
}

Status CsvReader::SkipPartialLine(uint64_t begin) {
  buf_offset_ = begin == 0 ? 0 : begin - 1;
  if (begin == 0) return Status::Ok();
  QRMARK_ASSIGN_OR_RETURN(bool more, Fill());
  if (more && buf_[0] == '\n') {
    pos_ = 1;
    return Status::Ok();
  }
  return SkipLine();
}

Status CsvReader::SkipLine() {
  while (true) {
    const void* nl = std::memchr(buf_.data() + pos_, '\n', len_ - pos_);
    if (nl) {
      pos_ = static_cast<size_t>(static_cast<const char*>(nl) - buf_.data()) + 1;
      return Status::Ok();
    }
    pos_ = len_;
    QRMARK_ASSIGN_OR_RETURN(bool more, Fill());
    if (!more) return Status::Ok();
  }
}

Result<size_t> CsvReader::FindRecordEnd(bool* in_quotes) {
  while (true) {
    size_t i = ScanRecordEnd(buf_.data() + pos_, len_ - pos_, in_quotes);
    if (i != kNotFound) return pos_ + i;
    if (len_ - pos_ > kMaxRecordBytes) return kNotFound;
    QRMARK_ASSIGN_OR_RETURN(bool more, Fill());
    if (!more) return len_;
  }
}

Result<bool> CsvReader::Next(CsvRecord* rec) {
  if (pos_ == len_) {
    QRMARK_ASSIGN_OR_RETURN(bool more, Fill());
    if (!more) return false;
  }
  if (buf_offset_ + pos_ >= end_) return false;
  if (SplitPlainLine(rec)) return true;
  bool in_quotes = false;
  QRMARK_ASSIGN_OR_RETURN(size_t rec_end, FindRecordEnd(&in_quotes));
  rec->offset = buf_offset_ + pos_;
  rec->fields.clear();
  if (rec_end == kNotFound) {                  // too long, or an unterminated quote: resume at the next line
    scratch_.assign(buf_.data() + pos_, 256);  // an excerpt; the buffer moves while skipping
    rec->raw = scratch_;
    rec->error = CsvError::kUnterminatedQuote;
    QRMARK_RETURN_IF_ERROR(SkipLine());
    return true;
  }
  size_t n = rec_end - pos_;
  if (n > 0 && buf_[pos_ + n - 1] == '\r') --n;
  rec->raw = std::string_view(buf_.data() + pos_, n);
  rec->error = in_quotes ? CsvError::kUnterminatedQuote : CsvError::kOk;
  pos_ = rec_end < len_ ? rec_end + 1 : len_;
  if (rec->error == CsvError::kOk) SplitFields(rec);
  return true;
}

bool CsvReader::SplitPlainLine(CsvRecord* rec) {
  const char* p = buf_.data();
  size_t field = pos_;
  rec->fields.clear();
  for (size_t block = pos_; block < len_; block += 64) {  // 64 bytes at a time, one bit per delimiter
    for (uint64_t m = DelimiterMask(p + block, std::min<size_t>(64, len_ - block)); m != 0; m &= m - 1) {
      const size_t i = block + static_cast<size_t>(__builtin_ctzll(m));
      if (p[i] == ',') {
        rec->fields.emplace_back(p + field, i - field);
        field = i + 1;
        continue;
      }
      if (p[i] == '"') return false;  // quoted: the general path
      const size_t end = std::max(field, i > pos_ && p[i - 1] == '\r' ? i - 1 : i);
      rec->fields.emplace_back(p + field, end - field);
      rec->raw = std::string_view(p + pos_, end - pos_);
      rec->offset = buf_offset_ + pos_;
      rec->error = CsvError::kOk;
      pos_ = i + 1;
      return true;
    }
  }
  return false;
}

void CsvReader::SplitFields(CsvRecord* rec) {
  const std::string_view raw = rec->raw;
  scratch_.clear();
  scratch_.reserve(raw.size());  // no reallocation below: views into it stay valid
  size_t i = 0;
  while (true) {
    if (i < raw.size() && raw[i] == '"') {
      const size_t start = scratch_.size();
      size_t j = i + 1;
      while (true) {
        size_t k = raw.find('"', j);
        if (k == std::string_view::npos) {
          rec->error = CsvError::kUnterminatedQuote;
          return;
        }
        scratch_.append(raw.substr(j, k - j));
        if (k + 1 < raw.size() && raw[k + 1] == '"') {
          scratch_.push_back('"');
          j = k + 2;
          continue;
        }
        i = k + 1;
        break;
      }
      rec->fields.emplace_back(scratch_.data() + start, scratch_.size() - start);
      if (i < raw.size() && raw[i] != ',') {
        rec->error = CsvError::kBadQuote;
        break;
      }
    } else {
      size_t k = std::min(raw.find(',', i), raw.size());
      std::string_view field = raw.substr(i, k - i);
      if (field.find('"') != std::string_view::npos) {
        rec->error = CsvError::kBadQuote;
        break;
      }
      rec->fields.push_back(field);
      i = k;
    }
    if (i >= raw.size()) break;
    ++i;  // the comma
    if (i == raw.size()) {
      rec->fields.emplace_back();
      break;
    }
  }
  if (rec->error != CsvError::kOk) rec->fields.clear();
}

Result<std::vector<std::string>> ReadCsvHeader(const std::string& path) {
  QRMARK_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path, 0, UINT64_MAX, /*has_header=*/false));
  CsvRecord rec;
  QRMARK_ASSIGN_OR_RETURN(bool any, reader->Next(&rec));
  if (!any) return InvalidArgument(path + ": empty CSV file has no header");
  if (rec.error != CsvError::kOk) {
    return InvalidArgument(path + ": malformed header (" + std::string(CsvErrorName(rec.error)) + ")");
  }
  std::vector<std::string> header(rec.fields.begin(), rec.fields.end());
  if (header[0].starts_with("\xEF\xBB\xBF")) header[0].erase(0, 3);  // a UTF-8 byte-order mark
  return header;
}

}  // namespace qrmark::csv
