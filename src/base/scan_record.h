// The scan record: one consumer scan of one product unit's code.
//
// `ScanRecord` is the full record, as the verifier logs it and as a binary
// scan-log segment stores it (io/scanlog/FORMAT.md adds the checksum around
// it). `UserScan` is the compact form the nightly job keeps in memory after
// ingest (32 bytes; what features, RFM, k-means, item-CF and the aggregates
// need). `SerialScan` is what the anti-counterfeit signal needs.
//
// Plain values with fixed layouts; safe to memcpy, send over MPI and write.
#ifndef QRMARK_SRC_BASE_SCAN_RECORD_H_
#define QRMARK_SRC_BASE_SCAN_RECORD_H_

#include <cstdint>
#include <string_view>
#include <type_traits>

namespace qrmark {

// Where the scan came from (which app opened the code's URL).
enum class Channel : uint8_t {
  kUnknown = 0, kWechat = 1, kAlipay = 2, kTaobao = 3, kBrowser = 4, kApp = 5, kOffline = 6,
};
inline constexpr int kChannelCount = 7;

enum class DeviceOs : uint8_t { kUnknown = 0, kIos = 1, kAndroid = 2, kOther = 3 };
inline constexpr int kDeviceOsCount = 4;

// Verdict flags the verifier attached when it answered the scan.
enum ScanFlags : uint8_t {
  kFlagFirstScan = 1u << 0,  // first time this serial was scanned: genuine
  kFlagRepeat = 1u << 1,     // serial seen before
  kFlagInvalid = 1u << 2,    // code failed verification (forged, expired, recalled)
};

// Lower-case names ("wechat", "ios") and their inverse; unknown names → kUnknown.
std::string_view ChannelName(Channel c);
Channel ChannelFromName(std::string_view name);
std::string_view DeviceOsName(DeviceOs d);
DeviceOs DeviceOsFromName(std::string_view name);

struct ScanRecord {
  uint64_t scan_id;       // unique per verifier instance and log
  int64_t ts_unix_ms;     // when the scan was answered, UTC milliseconds
  uint64_t user_key;      // pseudonymous: keyed hash of the app's user id
  uint64_t serial;        // the unit's serial within its batch
  int64_t amount_cents;   // purchase amount attached to the scan; 0 if none
  uint32_t product_id;    // catalog product id
  uint32_t batch_id;      // production batch
  uint16_t region;        // region code (see src/base/regions.h or a dictionary)
  Channel channel;
  DeviceOs device_os;
  uint8_t flags;          // ScanFlags
  uint8_t reserved[3];    // zero
};
static_assert(sizeof(ScanRecord) == 56 && std::is_trivially_copyable_v<ScanRecord>);

// One scan as the job keeps it, owned by the rank that owns `user_key`.
struct UserScan {
  uint64_t user_key;
  int64_t ts_unix_s;      // UTC seconds
  int64_t amount_cents;
  uint32_t product_id;    // dense id into the job's product dictionary
  uint16_t region;        // dense id into the job's region dictionary
  Channel channel;
  DeviceOs device_os;
};
static_assert(sizeof(UserScan) == 32 && std::is_trivially_copyable_v<UserScan>);

// One scan of a serialised unit, for the suspicious-serial signal.
struct SerialScan {
  uint64_t serial;
  uint32_t batch_id;
  uint16_t region;
  uint8_t flags;
  uint8_t reserved;
};
static_assert(sizeof(SerialScan) == 16 && std::is_trivially_copyable_v<SerialScan>);

}  // namespace qrmark

#endif  // QRMARK_SRC_BASE_SCAN_RECORD_H_
