// MpiSession in a build without MPI: always rank 0 of 1; refuses to run under mpirun, where N copies
// would otherwise each run the whole job.
#include <cstdlib>

#include "apps/mpi_run.h"
#include "core/error.h"

namespace shiftadd::cli {

MpiSession::MpiSession() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(v))
      throw InputError(std::string("this shiftadd was built without MPI (") + v +
                       " is set: started by mpirun); rebuild with Open MPI installed, or run it without mpirun");
}
MpiSession::~MpiSession() = default;
void MpiSession::go() {}
bool MpiSession::wait_go() { return true; }
void MpiSession::serve(search::Problem&) {}
std::unique_ptr<search::Executor> MpiSession::executor() { throw InputError("MPI executor: built without MPI"); }
void MpiSession::stop_workers() {}

}  // namespace shiftadd::cli
