# io/csv: RFC 4180 reading, the quoting scanner, byte-range splits, field parsing, column mapping.
qrmark_test(NAME csv_reader_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/csv_reader_test.cc LIBS qrmark_csv)
qrmark_test(NAME csv_column_map_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/csv_column_map_test.cc
            LIBS qrmark_csv)
qrmark_test(NAME csv_quote_state_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/csv_quote_state_test.cc
            LIBS qrmark_csv)
