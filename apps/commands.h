#pragma once
// Each subcommand lives in its own cmd_*.cpp and adds itself to the app here.
#include <CLI/CLI.hpp>

namespace shiftadd::cli {

void add_sim(CLI::App& app);
void add_crosscheck(CLI::App& app);
void add_count(CLI::App& app);
void add_lut(CLI::App& app);
void add_cost(CLI::App& app);
void add_lut_validate(CLI::App& app);
void add_train(CLI::App& app);
void add_eval(CLI::App& app);
void add_export(CLI::App& app);
void add_search(CLI::App& app);
void add_dse(CLI::App& app);
void add_tech(CLI::App& app);
void add_import(CLI::App& app);

// Every subcommand above, and require one (main.cpp and the Python module's shiftadd.cli()).
void add_all(CLI::App& app);

}  // namespace shiftadd::cli
