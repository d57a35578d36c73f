// Exhaustive grid: every canonical genome of the space once, in mixed-radix order (gene 0 fastest),
// `population` genomes per generation (the checkpoint interval). A design over a limit or invalid is counted, never redrawn.
// Keeps the constrained first front as its population, for the progress line only.
#include <algorithm>

#include "search/strategy/strategy.h"

namespace shiftadd::search {
namespace {

class GridSearch : public Strategy {
 public:
  GridSearch(const StrategySpec& s, const std::vector<std::string>& objectives) : s_(s), objectives_(objectives) {}

  std::vector<Genome> propose(int g, const std::vector<Evaluated>&, Proposer& p) const override {
    const GenomeSpace& space = p.codec();
    double total = 1;
    for (size_t i = 0; i < space.genes(); ++i) total *= space.choices(i);
    std::vector<Genome> out;
    const int64_t first = int64_t(g) * s_.population;
    for (int64_t n = first; n < first + s_.population && double(n) < total; ++n) {
      const Genome genome = genome_at(space, n);
      if (!space.canonical(genome)) continue;  // the same design as a canonical genome: not a new one
      if (auto c = p.offer(genome)) out.push_back(std::move(*c));
    }
    return out;
  }

  std::vector<Evaluated> select(std::vector<Evaluated> pool) const override {
    std::vector<Evaluated> next;
    for (int i : pareto_front(pool, objectives_)) next.push_back(pool[size_t(i)]);  // O(n log n) for <= 3 objectives
    return next;
  }
  bool exhaustive() const override { return true; }

 private:
  StrategySpec s_;
  std::vector<std::string> objectives_;
};

}  // namespace

void register_grid(StrategyRegistry& r) {
  r.add("grid", [](const StrategySpec& s, const std::vector<std::string>& o) { return std::make_unique<GridSearch>(s, o); });
}

}  // namespace shiftadd::search
