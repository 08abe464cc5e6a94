// Inputs for ingest tests, made inside the test: a segment and a scans CSV
// with known bad records (corrupt bytes, torn tail, bad fields), and a scans
// CSV whose quoted fields span many lines, and serialised units as slots.
#ifndef QRMARK_TESTS_INGEST_INGEST_TEST_UTIL_H_
#define QRMARK_TESTS_INGEST_INGEST_TEST_UTIL_H_

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "io/scanlog/format.h"
#include "io/scanlog/segment_writer.h"
#include "src/base/scan_record.h"

namespace qrmark::ingest::testing {

inline constexpr int64_t kBaseMs = 1700000000000;

// a.seg: 200 slots (an anonymous scan, user 0, at slot 50, a flipped byte in
// slot 100, the last slot torn): 198 good, 197 of them with a user. b.csv: 100 good rows, then 5 bad ones
// (wrong_column_count, bad_number, bad_timestamp, missing_user, malformed_line).
inline void MakeMixedInputs(const std::string& dir, std::string* seg, std::string* csv) {
  *seg = dir + "/a.seg";
  *csv = dir + "/b.csv";
  std::filesystem::remove(*seg);
  std::vector<ScanRecord> recs;
  for (uint64_t i = 0; i < 200; ++i) {
    ScanRecord r{};
    r.scan_id = i;
    r.ts_unix_ms = kBaseMs + static_cast<int64_t>(i) * 60000;
    r.user_key = i == 50 ? 0 : 1 + i % 17;
    r.serial = 9000 + i;
    r.amount_cents = static_cast<int64_t>(i) * 10;
    r.product_id = static_cast<uint32_t>(i % 9);
    r.region = static_cast<uint16_t>(i % 40);
    r.channel = static_cast<Channel>(i % 6);
    recs.push_back(r);
  }
  auto w = scanlog::SegmentWriter::Create(dir + "/a.open", 1, 0);
  (void)(*w)->Append(recs);
  (void)(*w)->Seal();
  {
    std::fstream f(*seg, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(scanlog::SlotOffset(100) + 3));
    f.put('\x7f');
  }
  std::filesystem::resize_file(*seg, std::filesystem::file_size(*seg) - 20);
  std::ofstream out(*csv, std::ios::binary);
  out << "scan_id,ts,user_key,product_id,batch_id,serial,region,channel,device_os,amount_cents,flags\r\n";
  for (int i = 0; i < 100; ++i) {
    out << i << ",2023-11-1" << i % 10 << " 08:0" << i % 10 << ":00," << 100 + i % 13 << ",P" << i % 5
        << ",7," << 100 + i << ",\"Region, " << i % 3 << "\",wechat,ios," << i * 100 << ",1\r\n";
  }
  out << "1,2023-11-10 08:00:00,5,P1,7,1,R,wechat\n"               // wrong_column_count
      << "2,2023-11-10 08:00:00,5,P1,7,1,R,wechat,ios,12x,1\n"     // bad_number
      << "3,2023-13-10 08:00:00,5,P1,7,1,R,wechat,ios,12,1\n"      // bad_timestamp
      << "4,2023-11-10 08:00:00,,P1,7,1,R,wechat,ios,12,1\n"       // missing_user
      << "5,2023-11-10 08:00:00,5,P1,7,1,R\"x,wechat,ios,12,1\n";  // malformed_line
}

// A scans CSV (ScanCsvMapping plus a `note` column) of `rows` records whose
// notes are quoted fields of 100-200 lines with CRLF and doubled quotes inside,
// a quarter of them with a two-line region too; every 11th row has a stray
// quote (malformed_line) and every 13th one column too few
// (wrong_column_count). Then a quote that never closes, followed by
// `tail_lines` more lines: the rest of the file is one malformed record.
struct MultiLineCsv {
  std::string text;
  uint64_t tail_begin = 0;  // where the unterminated record starts
  int64_t good = 0, bad_quote = 0, wrong_columns = 0, unterminated_lines = 0;
};

inline MultiLineCsv MakeMultiLineCsv(int rows, int tail_lines) {
  MultiLineCsv csv;
  std::string& t = csv.text;
  t = "scan_id,ts,user_key,product_id,batch_id,serial,region,channel,device_os,amount_cents,flags,note\r\n";
  for (int i = 0; i < rows; ++i) {
    const std::string id = std::to_string(i);
    const std::string region = i % 4 == 0 ? "\"North\nEast\"" : "West";
    t += id + ",2023-11-1" + std::to_string(i % 10) + " 08:00:00," + std::to_string(100 + i % 13) + ",P" +
         std::to_string(i % 5) + ",7," + std::to_string(100 + i) + "," + region + ",wechat,ios," +
         std::to_string(i * 100) + ",1";
    if (i % 13 == 0) {
      ++csv.wrong_columns;
    } else if (i % 11 == 0) {
      t += ",bad\"quote " + id;
      ++csv.bad_quote;
    } else {
      t += ",\"" + id + std::string(static_cast<size_t>(100 + i % 101), '\n') + "say \"\"hi\"\",\r\nbye\"";
      ++csv.good;
    }
    t += i % 3 == 0 ? "\r\n" : "\n";
  }
  csv.tail_begin = t.size();
  t += "999,\"never closed\n";
  for (int i = 0; i < tail_lines; ++i) t += "1,2,3\n";
  csv.unterminated_lines = 1 + tail_lines;
  return csv;
}

// A serialised unit and how many scans it has (unit_filter tests).
struct Unit {
  uint64_t serial;
  uint32_t batch_id;
  int scans;
};

// 20000 units: most scanned once or twice, some 3-8 times, a few hundreds of times.
inline std::vector<Unit> MakeUnits() {
  std::mt19937_64 rng(11);
  std::vector<Unit> units;
  for (int i = 0; i < 20000; ++i) {
    const int kind = static_cast<int>(rng() % 100);
    const int scans = kind < 70 ? 1 : kind < 90 ? 2 : kind < 99 ? 3 + static_cast<int>(rng() % 6) : 300;
    units.push_back({rng() % 1000000, static_cast<uint32_t>(rng() % 50), scans});
  }
  return units;
}

// Every unit's scans as scan-log slots, shuffled.
inline std::vector<uint8_t> SlotsOf(const std::vector<Unit>& units) {
  std::vector<ScanRecord> records;
  for (const Unit& u : units) {
    for (int s = 0; s < u.scans; ++s) {
      ScanRecord r{};
      r.scan_id = records.size();
      r.serial = u.serial;
      r.batch_id = u.batch_id;
      r.user_key = 1 + records.size();
      records.push_back(r);
    }
  }
  std::shuffle(records.begin(), records.end(), std::mt19937_64(5));
  std::vector<uint8_t> slots(records.size() * scanlog::kSlotSize);
  for (size_t i = 0; i < records.size(); ++i) {
    scanlog::EncodeSlot(records[i], std::span<uint8_t, scanlog::kSlotSize>(&slots[i * scanlog::kSlotSize],
                                                                            scanlog::kSlotSize));
  }
  return slots;
}

}  // namespace qrmark::ingest::testing

#endif  // QRMARK_TESTS_INGEST_INGEST_TEST_UTIL_H_
