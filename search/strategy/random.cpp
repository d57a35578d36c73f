// Random sampling with the evolutionary strategies' budget: `population` subnets in generation 0,
// then `mutations + crossovers` each generation, each drawn uniformly from the space.
#include "search/strategy/strategy.h"

namespace shiftadd::search {
namespace {

class RandomSearch : public Strategy {
 public:
  explicit RandomSearch(const StrategySpec& s) : s_(s) {}
  std::vector<Genome> propose(int g, const std::vector<Evaluated>&, Proposer& p) const override {
    return random_candidates(g, g == 0 ? s_.population : s_.mutations + s_.crossovers, p);
  }
  std::vector<Evaluated> select(std::vector<Evaluated>) const override { return {}; }  // no population

 private:
  StrategySpec s_;
};

}  // namespace

void register_random(StrategyRegistry& r) {
  r.add("random", [](const StrategySpec& s, const std::vector<std::string>&) { return std::make_unique<RandomSearch>(s); });
}

}  // namespace shiftadd::search
