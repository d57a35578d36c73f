// shiftadd.Hardware: a hw config (with its accel: section) and the SystemC-free accelerator model.
//   hw.gemm(a, b, pe="mult")   bit-exact C (NumPy int64), cycles, events, energy of one array job
//   hw.simulate(trace)         whole-network report: totals and one record per layer
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "cost/accel/accelerator.h"
#include "cost/array/array_model.h"
#include "cost/energy.h"
#include "cost/tech_table.h"
#include "python/py_bind.h"
#include "workload/space/arch_workload.h"
#include "workload/trace.h"

namespace py = pybind11;

namespace shiftadd::python {
namespace {

using Int64Array = py::array_t<int64_t, py::array::c_style | py::array::forcecast>;

py::dict events_dict(const ArrayEvents& e) {
  py::dict d;
  d["pe_ops"] = e.pe_ops, d["words_in_a"] = e.words_in_a, d["words_in_b"] = e.words_in_b;
  d["words_in_psum"] = e.words_in_psum, d["words_out"] = e.words_out, d["operand_reg_reads"] = e.operand_reg_reads;
  d["operand_reg_writes"] = e.operand_reg_writes, d["acc_updates"] = e.acc_updates, d["pe_transfers"] = e.pe_transfers;
  d["psum_transfers"] = e.psum_transfers;
  return d;
}

py::dict energy_dict(const AccelEnergy& e) {
  py::dict d;
  for (const auto& [op, pj] : e.op_pj) d[py::str(op + "_pj")] = pj;
  d["rf_pj"] = e.rf_pj, d["array_pj"] = e.array_pj, d["sram_pj"] = e.sram_pj, d["dram_pj"] = e.dram_pj;
  d["vector_pj"] = e.vector_pj, d["total_pj"] = e.total_pj();
  return d;
}

class Hardware {
 public:
  explicit Hardware(const std::string& path) : acc_(load_accel_config(path)), tech_(load_tech_table(acc_.config().hw.tech_path)) {}

  py::dict gemm(const Int64Array& a, const Int64Array& b, const std::string& pe, const std::string& dataflow) const {
    if (a.ndim() != 2 || b.ndim() != 2 || a.shape(1) != b.shape(0))
      throw py::value_error("gemm: expected a of shape (M, K) and b of shape (K, N)");
    ArraySpec spec = find_array(acc_.config().hw, parse_pe_kind(pe));
    if (!dataflow.empty()) spec.dataflow = parse_dataflow(dataflow);
    GemmJob job{a.shape(0), a.shape(1), b.shape(1), std::vector<int64_t>(a.data(), a.data() + a.size()),
                std::vector<int64_t>(b.data(), b.data() + b.size())};
    validate_job(spec, job);
    const ArrayRunResult r = array_model_registry().make(spec.impl)->run(spec, job, false);
    const EnergyBreakdown e = array_energy(array_event_costs(tech_, spec), r.events);
    Int64Array c({job.M, job.N});
    std::copy(r.c.begin(), r.c.end(), c.mutable_data());
    py::dict d;
    d["c"] = c, d["cycles"] = r.total_cycles, d["compute_cycles"] = r.compute_cycles, d["folds"] = r.folds;
    d["utilization"] = r.utilization, d["events"] = events_dict(r.events);
    py::dict energy;
    for (const auto& [op, pj] : e.op_energy_pj) energy[py::str(op + "_pj")] = pj;
    energy["register_pj"] = e.register_energy_pj, energy["transfer_pj"] = e.transfer_energy_pj;
    energy["edge_io_pj"] = e.edge_io_energy_pj, energy["total_pj"] = e.total_energy_pj();
    d["energy"] = energy;
    return d;
  }

  py::dict report(const NetReport& rep) const {
    py::list rows;
    for (const LayerRow& r : rep.rows) {
      py::dict d;
      d["block"] = r.block, d["branch"] = r.branch, d["layer"] = r.layer, d["type"] = r.type, d["engine"] = r.engine;
      d["arrays"] = r.arrays, d["repeat"] = r.repeat, d["cycles"] = r.cost.cycles, d["pe_ops"] = r.cost.pe_ops;
      d["dram_bytes"] = r.cost.dram_bytes, d["energy_pj"] = r.cost.energy.total_pj();
      rows.append(d);
    }
    py::dict d;
    d["network"] = rep.network, d["hw"] = rep.hw, d["cycles"] = rep.total.cycles;
    d["latency_ms"] = acc_.latency_ns(rep.total.cycles) * 1e-6, d["energy_uj"] = rep.total.energy.total_pj() * 1e-6;
    d["energy"] = energy_dict(rep.total.energy), d["dram_bytes"] = rep.total.dram_bytes, d["layers"] = rows;
    return d;
  }

  py::dict simulate(const std::string& trace) const { return report(acc_.simulate(workload::load_workload(trace))); }
  py::dict simulate_subnet(const std::string& space, const std::string& arch) const {
    const SearchSpace s = load_space(space);
    return report(acc_.simulate(arch_to_network(s, load_arch(arch, s))));
  }

  py::dict info() const {
    const AccelConfig& c = acc_.config();
    py::list arrays;
    for (const ArraySpec& s : c.hw.arrays) {
      py::dict a;
      a["name"] = s.name, a["pe"] = to_string(s.pe), a["dataflow"] = to_string(s.dataflow), a["rows"] = s.rows;
      a["cols"] = s.cols, a["a_bits"] = s.a_bits, a["w_bits"] = s.w_bits, a["acc_bits"] = s.acc_bits;
      arrays.append(a);
    }
    py::dict d;
    d["name"] = c.hw.name, d["clock_mhz"] = c.hw.clock_mhz, d["area_mm2"] = accel_area_mm2(c), d["arrays"] = arrays;
    return d;
  }
  std::string yaml() const { return accel_config_yaml(acc_.config()); }

 private:
  Accelerator acc_;
  TechTable tech_;
};

}  // namespace

void bind_hw(py::module_& m) {
  py::class_<Hardware>(m, "Hardware", "A hw config (configs/hw/*.yaml, with accel:) on the SystemC-free model")
      .def(py::init<const std::string&>(), py::arg("path"))
      .def("gemm", &Hardware::gemm, py::arg("a"), py::arg("b"), py::arg("pe") = "mult", py::arg("dataflow") = "",
           "One job on the array of that PE kind: bit-exact c (int64, M x N), cycles, events, energy (pJ)")
      .def("simulate", &Hardware::simulate, py::arg("trace"), "Whole network: totals and one record per layer")
      .def("simulate_subnet", &Hardware::simulate_subnet, py::arg("space"), py::arg("arch"))
      .def_property_readonly("info", &Hardware::info)
      .def_property_readonly("yaml", &Hardware::yaml, "The complete config as YAML text");
}

}  // namespace shiftadd::python
