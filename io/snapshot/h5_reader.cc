// The serial reader: walks groups and datasets in creation order and maps
// HDF5 types back onto SnapshotContent's column and attribute types.
#include "io/snapshot/h5_reader.h"

#include <set>
#include <type_traits>

#include "io/snapshot/h5_util.h"

namespace qrmark::snapshot {
namespace {

using h5::H5Error;
using h5::Handle;

static_assert(std::is_same_v<hid_t, int64_t>, "H5Reader stores an hid_t as int64_t");

struct Link {
  std::string name;
  H5I_type_t type;
};

herr_t CollectLink(hid_t loc, const char* name, const H5L_info_t*, void* client) {
  Handle obj(H5Oopen(loc, name, H5P_DEFAULT), H5Oclose);
  static_cast<std::vector<Link>*>(client)->push_back({name, H5Iget_type(obj.get())});
  return 0;
}

Result<std::vector<Link>> ListLinks(hid_t file, const std::string& group, const std::string& path) {
  Handle g(H5Gopen2(file, group.c_str(), H5P_DEFAULT), H5Gclose);
  if (!g.valid()) return NotFound("no table '" + group + "' in " + path);
  std::vector<Link> links;
  hsize_t idx = 0;
  if (H5Literate(g.get(), H5_INDEX_CRT_ORDER, H5_ITER_INC, &idx, CollectLink, &links) < 0) {
    links.clear();  // files not written by us may lack the creation-order index
    idx = 0;
    H5Eclear2(H5E_DEFAULT);
    if (H5Literate(g.get(), H5_INDEX_NAME, H5_ITER_INC, &idx, CollectLink, &links) < 0) {
      return H5Error("list group '" + group + "' in", path);
    }
  }
  return links;
}

std::vector<std::string> SplitFixedStrings(const std::vector<char>& buf, size_t width) {
  std::vector<std::string> out;
  for (size_t at = 0; at + width <= buf.size(); at += width) {
    std::string s(&buf[at], width);
    s.erase(s.find_last_not_of('\0') + 1);
    out.push_back(std::move(s));
  }
  return out;
}

Result<AttributeValue> ReadAttribute(hid_t obj, const std::string& name, const std::string& path) {
  Handle attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose);
  Handle type(H5Aget_type(attr.get()), H5Tclose);
  Handle space(H5Aget_space(attr.get()), H5Sclose);
  if (!attr.valid() || !type.valid() || !space.valid())
    return H5Error("open attribute '" + name + "' in", path);
  bool scalar = H5Sget_simple_extent_type(space.get()) == H5S_SCALAR;
  size_t n = static_cast<size_t>(std::max<hssize_t>(0, H5Sget_simple_extent_npoints(space.get())));
  if (H5Sget_simple_extent_type(space.get()) == H5S_NULL) n = 0;
  H5T_class_t cls = H5Tget_class(type.get());
  herr_t rc = 0;
  if (cls == H5T_STRING && H5Tis_variable_str(type.get()) <= 0) {
    size_t width = H5Tget_size(type.get());
    std::vector<char> buf(width * n);
    if (n > 0) rc = H5Aread(attr.get(), type.get(), buf.data());
    std::vector<std::string> words = SplitFixedStrings(buf, width);
    if (rc >= 0) return scalar ? AttributeValue(words.at(0)) : AttributeValue(words);
  } else if (cls == H5T_INTEGER) {
    std::vector<int64_t> v(n);
    if (n > 0) rc = H5Aread(attr.get(), H5T_NATIVE_INT64, v.data());
    if (rc >= 0) return scalar ? AttributeValue(v.at(0)) : AttributeValue(v);
  } else if (cls == H5T_FLOAT) {
    std::vector<double> v(n);
    if (n > 0) rc = H5Aread(attr.get(), H5T_NATIVE_DOUBLE, v.data());
    if (rc >= 0) return scalar ? AttributeValue(v.at(0)) : AttributeValue(v);
  } else {
    return Corruption("attribute '" + name + "' in " + path + " has a type qrmark does not write");
  }
  return H5Error("read attribute '" + name + "' in", path);
}

herr_t CollectAttributeName(hid_t, const char* name, const H5A_info_t*, void* client) {
  static_cast<std::vector<std::string>*>(client)->push_back(name);
  return 0;
}

// The empty ColumnData alternative a dataset's values are read into, or
// none: integers widened to 64 bits (the writer stores each integer column in
// the narrowest type its values need, so the stored width says nothing of
// the column's), floating point as stored.
Result<ColumnData> EmptyDataFor(hid_t type, const std::string& where) {
  H5T_class_t cls = H5Tget_class(type);
  size_t size = H5Tget_size(type);
  if (cls == H5T_INTEGER && size <= 8) {
    return H5Tget_sign(type) == H5T_SGN_2 ? ColumnData(std::vector<int64_t>{}) : ColumnData(std::vector<uint64_t>{});
  }
  if (cls == H5T_FLOAT && size == 8) return ColumnData(std::vector<double>{});
  if (cls == H5T_FLOAT && size == 4) return ColumnData(std::vector<float>{});
  return Corruption(where + " has a type qrmark does not write");
}

// The name of a dataset's stored type, as numpy spells it ("int8", "uint64",
// "float32").
std::string StoredTypeName(hid_t type) {
  const std::string bits = std::to_string(8 * H5Tget_size(type));
  if (H5Tget_class(type) == H5T_FLOAT) return "float" + bits;
  return (H5Tget_sign(type) == H5T_SGN_2 ? "int" : "uint") + bits;
}

Result<std::vector<std::string>> ReadDictionary(hid_t file, const std::string& name,
                                                const std::string& path) {
  Handle dset(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose);
  Handle type(H5Dget_type(dset.get()), H5Tclose);
  Handle space(H5Dget_space(dset.get()), H5Sclose);
  if (!dset.valid() || H5Tget_class(type.get()) != H5T_STRING ||
      H5Tis_variable_str(type.get()) > 0) {
    return Corruption("dictionary " + name + " in " + path +
                      " is missing or not fixed-length strings");
  }
  size_t width = H5Tget_size(type.get());
  std::vector<char> buf(width * static_cast<size_t>(H5Sget_simple_extent_npoints(space.get())));
  if (!buf.empty() &&
      H5Dread(dset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0) {
    return H5Error("read dictionary " + name + " in", path);
  }
  return SplitFixedStrings(buf, width);
}

}  // namespace

Result<H5Reader> H5Reader::Open(const std::string& path) {
  h5::DisableAutoPrint();
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) return H5Error("open", path);
  return H5Reader(file, path);
}

