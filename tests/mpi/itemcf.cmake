# src/itemcf under mpirun: the same tables on 1, 2 and 3 ranks and 1 vs 2 threads.
qrmark_mpi_test(NAME itemcf_rank_invariance_test
                SOURCES ${CMAKE_CURRENT_LIST_DIR}/itemcf_rank_invariance_test.cc
                LIBS qrmark_itemcf OpenMP::OpenMP_CXX)
