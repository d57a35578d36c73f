#include "search/executor/executor.h"

namespace shiftadd::search {

ExecutorRegistry executor_registry() {
  ExecutorRegistry r;
  register_serial_executor(r);
  register_thread_executor(r);
  return r;
}

}  // namespace shiftadd::search
