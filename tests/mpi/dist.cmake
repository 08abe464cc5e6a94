# src/dist under mpirun: Comm collectives and the bounded shuffle.
qrmark_mpi_test(NAME dist_comm_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/dist_comm_test.cc LIBS qrmark_dist)
qrmark_mpi_test(NAME dist_shuffle_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/dist_shuffle_test.cc LIBS qrmark_dist)
