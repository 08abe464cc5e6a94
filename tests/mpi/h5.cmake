# io/snapshot under mpirun: the collective HDF5 writer, CSV export and publish.
qrmark_mpi_test(NAME h5_writer_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/h5_writer_test.cc
                LIBS qrmark_snapshot)
qrmark_mpi_test(NAME h5_csv_export_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/h5_csv_export_test.cc
                LIBS qrmark_snapshot)
qrmark_mpi_test(NAME h5_publish_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/h5_publish_test.cc
                LIBS qrmark_snapshot)
