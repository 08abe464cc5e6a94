# io/snapshot without MPI: the signed manifest and content validation.
qrmark_test(NAME snapshot_manifest_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/snapshot_manifest_test.cc
            LIBS qrmark_snapshot)
qrmark_test(NAME snapshot_validate_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/snapshot_validate_test.cc
            LIBS qrmark_snapshot)
