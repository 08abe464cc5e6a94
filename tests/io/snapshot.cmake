# io/snapshot without MPI: the signed manifest, file digests, content
# validation, the inspect summary's sections and the CSV row formatter.
qrmark_test(NAME snapshot_manifest_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/snapshot_manifest_test.cc
            LIBS qrmark_snapshot)
qrmark_test(NAME snapshot_file_digest_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/snapshot_file_digest_test.cc
            LIBS qrmark_snapshot)
qrmark_test(NAME snapshot_validate_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/snapshot_validate_test.cc
            LIBS qrmark_snapshot)
qrmark_test(NAME snapshot_summary_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/snapshot_summary_test.cc
            LIBS qrmark_snapshot)
qrmark_test(NAME snapshot_csv_rows_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/snapshot_csv_rows_test.cc
            LIBS qrmark_snapshot)
