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
    std::vector<Genome> out;
    auto keep = [&](std::optional<Genome> c) {
      if (c) out.push_back(std::move(*c));
    };
    if (g == 0 || pop.empty()) {
      for (int i = 0; i < s_.population; ++i) keep(p.draw(g, i, [&](Rng& r) { return p.random(r); }));
      return out;
    }
    const int64_t n = std::min<int64_t>(s_.parents, int64_t(pop.size()));
    for (int i = 0; i < s_.mutations; ++i)
      keep(p.draw(g, i, [&](Rng& r) {
        return mutate(p.codec(), pop[size_t(r.uniform_int(0, n - 1))].genome, s_.mutation_prob, r);
      }));
    for (int i = 0; i < s_.crossovers; ++i)
      keep(p.draw(g, s_.mutations + i, [&](Rng& r) {
        if (n < 2) return mutate(p.codec(), pop[0].genome, s_.mutation_prob, r);
        const int64_t a = r.uniform_int(0, n - 1);
        int64_t b = r.uniform_int(0, n - 2);
        if (b >= a) ++b;
        return crossover(pop[size_t(a)].genome, pop[size_t(b)].genome, r);
      }));
    return out;
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
