#pragma once
// Expands a subnet (Arch) of a SearchSpace into a workload Network, so that the simulator and the
// lookup tables cost exactly the layers the supernet would run. Rules in docs/workloads.md
// ("Search-space subnets"). Pure C++ (models/ never includes SystemC).
#include <cstdint>
#include <vector>

#include "workload/space/space.h"
#include "workload/network.h"

namespace shiftadd {

// CV: stem, stages of bottleneck blocks of the chosen type (conv/shift/add convs, attn = BoTNet
// MHSA with PEG), head. NLP: embeddings, encoder and decoder layers (hybrid attn+X blocks split the
// channels into an attention branch and a lightweight branch), FFNs, output projection.
// Shapes are resolved; InputError if the arch does not fit the space's dimensions.
workload::Network arch_to_network(const SearchSpace& space, const Arch& arch);

// Subnets whose layers together include every distinct layer (shape, type, dims) that any subnet
// of the space can produce: CV, every block type at the first and a later position of every
// stage; NLP, every layer choice at every position for every pair of embed dims. They need not be
// members of the space (depths may break total_depth); they only enumerate shapes for the LUT.
std::vector<Arch> cover_archs(const SearchSpace& space);

// One key per block of arch_to_network(space, arch), in order, computed from the arch's choices
// alone (no expansion): equal keys <=> equal blocks. Lets a cost table be indexed per block.
std::vector<uint64_t> arch_block_keys(const SearchSpace& space, const Arch& arch);

}  // namespace shiftadd
