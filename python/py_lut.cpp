// shiftadd.Lut: the energy/latency lookup table of a search space on one accelerator, for calls in a
// training loop: lut.cost([["conv", "shift"], ["add"], ["attn"]]) -> dict (CV spaces: one list of block
// types per stage) or lut.cost("configs/subnets/fmnist/hybrid_a.yaml").
#include <pybind11/stl.h>

#include "core/error.h"
#include "cost/accel/lut.h"
#include "python/py_bind.h"
#include "workload/space/arch_workload.h"

namespace py = pybind11;

namespace shiftadd::python {
namespace {

BlockType block_type(const std::string& name) {
  for (BlockType b : {BlockType::kAttn, BlockType::kConv, BlockType::kShift, BlockType::kAdd, BlockType::kAttnConv,
                      BlockType::kAttnShift, BlockType::kAttnAdd})
    if (name == to_string(b)) return b;
  throw InputError("Lut.cost: unknown block type '" + name + "'; expected attn, conv, shift, add, attn+conv, attn+shift or attn+add");
}

class PyLut {
 public:
  PyLut(const std::string& hw, const std::string& space)
      : space_(load_space(space)), acc_(load_accel_config(hw)), lut_(lut_header(acc_, space_, hw, space)) {
    fill_space_lut(lut_, acc_, space_);
    table_ = std::make_unique<ArchCostTable>(lut_, space_);
  }

  py::dict cost_of(const Arch& a) const {
    const QuickCost q = table_->predict(a);
    py::dict d;
    d["cycles"] = q.cycles, d["latency_ms"] = double(q.cycles) / lut_.clock_mhz * 1e-3, d["energy_uj"] = q.energy_pj * 1e-6;
    return d;
  }
  py::dict cost_path(const std::string& arch) const { return cost_of(load_arch(arch, space_)); }
  py::dict cost_stages(const std::vector<std::vector<std::string>>& stages) const {
    if (space_.task != Task::kCv) throw InputError("Lut.cost(stages): a CV space's subnet; pass an arch YAML for NLP");
    Arch a;
    for (const auto& st : stages) {
      a.stages.emplace_back();
      for (const auto& b : st) a.stages.back().push_back(block_type(b));
    }
    check_arch(space_, a, "Lut.cost(stages)");
    return cost_of(a);
  }
  size_t entries() const { return lut_.entries.size(); }

 private:
  SearchSpace space_;
  Accelerator acc_;
  Lut lut_;
  std::unique_ptr<ArchCostTable> table_;
};

}  // namespace

void bind_lut(py::module_& m) {
  py::class_<PyLut>(m, "Lut", "Energy/latency lookup table of a search space on one accelerator")
      .def(py::init<const std::string&, const std::string&>(), py::arg("hw"), py::arg("space"))
      .def("cost", &PyLut::cost_stages, py::arg("stages"), "CV subnet as block types per stage")
      .def("cost", &PyLut::cost_path, py::arg("arch"), "a subnet YAML")
      .def_property_readonly("entries", &PyLut::entries);
}

}  // namespace shiftadd::python
