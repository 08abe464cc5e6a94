// H5Error: walks HDF5's error stack into one message.
#include "io/snapshot/h5_util.h"

namespace qrmark::snapshot::h5 {
namespace {

herr_t AppendFrame(unsigned n, const H5E_error2_t* err, void* client) {
  auto* message = static_cast<std::string*>(client);
  if (n >= 4) return 0;  // the outer frames say what failed; deeper ones repeat it
  *message += n == 0 ? ": " : " <- ";
  *message += err->desc != nullptr ? err->desc : "?";
  if (err->func_name != nullptr) *message += std::string(" (") + err->func_name + ")";
  return 0;
}

}  // namespace

void DisableAutoPrint() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

Status H5Error(std::string_view what, std::string_view path) {
  std::string message = "hdf5: " + std::string(what) + " " + std::string(path);
  std::string stack;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, AppendFrame, &stack);
  H5Eclear2(H5E_DEFAULT);
  return IoError(message + (stack.empty() ? ": failed" : stack));
}

}  // namespace qrmark::snapshot::h5
