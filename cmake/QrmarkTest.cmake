# qrmark_test(NAME <name> SOURCES <files...> LIBS <targets...>
#             [MPI_RANKS <n...>] [LABELS <labels...>] [TIMEOUT <s>])
#
# One GoogleTest executable per call. Without MPI_RANKS the test runs once as
# a plain process. With MPI_RANKS it runs once per rank count under mpirun
# (as root, with --oversubscribe), named <name>_np<n>. Label defaults to unit.
set(QRMARK_MPI_ENV OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none)

function(qrmark_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;MPI_RANKS;LABELS" ${ARGN})
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main)
  if(NOT T_MPI_RANKS)
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT}
                         ENVIRONMENT "${QRMARK_MPI_ENV}")
    return()
  endif()
  foreach(n IN LISTS T_MPI_RANKS)
    add_test(NAME ${T_NAME}_np${n}
             COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${n} --oversubscribe
                     $<TARGET_FILE:${T_NAME}>)
    set_tests_properties(${T_NAME}_np${n} PROPERTIES LABELS "${T_LABELS};mpi" TIMEOUT ${T_TIMEOUT}
                         ENVIRONMENT "${QRMARK_MPI_ENV}" PROCESSORS ${n})
  endforeach()
endfunction()
