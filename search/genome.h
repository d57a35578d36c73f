#pragma once
// What every strategy searches over: a genome is a vector of small choice indices, gene g taking values
// 0 .. choices(g)-1. Subnets (codec/arch_codec.h), accelerator designs (dse/hw_codec.h) and
// (subnet, accelerator) pairs are all genome spaces, so they share the strategies, the proposer and the
// generation loop (run_loop.h).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/rng.h"

namespace shiftadd::search {

using Genome = std::vector<int>;

class GenomeSpace {
 public:
  virtual ~GenomeSpace() = default;
  virtual size_t genes() const = 0;
  virtual int choices(size_t gene) const = 0;
  // Right length, every gene in range, and any cross-gene rule of the space (total depth, ...).
  virtual bool valid(const Genome& g) const = 0;
  // False for a genome that spells a design another genome spells too, with genes the design ignores
  // set (an absent array's size): an exhaustive grid visits only canonical genomes.
  virtual bool canonical(const Genome&) const { return true; }
};

// Each gene redrawn uniformly with probability p (HAT, AutoFormer); may be invalid: callers reject.
Genome mutate(const GenomeSpace& c, const Genome& g, double p, Rng& rng);
// Uniform crossover: each gene from a or b with probability 1/2.
Genome crossover(const Genome& a, const Genome& b, Rng& rng);
// True when g has genes() genes, each within its choices.
bool in_range(const GenomeSpace& c, const Genome& g);
// The n-th genome of the space in mixed-radix order (gene 0 fastest): how a grid walks it.
Genome genome_at(const GenomeSpace& c, int64_t n);

}  // namespace shiftadd::search
