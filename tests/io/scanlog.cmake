# io/scanlog: segment format, reader corruption reports, rank ranges, recovery.
qrmark_test(NAME scanlog_segment_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/scanlog_segment_test.cc
            LIBS qrmark_scanlog)
