# io/catalog: catalog CSV round trip and bad rows.
qrmark_test(NAME catalog_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/catalog_test.cc LIBS qrmark_catalog)
