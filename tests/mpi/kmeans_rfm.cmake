# src/rfm and src/kmeans under mpirun: identical scores, segments, assignments,
# centers and inertia at 1, 2 and 3 ranks and at 1 and 2 OpenMP threads.
qrmark_mpi_test(NAME kmeans_rfm_rank_invariance_test
                SOURCES ${CMAKE_CURRENT_LIST_DIR}/kmeans_rfm_rank_invariance_test.cc
                LIBS qrmark_rfm qrmark_kmeans OpenMP::OpenMP_CXX)
# The aggregate tables (incl. the suspicious-serial shuffle) at 1, 2 and 3 ranks.
qrmark_mpi_test(NAME rfm_aggregates_rank_invariance_test
                SOURCES ${CMAKE_CURRENT_LIST_DIR}/rfm_aggregates_rank_invariance_test.cc
                LIBS qrmark_aggregates)
