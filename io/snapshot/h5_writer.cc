// The parallel HDF5 writer: MPI-IO file, hyperslab per rank, integers in
// their narrowest type, independent transfers unless a filter needs
// collective ones, fill time never.
#include "io/snapshot/h5_writer.h"

#include <algorithm>
#include <limits>
#include <type_traits>
#include <vector>

#include "io/snapshot/h5_util.h"
#include "io/snapshot/validate.h"
#include "src/dist/mpi_comm.h"

namespace qrmark::snapshot {
namespace {

using h5::H5Error;
using h5::Handle;

constexpr size_t kChunkBytes = 256 << 10;

// Where this rank's rows go in a dataset of `total` rows.
struct Slice {
  hsize_t offset = 0;
  hsize_t rows = 0;
  hsize_t total = 0;
};

struct Writer {
  Comm& comm;
  const std::string& path;
  const H5WriteOptions& options;
  hid_t collective;   // transfer property lists
  hid_t independent;
  bool is_root;
};

Status WriteStringAttribute(hid_t obj, const std::string& name, const std::vector<std::string>& v,
                            bool scalar, const std::string& path) {
  size_t width = 1;
  for (const std::string& s : v) width = std::max(width, s.size());
  std::vector<char> buf(width * v.size(), '\0');
  for (size_t i = 0; i < v.size(); ++i) std::copy(v[i].begin(), v[i].end(), &buf[i * width]);
  Handle type = h5::FixedStringType(width);
  hsize_t n = v.size();
  Handle space(scalar ? H5Screate(H5S_SCALAR)
                      : (n == 0 ? H5Screate(H5S_NULL) : H5Screate_simple(1, &n, nullptr)),
               H5Sclose);
  Handle attr(H5Acreate2(obj, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose);
  if (!attr.valid() || (n > 0 && H5Awrite(attr.get(), type.get(), buf.data()) < 0)) {
    return H5Error("write attribute '" + name + "' in", path);
  }
  return Status::Ok();
}

template <typename T>
Status WriteNumberAttribute(hid_t obj, const std::string& name, const std::vector<T>& v,
                            bool scalar, const std::string& path) {
  hsize_t n = v.size();
  Handle space(scalar ? H5Screate(H5S_SCALAR)
                      : (n == 0 ? H5Screate(H5S_NULL) : H5Screate_simple(1, &n, nullptr)),
               H5Sclose);
  hid_t type = h5::NativeType<T>();
  Handle attr(H5Acreate2(obj, name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!attr.valid() || (n > 0 && H5Awrite(attr.get(), type, v.data()) < 0)) {
    return H5Error("write attribute '" + name + "' in", path);
  }
  return Status::Ok();
}

Status WriteAttribute(hid_t obj, const std::string& name, const AttributeValue& value,
                      const std::string& path) {
  struct Visitor {
    hid_t obj;
    const std::string& name;
    const std::string& path;
    Status operator()(int64_t v) {
      return WriteNumberAttribute<int64_t>(obj, name, {v}, true, path);
    }
    Status operator()(double v) { return WriteNumberAttribute<double>(obj, name, {v}, true, path); }
    Status operator()(const std::string& v) {
      return WriteStringAttribute(obj, name, {v}, true, path);
    }
    Status operator()(const std::vector<int64_t>& v) {
      return WriteNumberAttribute(obj, name, v, false, path);
    }
    Status operator()(const std::vector<double>& v) {
      return WriteNumberAttribute(obj, name, v, false, path);
    }
    Status operator()(const std::vector<std::string>& v) {
      return WriteStringAttribute(obj, name, v, false, path);
    }
  };
  return std::visit(Visitor{obj, name, path}, value);
}

// Rank 0 writes the whole dictionary; the others take part with no rows.
Status WriteDictionary(const Writer& w, hid_t group, const Column& column) {
  const std::vector<std::string>& words = column.dictionary;
  size_t width = 1;
  for (const std::string& s : words) width = std::max(width, s.size());
  std::vector<char> buf(width * words.size(), '\0');
  for (size_t i = 0; i < words.size(); ++i)
    std::copy(words[i].begin(), words[i].end(), &buf[i * width]);
  Handle type = h5::FixedStringType(width);
  hsize_t n = words.size();
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  std::string name = column.name + "_dict";
  Handle dset(H5Dcreate2(group, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT,
                         H5P_DEFAULT),
              H5Dclose);
  if (!dset.valid()) return H5Error("create dataset '" + name + "' in", w.path);
  hsize_t mine = w.is_root ? n : 0;
  Handle mem(H5Screate_simple(1, &mine, nullptr), H5Sclose);
  if (!w.is_root) H5Sselect_none(space.get());
  char dummy = 0;
  if (n > 0 && H5Dwrite(dset.get(), type.get(), mem.get(), space.get(), w.collective,
                        buf.empty() ? &dummy : buf.data()) < 0) {
    return H5Error("write dataset '" + name + "' in", w.path);
  }
  return Status::Ok();
}

// Chunked (about kChunkBytes a chunk, whole rows). Integers are compressed by
// scale-offset when asked (h5_writer.h); floating point is stored as it is:
// shuffle + deflate level 1 saved 23% of item-CF's per-user scores
// (full-precision mantissas) for three times the HDF5 write time (10 M scans
// with item-CF, 2 ranks: 2.3-2.4 s against 0.8-0.9 s; file 192 MB against
// 234 MB). An unfiltered dataset is allocated when it is created, so that
// the ranks may write their rows independently.
Handle CreateProperties(const Column& column, size_t elem_size, bool filtered, hsize_t total) {
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_NEVER);
  if (total == 0) return dcpl;  // contiguous: an empty dataset has no chunks
  hsize_t width = column.width;
  hsize_t chunk[2] = {std::clamp<hsize_t>(kChunkBytes / (elem_size * width), 1, total), width};
  H5Pset_chunk(dcpl.get(), width > 1 ? 2 : 1, chunk);
  if (filtered) {
    H5Pset_scaleoffset(dcpl.get(), H5Z_SO_INT, H5Z_SO_INT_MINBITS_DEFAULT);
  } else {
    H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY);
  }
  return dcpl;
}

// Bytes (1, 2, 4 or 8) of the narrowest integer type of T's signedness that
// holds every one of `values`.
template <typename T>
int64_t NarrowestBytes(const std::vector<T>& values) {
  if (values.empty()) return 1;
  T lo = values[0], hi = values[0];  // by value, which vectorizes (minmax_element keeps positions)
  for (const T v : values) lo = std::min(lo, v), hi = std::max(hi, v);
  const auto fits = [&](auto narrow) {
    using N = decltype(narrow);
    return std::cmp_greater_equal(lo, std::numeric_limits<N>::min()) &&
           std::cmp_less_equal(hi, std::numeric_limits<N>::max());
  };
  if constexpr (std::is_signed_v<T>) {
    return fits(int8_t{}) ? 1 : fits(int16_t{}) ? 2 : fits(int32_t{}) ? 4 : 8;
  } else {
    return fits(uint8_t{}) ? 1 : fits(uint16_t{}) ? 2 : fits(uint32_t{}) ? 4 : 8;
  }
}

// The unsigned or signed integer type of `Bytes` bytes with T's signedness.
template <typename T, size_t Bytes>
using IntOfSize = std::conditional_t<
    Bytes == 1, std::conditional_t<std::is_signed_v<T>, int8_t, uint8_t>,
    std::conditional_t<Bytes == 2, std::conditional_t<std::is_signed_v<T>, int16_t, uint16_t>,
                       std::conditional_t<Bytes == 4, std::conditional_t<std::is_signed_v<T>, int32_t, uint32_t>,
                                          std::conditional_t<std::is_signed_v<T>, int64_t, uint64_t>>>>;

// Writes `values` (this rank's rows) as a dataset of element type S.
template <typename S, typename T>
Status WriteStored(const Writer& w, hid_t group, const Column& column, const std::vector<T>& values,
                   const Slice& slice) {
  const bool filtered = std::is_integral_v<S> && w.options.integers == IntegerCompression::kScaleOffset;
  const int rank = column.width > 1 ? 2 : 1;
  hsize_t dims[2] = {slice.total, column.width};
  Handle space(H5Screate_simple(rank, dims, nullptr), H5Sclose);
  Handle dcpl = CreateProperties(column, sizeof(S), filtered, slice.total);
  Handle dset(H5Dcreate2(group, column.name.c_str(), h5::NativeType<S>(), space.get(), H5P_DEFAULT,
                         dcpl.get(), H5P_DEFAULT),
              H5Dclose);
  std::string what = "dataset '" + column.name + "' in";
  if (!dset.valid()) return H5Error("create " + what, w.path);
  if (slice.total > 0) {
    hsize_t start[2] = {slice.offset, 0};
    hsize_t count[2] = {slice.rows, column.width};
    Handle mem(H5Screate_simple(rank, count, nullptr), H5Sclose);
    if (slice.rows == 0) {
      H5Sselect_none(space.get());
      H5Sselect_none(mem.get());
    } else {
      H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr);
    }
    // The stored type is the memory type: a filtered parallel write cannot
    // convert, so values of a narrower type are narrowed here.
    std::vector<S> narrowed;
    const S* data;
    if constexpr (std::is_same_v<S, T>) {
      data = values.data();
    } else {
      narrowed.assign(values.begin(), values.end());
      data = narrowed.data();
    }
    S dummy{};
    if (H5Dwrite(dset.get(), h5::NativeType<S>(), mem.get(), space.get(), filtered ? w.collective : w.independent,
                 values.empty() ? &dummy : data) < 0) {
      return H5Error("write " + what, w.path);
    }
  }
  QRMARK_RETURN_IF_ERROR(WriteAttribute(dset.get(), "description", column.description, w.path));
  if (!column.export_csv) QRMARK_RETURN_IF_ERROR(WriteAttribute(dset.get(), "in_csv", int64_t{0}, w.path));
  if (column.dictionary.empty()) return Status::Ok();
  return WriteAttribute(dset.get(), "dictionary", column.name + "_dict", w.path);
}

// An integer column in `stored_bytes` bytes a value (the same on every
// rank), floating point as it is.
template <typename T>
Status WriteValues(const Writer& w, hid_t group, const Column& column, const std::vector<T>& values,
                   const Slice& slice, int64_t stored_bytes) {
  if constexpr (std::is_integral_v<T>) {
    switch (stored_bytes) {
      case 1: return WriteStored<IntOfSize<T, 1>>(w, group, column, values, slice);
      case 2: return WriteStored<IntOfSize<T, 2>>(w, group, column, values, slice);
      case 4: return WriteStored<IntOfSize<T, 4>>(w, group, column, values, slice);
      default: return WriteStored<IntOfSize<T, 8>>(w, group, column, values, slice);
    }
  }
  return WriteStored<T>(w, group, column, values, slice);
}

Status WriteTable(const Writer& w, hid_t file, const Table& table, const Slice& slice) {
  Handle gcpl(H5Pcreate(H5P_GROUP_CREATE), H5Pclose);
  H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  Handle group(H5Gcreate2(file, table.name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
               H5Gclose);
  if (!group.valid()) return H5Error("create group '" + table.name + "' in", w.path);
  QRMARK_RETURN_IF_ERROR(
      WriteAttribute(group.get(), "rows", static_cast<int64_t>(slice.total), w.path));
  QRMARK_RETURN_IF_ERROR(
      WriteAttribute(group.get(), "distributed", int64_t{table.distributed}, w.path));
  // Each column's stored width: the widest any rank's values need.
  std::vector<int64_t> stored_bytes;
  for (const Column& column : table.columns) {
    stored_bytes.push_back(std::visit(
        [](const auto& values) -> int64_t {
          using T = typename std::decay_t<decltype(values)>::value_type;
          if constexpr (std::is_integral_v<T>) return NarrowestBytes(values);
          return sizeof(T);
        },
        column.data));
  }
  w.comm.AllreduceMax(std::span<int64_t>(stored_bytes));
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const Column& column = table.columns[c];
    QRMARK_RETURN_IF_ERROR(std::visit(
        [&](const auto& values) { return WriteValues(w, group.get(), column, values, slice, stored_bytes[c]); },
        column.data));
    if (!column.dictionary.empty()) QRMARK_RETURN_IF_ERROR(WriteDictionary(w, group.get(), column));
  }
  return Status::Ok();
}

// Each table's slice on this rank: one Allgather of every table's row count.
std::vector<Slice> PlanSlices(Comm& comm, const SnapshotContent& content) {
  std::vector<int64_t> mine;
  for (const Table& t : content.tables) mine.push_back(static_cast<int64_t>(t.rows()));
  std::vector<int64_t> all = comm.AllgathervOf<int64_t>(mine);
  std::vector<Slice> slices(content.tables.size());
  for (size_t t = 0; t < slices.size(); ++t) {
    Slice& s = slices[t];
    if (!content.tables[t].distributed) {
      s.total = static_cast<hsize_t>(mine[t]);
      s.rows = comm.rank() == 0 ? s.total : 0;
      continue;
    }
    for (int r = 0; r < comm.size(); ++r) {
      hsize_t n = static_cast<hsize_t>(all[r * slices.size() + t]);
      if (r < comm.rank()) s.offset += n;
      s.total += n;
    }
    s.rows = static_cast<hsize_t>(mine[t]);
  }
  return slices;
}

// "<path> (rank r)": where an HDF5 error happened, for messages.
std::string RankedPath(const Comm& comm, const std::string& path) {
  return path + " (rank " + std::to_string(comm.rank()) + ")";
}

Result<Handle> CreateFile(Comm& comm, const std::string& path) {
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fapl_mpio(fapl.get(), NativeCommOf(comm), MPI_INFO_NULL);
  H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_LATEST);
  // Metadata reads stay independent (the default): a metadata read that only
  // some ranks make, as an independent raw-data write may make, must not be
  // collective (H5Pset_all_coll_metadata_ops). Collective ones measured no
  // faster here (50 M scans: HDF5 step 0.46-0.51 s either way).
  H5Pset_coll_metadata_write(fapl.get(), true);
  Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose);
  H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  Handle file(H5Fcreate(path.c_str(), H5F_ACC_EXCL, fcpl.get(), fapl.get()), H5Fclose);
  if (!file.valid()) return H5Error("create", RankedPath(comm, path));
  return file;
}

