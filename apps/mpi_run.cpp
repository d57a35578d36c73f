// The only file that speaks MPI (see mpi_run.h). Messages are JSON text (MPI_CHAR): candidates carry
// their genome and precost, answers their metrics; nlohmann::json writes doubles in shortest
// round-trip form, so a metric crosses a message bit for bit.
#include "apps/mpi_run.h"

#include <mpi.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace shiftadd::cli {
namespace {

enum Tag { kGo = 1, kStop = 2, kWork = 3, kResult = 4, kFailed = 5 };

void send(const std::string& text, int dest, int tag) {
  MPI_Send(text.data(), int(text.size()), MPI_CHAR, dest, tag, MPI_COMM_WORLD);
}

std::string recv(int source, int* tag, int* from) {
  MPI_Status st;
  MPI_Probe(source, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
  int n = 0;
  MPI_Get_count(&st, MPI_CHAR, &n);
  std::string text(size_t(n), '\0');
  MPI_Recv(text.data(), n, MPI_CHAR, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  *tag = st.MPI_TAG;
  if (from) *from = st.MPI_SOURCE;
  return text;
}

nlohmann::json cost_json(const search::CostMetrics& c) {
  return {c.cycles, c.params, c.latency_ms, c.energy_uj, c.area_mm2};
}
search::CostMetrics cost_from(const nlohmann::json& j) {
  search::CostMetrics c;
  c.cycles = j.at(0);
  c.params = j.at(1);
  c.latency_ms = j.at(2);
  c.energy_uj = j.at(3);
  c.area_mm2 = j.at(4);
  return c;
}

class MpiExecutor : public search::Executor {
 public:
  explicit MpiExecutor(int size) : size_(size) {}
  int workers() const override { return 1; }
  void map(int64_t, const std::function<void(int, int64_t)>&) const override {
    throw InputError("MPI executor: only scoring is distributed");
  }

  std::vector<search::Metrics> score(search::Problem&, const std::vector<search::Genome>& genomes,
                                     const std::vector<search::CostMetrics>& pre) const override {
    const int64_t n = int64_t(genomes.size()), workers = size_ - 1;
    const int64_t chunk = std::clamp<int64_t>((n + 4 * workers - 1) / (4 * workers), 1, 64);
    std::vector<search::Metrics> out(genomes.size());
    int64_t next = 0, busy = 0;
    auto hand_out = [&](int dest) {
      nlohmann::json msg = nlohmann::json::array();
      for (int64_t i = next; i < std::min(n, next + chunk); ++i) msg.push_back({i, genomes[size_t(i)], cost_json(pre[size_t(i)])});
      next = std::min(n, next + chunk);
      send(msg.dump(), dest, kWork);
      ++busy;
    };
    for (int w = 1; w <= workers && next < n; ++w) hand_out(w);
    while (busy > 0) {
      int tag = 0, from = 0;
      const std::string text = recv(MPI_ANY_SOURCE, &tag, &from);
      --busy;
      if (tag == kFailed) throw InputError(fmt::format("MPI rank {}: {}", from, text));
      for (const auto& r : nlohmann::json::parse(text)) {
        search::Metrics& m = out.at(size_t(r.at(0).get<int64_t>()));
        m.metric = r.at(1);
        m.accuracy = r.at(2);
        m.cost = cost_from(r.at(3));
        m.invalid = r.at(4);
      }
      if (next < n) hand_out(from);
    }
    return out;
  }

 private:
  int size_;
};

}  // namespace

MpiSession::MpiSession() {
  if (!std::getenv("OMPI_COMM_WORLD_SIZE") && !std::getenv("PMI_SIZE") && !std::getenv("PMIX_RANK")) return;
  MPI_Init(nullptr, nullptr);
  initialised_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() {
  if (!initialised_) return;
  if (rank_ == 0) stop_workers();
  MPI_Finalize();
}

void MpiSession::stop_workers() {
  if (stopped_) return;
  stopped_ = true;
  for (int w = 1; w < size_; ++w) send("", w, kStop);
}

void MpiSession::go() {
  for (int w = 1; w < size_; ++w) send("", w, kGo);
}

bool MpiSession::wait_go() {
  int tag = 0;
  recv(0, &tag, nullptr);
  return tag == kGo;
}

void MpiSession::serve(search::Problem& problem) {
  for (;;) {
    int tag = 0;
    const std::string text = recv(0, &tag, nullptr);
    if (tag == kStop) return;
    try {
      nlohmann::json answer = nlohmann::json::array();
      for (const auto& c : nlohmann::json::parse(text)) {
        const search::Metrics m = problem.score(0, c.at(1).get<search::Genome>(), cost_from(c.at(2)));
        answer.push_back({c.at(0), m.metric, m.accuracy, cost_json(m.cost), m.invalid});
      }
      send(answer.dump(), 0, kResult);
    } catch (const std::exception& e) {  // rank 0 raises it, stops everyone and keeps its checkpoint
      send(e.what(), 0, kFailed);
    }
  }
}

std::unique_ptr<search::Executor> MpiSession::executor() { return std::make_unique<MpiExecutor>(size_); }

}  // namespace shiftadd::cli
