# src/ingest under mpirun: rank-count invariance of Ingest.
qrmark_mpi_test(NAME ingest_mpi_test SOURCES ${PROJECT_SOURCE_DIR}/tests/ingest/ingest_mpi_test.cc
                LIBS qrmark_ingest)
target_compile_definitions(ingest_mpi_test PRIVATE
  QRMARK_ONLINE_RETAIL_GZ="${PROJECT_SOURCE_DIR}/../shared/data/online-retail/online_retail.csv.gz")
# CSV records over several lines, with every range start inside a quoted field.
qrmark_mpi_test(NAME ingest_csv_quotes_mpi_test
                SOURCES ${PROJECT_SOURCE_DIR}/tests/ingest/ingest_csv_quotes_mpi_test.cc LIBS qrmark_ingest qrmark_crypto)
# The serial-unit filter's counters summed over the ranks.
qrmark_mpi_test(NAME ingest_unit_filter_mpi_test
                SOURCES ${PROJECT_SOURCE_DIR}/tests/ingest/unit_filter_mpi_test.cc LIBS qrmark_ingest)