// `path` is the file name with the rank, for messages.
Status WriteContents(Comm& comm, hid_t file, const SnapshotContent& content, const std::string& path,
                     const H5WriteOptions& options) {
  Handle collective(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  H5Pset_dxpl_mpio(collective.get(), H5FD_MPIO_COLLECTIVE);
  Handle independent(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  H5Pset_dxpl_mpio(independent.get(), H5FD_MPIO_INDEPENDENT);
  Writer w{comm, path, options, collective.get(), independent.get(), comm.rank() == 0};
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(WriteAttribute(file, "snapshot_id", content.id, path)));
  for (const auto& [name, value] : content.attributes) {
    QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(WriteAttribute(file, name, value, path)));
  }
  std::vector<Slice> slices = PlanSlices(comm, content);
  for (size_t t = 0; t < slices.size(); ++t) {
    QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(WriteTable(w, file, content.tables[t], slices[t])));
  }
  return Status::Ok();
}

}  // namespace

Result<IntegerCompression> IntegerCompressionFromName(std::string_view name) {
  if (name == "none") return IntegerCompression::kNone;
  if (name == "scale-offset") return IntegerCompression::kScaleOffset;
  return InvalidArgument("HDF5 integer compression '" + std::string(name) + "': expected none or scale-offset");
}

Status WriteHdf5Snapshot(Comm& comm, const SnapshotContent& content, const std::string& path,
                         const H5WriteOptions& options) {
  QRMARK_RETURN_IF_ERROR(AgreeOnContent(comm, content));
  if (content.attributes.count("snapshot_id") > 0) {
    return InvalidArgument("attribute 'snapshot_id' is reserved: it is written from content.id");
  }
  h5::DisableAutoPrint();
  Result<Handle> file = CreateFile(comm, path);
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(file.status()));
  const std::string where = RankedPath(comm, path);
  Status status = WriteContents(comm, file->get(), content, where, options);
  if (file->Close() < 0 && status.ok()) status = H5Error("close", where);
  return comm.AgreeOnStatus(status);
}

}  // namespace qrmark::snapshot
