// HAT's and the ShiftAddNAS reference's evolutionary search: the top `parents` (by the first
// objective, lexicographic over the rest, infeasible last) breed `mutations` mutants and
// `crossovers` children each generation; parents survive (elitism).
#include <algorithm>

#include "search/strategy/strategy.h"

namespace shiftadd::search {
namespace {

class Evolution : public Strategy {
 public:
  Evolution(const StrategySpec& s, const std::vector<std::string>& objectives) : s_(s), objectives_(objectives) {}

  std::vector<Genome> propose(int g, const std::vector<Evaluated>& pop, Proposer& p) const override {
    if (g == 0 || pop.empty()) return random_candidates(g, s_.population, p);
    const int64_t n = std::min<int64_t>(s_.parents, int64_t(pop.size()));
    auto one = [&](Rng& r) -> const Genome& { return pop[size_t(r.uniform_int(0, n - 1))].genome; };
    auto two = [&](Rng& r) -> std::pair<const Genome*, const Genome*> {
      if (n < 2) return {&pop[0].genome, &pop[0].genome};
      const int64_t a = r.uniform_int(0, n - 1);
      int64_t b = r.uniform_int(0, n - 2);
      if (b >= a) ++b;  // two distinct parents
      return {&pop[size_t(a)].genome, &pop[size_t(b)].genome};
    };
    return breed(g, s_, p, one, two, 0.0);
  }

  std::vector<Evaluated> select(std::vector<Evaluated> pool) const override {
    std::sort(pool.begin(), pool.end(),
              [&](const Evaluated& a, const Evaluated& b) { return better_lexicographic(a, b, objectives_); });
    if (pool.size() > size_t(s_.parents)) pool.resize(size_t(s_.parents));
    return pool;
  }

 private:
  StrategySpec s_;
  std::vector<std::string> objectives_;
};

}  // namespace

void register_evolution(StrategyRegistry& r) {
  r.add("evolution", [](const StrategySpec& s, const std::vector<std::string>& o) { return std::make_unique<Evolution>(s, o); });
}

}  // namespace shiftadd::search
