#include "search/executor/executor.h"

namespace shiftadd::search {
namespace {

class SerialExecutor : public Executor {
 public:
  int workers() const override { return 1; }
  void map(int64_t n, const std::function<void(int, int64_t)>& f) const override {
    for (int64_t i = 0; i < n; ++i) f(0, i);
  }
};

}  // namespace

void register_serial_executor(ExecutorRegistry& r) {
  r.add("serial", [](const ExecutorSpec&) { return std::make_unique<SerialExecutor>(); });
}

}  // namespace shiftadd::search
