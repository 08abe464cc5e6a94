# Finds HDF5 and stops configuring unless it is the parallel (MPI) build.
# Debian ships serial and parallel HDF5 side by side and FindHDF5 picks the
# serial one unless told to prefer the parallel wrapper (h5pcc).
set(HDF5_PREFER_PARALLEL ON)
find_package(HDF5 REQUIRED COMPONENTS C)
if(NOT HDF5_IS_PARALLEL)
  message(FATAL_ERROR
    "qrmark needs parallel HDF5 but found a serial build (${HDF5_INCLUDE_DIRS}).\n"
    "Install libhdf5-openmpi-dev (bash .ci/install-deps.sh does) and configure a fresh "
    "build directory, or pass -DHDF5_C_COMPILER_EXECUTABLE=/usr/bin/h5pcc.")
endif()
message(STATUS "Parallel HDF5 ${HDF5_VERSION}: ${HDF5_INCLUDE_DIRS}")