H5Reader::~H5Reader() {
  if (file_ >= 0) H5Fclose(file_);
}

H5Reader::H5Reader(H5Reader&& other) noexcept
    : file_(std::exchange(other.file_, -1)), path_(std::move(other.path_)) {}

H5Reader& H5Reader::operator=(H5Reader&& other) noexcept {
  if (this != &other) {
    if (file_ >= 0) H5Fclose(file_);
    file_ = std::exchange(other.file_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

Result<std::vector<std::string>> H5Reader::Tables() const {
  QRMARK_ASSIGN_OR_RETURN(std::vector<Link> links, ListLinks(file_, "/", path_));
  std::vector<std::string> names;
  for (const Link& link : links) {
    if (link.type == H5I_GROUP) names.push_back(link.name);
  }
  return names;
}

Result<std::vector<std::string>> H5Reader::Columns(const std::string& table) const {
  QRMARK_ASSIGN_OR_RETURN(std::vector<Link> links, ListLinks(file_, table, path_));
  std::set<std::string> dictionaries;
  std::vector<std::string> names;
  for (const Link& link : links) {
    if (link.type != H5I_DATASET) continue;
    names.push_back(link.name);
    Handle dset(H5Dopen2(file_, (table + "/" + link.name).c_str(), H5P_DEFAULT), H5Dclose);
    if (H5Aexists(dset.get(), "dictionary") <= 0) continue;
    QRMARK_ASSIGN_OR_RETURN(AttributeValue dict, ReadAttribute(dset.get(), "dictionary", path_));
    if (const auto* s = std::get_if<std::string>(&dict)) dictionaries.insert(*s);
  }
  std::erase_if(names, [&](const std::string& n) { return dictionaries.count(n) > 0; });
  return names;
}

Result<std::map<std::string, AttributeValue>> H5Reader::Attributes(
    const std::string& object) const {
  Handle obj(H5Oopen(file_, object.c_str(), H5P_DEFAULT), H5Oclose);
  if (!obj.valid()) return NotFound("no object '" + object + "' in " + path_);
  std::vector<std::string> names;
  hsize_t idx = 0;
  if (H5Aiterate2(obj.get(), H5_INDEX_NAME, H5_ITER_INC, &idx, CollectAttributeName, &names) < 0) {
    return H5Error("list attributes of '" + object + "' in", path_);
  }
  std::map<std::string, AttributeValue> attributes;
  for (const std::string& name : names) {
    QRMARK_ASSIGN_OR_RETURN(attributes[name], ReadAttribute(obj.get(), name, path_));
  }
  return attributes;
}

Result<Column> H5Reader::ReadColumn(const std::string& table, const std::string& column) const {
  std::string name = table + "/" + column;
  Handle dset(H5Dopen2(file_, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dset.valid()) return NotFound("no column '" + name + "' in " + path_);
  Handle type(H5Dget_type(dset.get()), H5Tclose);
  Handle space(H5Dget_space(dset.get()), H5Sclose);
  hsize_t dims[2] = {0, 1};
  int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 1 || rank > 2) return Corruption(name + " in " + path_ + " is not 1-D or 2-D");
  H5Sget_simple_extent_dims(space.get(), dims, nullptr);
  Column out;
  out.name = column;
  out.width = rank == 2 ? dims[1] : 1;
  QRMARK_ASSIGN_OR_RETURN(out.data, EmptyDataFor(type.get(), name + " in " + path_));
  herr_t rc = std::visit(
      [&](auto& v) {
        using T = typename std::decay_t<decltype(v)>::value_type;
        v.resize(dims[0] * out.width);
        if (v.empty()) return herr_t{0};
        return H5Dread(dset.get(), h5::NativeType<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
      },
      out.data);
  if (rc < 0) return H5Error("read " + name + " in", path_);
  QRMARK_ASSIGN_OR_RETURN(auto attributes, Attributes(name));
  if (auto* d = std::get_if<std::string>(&attributes["description"])) out.description = *d;
  if (auto it = attributes.find("in_csv"); it != attributes.end()) {
    if (const auto* in_csv = std::get_if<int64_t>(&it->second)) out.export_csv = *in_csv != 0;
  }
  if (auto it = attributes.find("dictionary"); it != attributes.end()) {
    if (const auto* dict = std::get_if<std::string>(&it->second)) {
      QRMARK_ASSIGN_OR_RETURN(out.dictionary, ReadDictionary(file_, table + "/" + *dict, path_));
    }
  }
  return out;
}

Result<H5Reader::Shape> H5Reader::ColumnShape(const std::string& table,
                                              const std::string& column) const {
  std::string name = table + "/" + column;
  Handle dset(H5Dopen2(file_, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dset.valid()) return NotFound("no column '" + name + "' in " + path_);
  Handle type(H5Dget_type(dset.get()), H5Tclose);
  Handle space(H5Dget_space(dset.get()), H5Sclose);
  QRMARK_RETURN_IF_ERROR(EmptyDataFor(type.get(), name + " in " + path_).status());
  hsize_t dims[2] = {0, 1};
  int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 1 || rank > 2) return Corruption(name + " in " + path_ + " is not 1-D or 2-D");
  H5Sget_simple_extent_dims(space.get(), dims, nullptr);
  return Shape{StoredTypeName(type.get()), dims[0], rank == 2 ? static_cast<size_t>(dims[1]) : 1};
}

Result<Table> H5Reader::ReadTable(const std::string& table) const {
  QRMARK_ASSIGN_OR_RETURN(std::vector<std::string> names, Columns(table));
  QRMARK_ASSIGN_OR_RETURN(auto attributes, Attributes(table));
  Table out;
  out.name = table;
  if (const auto* d = std::get_if<int64_t>(&attributes["distributed"])) out.distributed = *d != 0;
  for (const std::string& name : names) {
    QRMARK_ASSIGN_OR_RETURN(Column column, ReadColumn(table, name));
    out.columns.push_back(std::move(column));
  }
  return out;
}

}  // namespace qrmark::snapshot
