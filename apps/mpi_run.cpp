// The only file that speaks MPI (see mpi_run.h). Messages are byte buffers (MPI_CHAR): candidates
// carry their index, genome and precost, answers their index and metrics.
#include "apps/mpi_run.h"

#include <mpi.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

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

// Messages are flat byte buffers: fixed-size fields copied bit for bit, strings length-prefixed, so a
// metric crosses a message exactly and (de)serialising costs a copy, not a text conversion.
class Packer {
 public:
  template <class T>
  void put(const T& v) {
    const char* p = reinterpret_cast<const char*>(&v);
    buf_.insert(buf_.end(), p, p + sizeof(T));
  }
  void put(const std::string& s) {
    put(uint32_t(s.size()));
    buf_.insert(buf_.end(), s.begin(), s.end());
  }
  void put(const search::CostMetrics& c) {
    put(c.cycles), put(c.params), put(c.latency_ms), put(c.energy_uj), put(c.area_mm2);
  }
  std::string str() const { return std::string(buf_.begin(), buf_.end()); }

 private:
  std::vector<char> buf_;
};

class Unpacker {
 public:
  explicit Unpacker(const std::string& s) : s_(s) {}
  template <class T>
  T get() {
    T v;
    need(sizeof(T));
    std::memcpy(&v, s_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return v;
  }
  std::string text() {
    const size_t n = get<uint32_t>();
    need(n);
    at_ += n;
    return s_.substr(at_ - n, n);
  }
  search::CostMetrics cost() {
    search::CostMetrics c;
    c.cycles = get<int64_t>(), c.params = get<int64_t>(), c.latency_ms = get<double>(), c.energy_uj = get<double>(),
    c.area_mm2 = get<double>();
    return c;
  }
  bool done() const { return at_ == s_.size(); }

 private:
  void need(size_t n) const {
    if (at_ + n > s_.size()) throw InputError("MPI: truncated message");
  }
  const std::string& s_;
  size_t at_ = 0;
};

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
      Packer msg;
      for (int64_t i = next; i < std::min(n, next + chunk); ++i) {
        msg.put(i);
        msg.put(uint32_t(genomes[size_t(i)].size()));
        for (int gene : genomes[size_t(i)]) msg.put(int32_t(gene));
        msg.put(pre[size_t(i)]);
      }
      next = std::min(n, next + chunk);
      send(msg.str(), dest, kWork);
      ++busy;
    };
    for (int w = 1; w <= workers && next < n; ++w) hand_out(w);
    while (busy > 0) {
      int tag = 0, from = 0;
      const std::string text = recv(MPI_ANY_SOURCE, &tag, &from);
      --busy;
      if (tag == kFailed) throw InputError(fmt::format("MPI rank {}: {}", from, text));
      for (Unpacker r(text); !r.done();) {
        search::Metrics& m = out.at(size_t(r.get<int64_t>()));
        m.metric = r.text();
        m.accuracy = r.get<double>();
        m.cost = r.cost();
        m.invalid = r.text();
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
      Packer answer;
      for (Unpacker c(text); !c.done();) {
        const int64_t i = c.get<int64_t>();
        search::Genome g(c.get<uint32_t>());
        for (int& gene : g) gene = c.get<int32_t>();
        const search::Metrics m = problem.score(0, g, c.cost());
        answer.put(i);
        answer.put(m.metric);
        answer.put(m.accuracy);
        answer.put(m.cost);
        answer.put(m.invalid);
      }
      send(answer.str(), 0, kResult);
    } catch (const std::exception& e) {  // rank 0 raises it, stops everyone and keeps its checkpoint
      send(e.what(), 0, kFailed);
    }
  }
}

std::unique_ptr<search::Executor> MpiSession::executor() { return std::make_unique<MpiExecutor>(size_); }

}  // namespace shiftadd::cli
