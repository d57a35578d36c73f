#include "apps/commands.h"

namespace shiftadd::cli {

void add_all(CLI::App& app) {
  app.require_subcommand(1);
  add_sim(app);
  add_crosscheck(app);
  add_count(app);
  add_lut(app);
  add_cost(app);
  add_lut_validate(app);
  add_train(app);
  add_eval(app);
  add_export(app);
  add_search(app);
  add_dse(app);
  add_tech(app);
  add_import(app);
}

}  // namespace shiftadd::cli
