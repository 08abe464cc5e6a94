// Whether qrmark's hand-dispatched vector kernels may run: those that check
// the CPU at run time and take AVX2, AVX-512 or SSE 4.2 code where it has the
// instructions (the CSV line split and digit conversion, the CRC-32C, the
// Lloyd step's moved-point scan). QRMARK_PORTABLE_KERNELS=1 in the
// environment turns them all off, so that the portable code runs end to end
// on a CPU that has the instructions (tests compare the two). The compiler's
// target clones (src/kmeans/vector_clones.h) are picked at load time and are
// not affected: all their variants give the same bits by construction.
#ifndef QRMARK_SRC_BASE_VECTOR_KERNELS_H_
#define QRMARK_SRC_BASE_VECTOR_KERNELS_H_

namespace qrmark {

// False when QRMARK_PORTABLE_KERNELS is set to anything but "0" or "";
// read once. Thread-safe.
bool VectorKernelsAllowed();

}  // namespace qrmark

#endif  // QRMARK_SRC_BASE_VECTOR_KERNELS_H_
