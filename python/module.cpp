// import shiftadd: the toolkit's cost models and commands from Python. Library errors (bad input)
// arrive as shiftadd.Error with the CLI's message; bad arguments to the bindings as ValueError.
#include <pybind11/pybind11.h>

#include "core/error.h"
#include "python/py_bind.h"

PYBIND11_MODULE(_shiftadd, m) {
  m.doc() = "shiftadd: PE-array cost models, accelerator simulation, lookup tables, search and DSE";
  pybind11::register_exception<shiftadd::Error>(m, "Error", PyExc_RuntimeError);
  shiftadd::python::bind_hw(m);
  shiftadd::python::bind_lut(m);
  shiftadd::python::bind_cli(m);
}
