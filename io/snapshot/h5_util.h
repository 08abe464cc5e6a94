// Internal to io/snapshot: HDF5 handles, H5Error and the type mapping shared
// by the collective writer (h5_writer.cc) and the serial reader (h5_reader.cc).
//
// The only header that includes <hdf5.h>; include it from those two .cc files
// only, never from a public header. Not thread-safe (Debian's HDF5 is built
// without thread safety): one thread per process uses HDF5 at a time.
#ifndef QRMARK_IO_SNAPSHOT_H5_UTIL_H_
#define QRMARK_IO_SNAPSHOT_H5_UTIL_H_

#include <hdf5.h>

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "src/base/status.h"

namespace qrmark::snapshot::h5 {

// An IoError "hdf5: <what> <path>: <error stack, outermost first>"; clears
// HDF5's error stack. Call DisableAutoPrint first so nothing goes to stderr.
Status H5Error(std::string_view what, std::string_view path);

// Stops HDF5 from printing its error stack to stderr (we report it instead).
void DisableAutoPrint();

// Owns an hid_t and closes it with the matching H5?close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer close) : id_(id), close_(close) {}
  ~Handle() { Reset(); }
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      Reset();
      id_ = std::exchange(other.id_, -1);
      close_ = other.close_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  // Closes now; non-OK if the close failed (it can flush data).
  herr_t Close() {
    herr_t rc = id_ >= 0 ? close_(id_) : 0;
    id_ = -1;
    return rc;
  }

 private:
  void Reset() {
    if (id_ >= 0) close_(id_);
    id_ = -1;
  }
  hid_t id_ = -1;
  Closer close_ = nullptr;
};

// HDF5's native type for the element type T of a column, or of the narrower
// integer type the writer stores it as.
template <typename T>
hid_t NativeType() {
  if constexpr (std::is_same_v<T, double>) {
    return H5T_NATIVE_DOUBLE;
  } else if constexpr (std::is_same_v<T, float>) {
    return H5T_NATIVE_FLOAT;
  } else if constexpr (std::is_same_v<T, int64_t>) {
    return H5T_NATIVE_INT64;
  } else if constexpr (std::is_same_v<T, int32_t>) {
    return H5T_NATIVE_INT32;
  } else if constexpr (std::is_same_v<T, int16_t>) {
    return H5T_NATIVE_INT16;
  } else if constexpr (std::is_same_v<T, int8_t>) {
    return H5T_NATIVE_INT8;
  } else if constexpr (std::is_same_v<T, uint64_t>) {
    return H5T_NATIVE_UINT64;
  } else if constexpr (std::is_same_v<T, uint32_t>) {
    return H5T_NATIVE_UINT32;
  } else if constexpr (std::is_same_v<T, uint16_t>) {
    return H5T_NATIVE_UINT16;
  } else {
    static_assert(std::is_same_v<T, uint8_t>, "no HDF5 native type for this element type");
    return H5T_NATIVE_UINT8;
  }
}

// A fixed-length, null-padded UTF-8 string type of `size` bytes (≥ 1).
inline Handle FixedStringType(size_t size) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), size == 0 ? 1 : size);
  H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  return type;
}

}  // namespace qrmark::snapshot::h5

#endif  // QRMARK_IO_SNAPSHOT_H5_UTIL_H_
