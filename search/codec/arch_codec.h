#pragma once
// Subnets as genomes: one gene per choice of the space (a choice index), so strategies mutate and
// cross over vectors of small integers and never see a task. cv_codec.cpp and nlp_codec.cpp are the
// only task-specific code of the search.
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "search/genome.h"
#include "workload/space/space.h"

namespace shiftadd::search {

// valid(): a genome of the right length and range whose subnet is a member of the space (total_depth).
class ArchCodec : public GenomeSpace {
 public:
  virtual Arch decode(const Genome& g) const = 0;
  virtual Genome encode(const Arch& a) const = 0;  // genes a subnet does not use are 0
};

// Position of a subnet's choice in the space's list (InputError when absent): what encode() stores.
template <class T>
int choice_index(const std::vector<T>& choices, const T& x) {
  for (size_t i = 0; i < choices.size(); ++i)
    if (choices[i] == x) return int(i);
  throw InputError("encode: subnet choice is not in the space");
}

// The codec of the space's task.
std::unique_ptr<ArchCodec> make_codec(const SearchSpace& space);

// The space with only the named block types left in every stage (CV) or stack (NLP); `file` names the
// config in the ConfigError (key block_types) when a stage or stack is left with none.
SearchSpace restrict_block_types(const SearchSpace& space, const std::vector<std::string>& names, const std::string& file);
// ConfigError (file, report.subnets) when the subnet uses a block type outside `names` (non-empty).
void check_block_types(const Arch& a, const std::vector<std::string>& names, const std::string& file,
                       const std::string& subnet_path);

// Every field of the space that shapes a subnet, as text: equal signatures <=> the same space
// (a supernet run fits a config's space only when they agree).
std::string space_signature(const SearchSpace& space);

// Uniform over the space's subnets as sample_arch draws them.
Genome random_genome(const ArchCodec& c, const SearchSpace& space, Rng& rng);

}  // namespace shiftadd::search
