// QRMARK_VECTOR_CLONES: marks a k-means kernel to be compiled also for
// AVX-512 and AVX2 on x86-64, the best clone the CPU has picked at load time
// (8 or 4 doubles per vector instead of 2). All clones are the same IEEE
// operations in the same order, never contracted into fused multiply-adds
// (-ffp-contract=off, src/kmeans/CMakeLists.txt), so they give the same bits.
#ifndef QRMARK_SRC_KMEANS_VECTOR_CLONES_H_
#define QRMARK_SRC_KMEANS_VECTOR_CLONES_H_

#if defined(__x86_64__)
#define QRMARK_VECTOR_CLONES [[gnu::target_clones("arch=x86-64-v4", "avx2", "default")]]
#else
#define QRMARK_VECTOR_CLONES
#endif

#endif  // QRMARK_SRC_KMEANS_VECTOR_CLONES_H_
