# io/snapshot under mpirun: the collective HDF5 writer, CSV export and publish.
qrmark_mpi_test(NAME h5_writer_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/h5_writer_test.cc
                LIBS qrmark_snapshot)
qrmark_mpi_test(NAME h5_csv_export_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/h5_csv_export_test.cc
                LIBS qrmark_snapshot)
qrmark_mpi_test(NAME h5_publish_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/h5_publish_test.cc
                LIBS qrmark_snapshot)
# The admin commands keygen, verify-snapshot and inspect, run as a program.
if(TARGET qrmark)
  qrmark_mpi_test(NAME h5_admin_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/h5_admin_test.cc
                  LIBS qrmark_snapshot MPI_RANKS 1 2)
  target_compile_definitions(h5_admin_test PRIVATE QRMARK_BIN="$<TARGET_FILE:qrmark>")
  add_dependencies(h5_admin_test qrmark)
endif()
