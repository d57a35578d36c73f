// Plain std::threads pulling indices from a counter. Not TBB tasks: a TBB worker that waits inside a
// nested parallel loop may pick up another outer task, and two evaluations would then share one
// worker's supernet copy. The first exception is rethrown after every thread has joined.
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "search/executor/executor.h"

namespace shiftadd::search {
namespace {

class ThreadExecutor : public Executor {
 public:
  explicit ThreadExecutor(int threads) : threads_(threads) {}
  int workers() const override { return threads_; }
  void map(int64_t n, const std::function<void(int, int64_t)>& f) const override {
    std::atomic<int64_t> next{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto work = [&](int w) {
      for (int64_t i; (i = next.fetch_add(1)) < n;) {
        try {
          f(w, i);
        } catch (...) {
          const std::lock_guard<std::mutex> lock(error_mutex);
          if (!error) error = std::current_exception();
          next = n;
        }
      }
    };
    std::vector<std::thread> pool;
    for (int w = 1; w < threads_; ++w) pool.emplace_back(work, w);
    work(0);
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
  }

 private:
  int threads_;
};

}  // namespace

void register_thread_executor(ExecutorRegistry& r) {
  r.add("threads", [](const ExecutorSpec& s) { return std::make_unique<ThreadExecutor>(s.threads); });
}

}  // namespace shiftadd::search
