// The QRMARK_PORTABLE_KERNELS switch.
#include "src/base/vector_kernels.h"

#include <cstdlib>
#include <string_view>

namespace qrmark {

bool VectorKernelsAllowed() {
  static const bool allowed = [] {
    const char* portable = std::getenv("QRMARK_PORTABLE_KERNELS");
    return portable == nullptr || std::string_view(portable).empty() || std::string_view(portable) == "0";
  }();
  return allowed;
}

}  // namespace qrmark
