// GoogleTest main for tests run under mpirun: MPI around RUN_ALL_TESTS,
// started as the programs start it (MpiRuntime: the same Open MPI defaults,
// so the tests run the transports and collective I/O the job runs), and the
// exit code agreed across ranks so one failing rank fails the test.
#include <gtest/gtest.h>
#include <mpi.h>

#include "src/dist/mpi_comm.h"

int main(int argc, char** argv) {
  qrmark::MpiRuntime mpi(&argc, &argv);  // MPI_Finalize at its end
  ::testing::InitGoogleTest(&argc, argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank != 0) {
    // Only rank 0 prints the report; failures on other ranks still count.
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  int failed = RUN_ALL_TESTS() != 0 ? 1 : 0;
  int any_failed = 0;
  MPI_Allreduce(&failed, &any_failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return any_failed;
}
