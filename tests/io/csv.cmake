# io/csv: RFC 4180 reading, byte-range splits, field parsing, column mapping.
qrmark_test(NAME csv_reader_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/csv_reader_test.cc LIBS qrmark_csv)
qrmark_test(NAME csv_column_map_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/csv_column_map_test.cc
            LIBS qrmark_csv)
