#pragma once
// Distribution of `dse` and `search` over MPI ranks (mpirun -n N). Rank 0 owns the strategy, the
// checkpoint and every file; ranks 1..N-1 only score candidates on their own copy of the problem.
// The MPI calls and types live in mpi_run.cpp alone (mpi_run_serial.cpp in a build without MPI).
//
// Protocol: rank 0 sends each worker GO once its inputs are checked (or STOP when it fails first);
// then chunks of candidates (index, genome, precost), answered by their metrics, in any order; rank
// 0 places them by candidate index, so the results never depend on the rank count. STOP ends a worker.
#include <memory>
#include <string>

#include "search/executor/executor.h"
#include "search/problem.h"

namespace shiftadd::cli {

class MpiSession {
 public:
  // Initialises MPI only when this process was started by mpirun (else: rank 0 of 1, no MPI at all).
  // InputError when started by mpirun in a build without MPI.
  MpiSession();
  ~MpiSession();  // rank 0 sends STOP to every worker that has not had it; then MPI_Finalize
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool distributed() const { return size_ > 1; }

  // Rank 0: inputs are checked, workers may load what rank 0 has prepared (a cached LUT) and serve.
  void go();
  // Ranks >= 1: blocks until GO (true) or STOP (false: rank 0 failed before starting).
  bool wait_go();
  // Ranks >= 1: scores chunks until STOP. A scoring error is sent to rank 0, which raises it.
  void serve(search::Problem& problem);
  // Rank 0 of a distributed run: the executor that farms scoring out to ranks 1..N-1.
  std::unique_ptr<search::Executor> executor();

 private:
  void stop_workers();
  int rank_ = 0, size_ = 1;
  bool initialised_ = false, stopped_ = false;
};

}  // namespace shiftadd::cli
