// shiftadd: hardware cost models and accelerator simulation for ShiftAddNAS.
// Only this file catches the library's exceptions and turns them into an exit code.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "apps/commands.h"
#include "core/error.h"
#include "core/process.h"

int main(int argc, char** argv) {
  shiftadd::tune_allocator();
  CLI::App app{"shiftadd: PE-array RTL, SystemC accelerator models, cost lookup tables and hybrid NAS"};
  shiftadd::cli::add_all(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and friends exit 0; every rejected option or value is bad input: exit 2, like ours.
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const shiftadd::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << "\n";
    return 3;
  }
  return 0;
}
