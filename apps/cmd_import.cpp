// shiftadd import --onnx model.onnx --out trace.yaml: an ONNX model as a workload trace.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "apps/cli_checks.h"
#include "apps/commands.h"
#include "core/error.h"
#include "core/text_file.h"
#include "import/onnx_import.h"
#include "workload/counts.h"

namespace shiftadd::cli {
namespace {

struct ImportCliOptions {
  std::string onnx, out, input_shape, name;
  bool force = false;
};

std::vector<int64_t> parse_shape(const std::string& text) {
  std::vector<int64_t> dims;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) {
    size_t used = 0;
    int64_t d = 0;
    try {
      d = std::stoll(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != item.size() || d < 1 || d > (int64_t{1} << 30))
      throw InputError(fmt::format("--input-shape '{}': expected positive integers separated by commas, like 1,3,224,224", text));
    dims.push_back(d);
  }
  if (dims.empty()) throw InputError("--input-shape is empty: expected e.g. 1,3,224,224");
  return dims;
}

void run_import(const ImportCliOptions& o) {
  refuse_input_as_output("--out", o.out, {o.onnx});
  if (std::filesystem::exists(o.out) && !o.force)
    throw InputError(fmt::format("--out {}: the file exists; give --force to replace it", o.out));
  import::ImportOptions io;
  io.model = o.onnx;
  io.name = o.name;
  if (!o.input_shape.empty()) io.input_shape = parse_shape(o.input_shape);
  const import::ImportResult r = import::import_onnx(io);  // validated (parsed back) before anything is written
  write_text_file(o.out, r.yaml);
  const workload::NetworkCounts nc = workload::count_network(r.network);
  std::cout << fmt::format("imported {}: {} nodes ({} folded away), {} trace layers in {} blocks -> {}\n", o.onnx,
                           r.nodes, r.folded, r.layers, r.network.blocks.size(), o.out);
  std::cout << fmt::format("Params {}  MACs {}  input {}  output {}\n", nc.total.params, nc.total.macs,
                           workload::to_string(r.network.input), workload::to_string(r.network.output));
}

}  // namespace

void add_import(CLI::App& app) {
  auto o = std::make_shared<ImportCliOptions>();
  CLI::App* cmd = app.add_subcommand("import", "Import a network from an ONNX model as a workload trace (.yaml)");
  cmd->add_option("--onnx", o->onnx, "ONNX model file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--out", o->out, "trace to write (.yaml)")->required();
  cmd->add_option("--input-shape", o->input_shape, "input dims, e.g. 1,3,224,224 (needed when the model's are symbolic)");
  cmd->add_option("--name", o->name, "trace name (default: the model file's stem)");
  cmd->add_flag("--force", o->force, "replace --out if it exists");
  cmd->callback([o] { run_import(*o); });
}

}  // namespace shiftadd::cli
