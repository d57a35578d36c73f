#pragma once
// The parts of the Python module (module.cpp wires them up).
#include <pybind11/pybind11.h>

namespace shiftadd::python {

void bind_hw(pybind11::module_& m);   // py_hw.cpp: hardware configs, GEMMs, network simulation
void bind_lut(pybind11::module_& m);  // py_lut.cpp: lookup tables in a training loop
void bind_cli(pybind11::module_& m);  // py_cli.cpp: every subcommand in-process (search, dse, ...)

}  // namespace shiftadd::python
