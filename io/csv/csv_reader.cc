// CsvReader: a sliding pread buffer (padded on both sides), a quote-free line
// splitter over 64-byte delimiter bit masks (SSE2 where there is), the
// quote-aware record finder of quote_state.h for the other records, and a
// field splitter that unescapes into a scratch buffer.
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
    case CsvError::kTooLong:
      return "too_long";
  }
  return "unknown";
}

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path, uint64_t begin, uint64_t end,
                                                   bool has_header, CsvScanState state_at_begin,
                                                   CsvRangeVisitor visit_range) {
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
  r->visited_until_ = std::min(begin, r->end_);
  r->first_record_ = r->end_;
  r->visit_range_ = std::move(visit_range);
  if (begin >= r->end_) {
    r->buf_offset_ = r->end_;
    return r;
  }
  QRMARK_RETURN_IF_ERROR(r->SkipToFirstRecord(begin, state_at_begin));
  r->first_record_ = std::min(r->buf_offset_ + r->pos_, r->end_);
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
  std::memmove(data(), data() + pos_, len_ - pos_);
  buf_offset_ += pos_;
  len_ -= pos_;
  pos_ = 0;
  const size_t want = static_cast<size_t>(std::min<uint64_t>(kBlockBytes, size_ - buf_offset_ - len_));
  const size_t padded = kLinePadding + len_ + want + kLinePadding;
  if (buf_.size() < padded) buf_.resize(padded);
  size_t got = 0;
  while (got < want) {
    ssize_t n =
        ::pread(fd_, data() + len_ + got, want - got, static_cast<off_t>(buf_offset_ + len_ + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return PosixError("pread at offset " + std::to_string(buf_offset_ + len_ + got), path_, errno);
    if (n == 0) return IoError(path_ + ": file shrank while reading");
    got += static_cast<size_t>(n);
  }
  if (visit_range_ && visited_until_ < end_) {  // the new bytes' part in the range, not seen before
    const uint64_t from = std::max(visited_until_, buf_offset_ + len_);
    const uint64_t to = std::min<uint64_t>(end_, buf_offset_ + len_ + got);
    if (from < to) {
      visit_range_(std::string_view(data() + (from - buf_offset_), to - from));
      visited_until_ = to;
    }
  }
  len_ += got;
  return true;
}

Status CsvReader::VisitRestOfRange() {
  while (visit_range_ && visited_until_ < end_) {
    pos_ = len_;  // the records are done: only the range's bytes are wanted
    QRMARK_ASSIGN_OR_RETURN(bool more, Fill());
    if (!more) break;
  }
  return Status::Ok();
}

Status CsvReader::SkipToFirstRecord(uint64_t begin, CsvScanState state) {
  buf_offset_ = begin == 0 ? 0 : begin - 1;
  if (begin == 0) return Status::Ok();
  QRMARK_ASSIGN_OR_RETURN(bool more, Fill());
  if (!more) return Status::Ok();
  pos_ = 1;
  if (data()[0] == '\n' && state == CsvScanState::kFieldStart) return Status::Ok();  // it ended a record
  while (true) {  // to the first newline outside quotes, or past the range: no record starts in it
    pos_ += FindRecordEnd(std::string_view(data() + pos_, len_ - pos_), &state);
    if (pos_ < len_) {
      ++pos_;
      return Status::Ok();
    }
    if (buf_offset_ + pos_ >= end_) return Status::Ok();
    QRMARK_ASSIGN_OR_RETURN(more, Fill());
    if (!more) return Status::Ok();
  }
}

Result<bool> CsvReader::Next(CsvRecord* rec) {
  if (buf_offset_ + pos_ >= end_) {
    QRMARK_RETURN_IF_ERROR(VisitRestOfRange());
    return false;
  }
  if (pos_ == len_) {
    QRMARK_ASSIGN_OR_RETURN(bool more, Fill());
    if (!more) return false;
  }
  if (SplitPlainLine(rec)) return true;
  return ReadRecord(rec);
}

std::string_view CsvReader::Buffered(uint64_t* offset) {
  if (buf_offset_ + pos_ >= end_) return {};
  *offset = buf_offset_ + pos_;
  return std::string_view(data() + pos_, len_ - pos_);
}

void CsvReader::Consume(size_t bytes) { pos_ += bytes; }

Result<bool> CsvReader::ReadRecord(CsvRecord* rec) {
  rec->offset = buf_offset_ + pos_;
  rec->fields.clear();
  CsvScanState state = CsvScanState::kFieldStart;
  size_t scanned = 0;     // bytes from pos_ known to hold no record end
  bool kept = true;       // all of the record is in the buffer from pos_; else an excerpt is in scratch_
  uint64_t newlines = 0;  // in the bytes of the record already dropped
  char last_dropped = 0;
  bool ended = false;  // at a newline (not the end of the file)
  while (true) {
    scanned += FindRecordEnd(std::string_view(data() + pos_ + scanned, len_ - pos_ - scanned), &state);
    if (pos_ + scanned < len_) {
      ended = true;
      break;
    }
    if (kept && scanned > kMaxRecordBytes) {  // too long to keep: an excerpt, then count and drop as it goes
      scratch_.assign(data() + pos_, kExcerptBytes);
      kept = false;
    }
    if (!kept) {
      newlines += static_cast<uint64_t>(std::count(data() + pos_, data() + len_, '\n'));
      last_dropped = data()[len_ - 1];
      pos_ = len_;
      scanned = 0;
    }
    QRMARK_ASSIGN_OR_RETURN(bool more, Fill());
    if (!more) break;
  }
  const size_t end = pos_ + scanned;  // its newline, or the end of the file
  const size_t next = ended ? end + 1 : end;
  newlines += static_cast<uint64_t>(std::count(data() + pos_, data() + next, '\n'));
  const char last = next > pos_ ? data()[next - 1] : last_dropped;
  rec->lines = newlines + (last == '\n' ? 0 : 1);
  if (kept && end - pos_ > kMaxRecordBytes) {  // found in the buffer, but too long all the same
    scratch_.assign(data() + pos_, kExcerptBytes);
    kept = false;
  }
  if (!ended && state == CsvScanState::kQuoted) {
    rec->error = CsvError::kUnterminatedQuote;
    rec->raw = kept ? std::string_view(data() + pos_, end - pos_) : std::string_view(scratch_);
  } else if (!kept) {
    rec->error = CsvError::kTooLong;
    rec->raw = scratch_;
  } else {
    size_t n = end - pos_;
    if (n > 0 && data()[pos_ + n - 1] == '\r') --n;
    rec->raw = std::string_view(data() + pos_, n);
    rec->error = CsvError::kOk;
  }
  pos_ = next;
  if (rec->error == CsvError::kOk) SplitFields(rec);
  return true;
}

bool CsvReader::SplitPlainLine(CsvRecord* rec) {
  const char* p = data();
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
      if (p[i] == '"' || i - pos_ > kMaxRecordBytes) return false;  // quoted or too long: the general path
      const size_t end = std::max(field, i > pos_ && p[i - 1] == '\r' ? i - 1 : i);
      rec->fields.emplace_back(p + field, end - field);
      rec->raw = std::string_view(p + pos_, end - pos_);
      rec->offset = buf_offset_ + pos_;
      rec->lines = 1;
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
