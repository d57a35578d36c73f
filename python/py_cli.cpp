// shiftadd.cli(["dse", "--config", ...]): any subcommand in-process, with the CLI's parsing and
// checks. Errors become shiftadd.Error carrying the CLI's message (the CLI prints "error: <message>").
#include <CLI/CLI.hpp>
#include <pybind11/stl.h>

#include <algorithm>

#include "apps/commands.h"
#include "core/error.h"
#include "python/py_bind.h"

namespace shiftadd::python {

void bind_cli(pybind11::module_& m) {
  m.def(
      "cli",
      [](std::vector<std::string> args) {
        CLI::App app{"shiftadd"};
        cli::add_all(app);
        std::reverse(args.begin(), args.end());  // CLI11 takes the arguments last first
        try {
          app.parse(args);
        } catch (const CLI::ParseError& e) {  // a rejected option or value: bad input, as in the CLI (exit 2)
          throw InputError(e.what());
        }
      },
      pybind11::arg("args"),
      "Run one shiftadd subcommand in-process, e.g. cli(['dse', '--config', 'configs/dse/quick.yaml', '--out', 'o']).\n"
      "Raises shiftadd.Error with the CLI's message. One SystemC session per process: a second command that\n"
      "simulates on SystemC (sim, dse's front check, search --hil) in the same process is refused.");
}

}  // namespace shiftadd::python
