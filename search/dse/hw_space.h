#pragma once
// The accelerator design space: which PE sub-arrays are present with their rows, columns and
// dataflow, operand and accumulator widths, clock, buffer sizes, banks and bandwidths, DRAM bandwidth
// and vector lanes, each a list of values (or a range expanded when parsed). Everything not swept
// (tech tables, array and memory implementations, overflow, DRAM type) comes from a base hw config.
// HwCodec turns a design into a genome and back, so every search strategy can explore it.
#include <string>
#include <vector>

#include "core/pe_kind.h"
#include "cost/accel/accel_config.h"
#include "cost/array_spec.h"
#include "search/genome.h"

namespace shiftadd {
class YamlNode;
}

namespace shiftadd::search {

struct ArrayAxis {
  PeKind pe = PeKind::kMult;
  std::vector<int> present;  // 0 | 1 values
  std::vector<int> rows, cols;
  std::vector<Dataflow> dataflow;
};

struct BufferAxis {
  std::vector<double> size_kb, bandwidth_words_per_cycle;
  std::vector<int> banks;
};

struct HwSpace {
  std::string base_path;  // the base hw config
  AccelConfig base;
  std::string name;       // of every design (hw config `name:`)
  std::vector<ArrayAxis> arrays;
  std::vector<int> a_bits, w_bits, acc_bits, vector_lanes;
  std::vector<double> clock_mhz, dram_bandwidth_gb_s;
  BufferAxis ifmap, weight, ofmap;
};

// The `hardware:` map of a dse or joint-search config; `base` is read and checked here.
HwSpace parse_hw_space(const YamlNode& n);
std::string hw_space_signature(const HwSpace& s);  // equal <=> the same space

// A design as chosen values. invalid() explains why it cannot be built (no array, widths, tiles).
class HwCodec : public GenomeSpace {
 public:
  explicit HwCodec(const HwSpace& s);
  size_t genes() const override { return choices_.size(); }
  int choices(size_t g) const override { return choices_.at(g); }
  bool valid(const Genome& g) const override { return in_range(*this, g); }
  bool canonical(const Genome& g) const override;  // an absent array's other genes are 0
  Genome random(Rng& rng) const;           // every gene uniform
  std::string key(const Genome& g) const;  // canonical: genes of absent arrays do not count
  // The complete config of the design (arrays in the space's order); `reason` gets "" or why the
  // design is invalid (then the config is only good for its area).
  AccelConfig decode(const Genome& g, std::string& reason) const;
  double genomes() const;  // product of the choices: the grid's index range
  double designs() const;  // distinct designs (an absent array counts once, whatever its size genes)

 private:
  const HwSpace& s_;
  std::vector<int> choices_;
};

}  // namespace shiftadd::search
