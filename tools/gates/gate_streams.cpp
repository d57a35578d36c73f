// gate_streams: real int8 operand streams for the gate-level energy calibration (scripts/rtl_energy.sh).
// Runs a released Fashion-MNIST subnet through the integer path (models/quant, the formats of
// docs/hardware.md) on a few test images, records every GEMM job the arrays would run, and writes, per
// PE kind, the operand sequence one PE of a weight-stationary array sees: PE (k, n) takes A[m][k]
// for m = 0, 1, ... with its weight B[k][n] held, the partial sum of the rows above
// (sum_{k' < k} p(A[m][k'], B[k'][n]), wrapped to acc_bits) and its own term p(A[m][k], B[k][n]).
// Output: <out>/<kind>.txt, one line per cycle: "a w psum_in term" (decimal; w is the 6-bit code
// for shift). A few PEs (k, n) per job are drawn with a seeded RNG; whole columns of m are kept.
// Usage (one command line):
//   gate_streams --supernet runs/release/fmnist_ft_hybrid_a --arch configs/subnets/fmnist/hybrid_a.yaml
//                --out out/rtl_energy/streams [--images 1] [--max-vectors 6000] [--pes-per-job 4] [--seed 1]
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "models/data/fashion_mnist.h"
#include "models/quant/int_gemm_parallel.h"
#include "models/quant/quant_subnet.h"
#include "models/supernet/cv_train.h"
#include "workload/int_gemm.h"
#include "workload/space/space.h"

namespace {

using shiftadd::PeKind;
namespace wl = shiftadd::workload;
namespace nn = shiftadd::nn;

int64_t wrap(int64_t v, int bits) {
  const uint64_t mask = bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
  uint64_t u = uint64_t(v) & mask;
  if (bits < 64 && (u >> (bits - 1))) u |= ~mask;
  return int64_t(u);
}

const char* kind_name(PeKind pe) {
  switch (pe) {
    case PeKind::kMult: return "mult";
    case PeKind::kShift: return "shift";
    case PeKind::kAdd: return "add";
  }
  return "?";
}

[[noreturn]] void usage(const std::string& msg) {
  std::cerr << "gate_streams: " << msg << "\nusage: gate_streams --supernet DIR --arch YAML --out DIR [--images N] "
               "[--max-vectors N] [--pes-per-job N] [--seed N] [--data-dir DIR]\n";
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string run_dir, arch_path, out_dir, data_dir = "/usr/share/datasets/fashion-mnist";
  int64_t images = 1, max_vectors = 6000, pes_per_job = 4;
  uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    if (i + 1 >= argc) usage("missing value after " + k);
    const std::string v = argv[++i];
    if (k == "--supernet") run_dir = v;
    else if (k == "--arch") arch_path = v;
    else if (k == "--out") out_dir = v;
    else if (k == "--data-dir") data_dir = v;
    else if (k == "--images") images = std::stoll(v);
    else if (k == "--max-vectors") max_vectors = std::stoll(v);
    else if (k == "--pes-per-job") pes_per_job = std::stoll(v);
    else if (k == "--seed") seed = std::stoull(v);
    else usage("unknown option " + k);
  }
  if (run_dir.empty() || arch_path.empty() || out_dir.empty()) usage("--supernet, --arch and --out are required");
  try {
    nn::CvRun run = nn::load_cv_run(run_dir);
    const shiftadd::Arch arch = shiftadd::load_arch(arch_path, run.space);
    nn::CvEvalOptions o;
    o.data_dir = data_dir;
    o.recalib_batch = 64;
    nn::recalibrate_cv_subnet(run, arch, o);  // bn_recalib = 0: keeps the running statistics, eval mode

    std::map<PeKind, std::vector<wl::IntGemmJob>> jobs;
    wl::AccSpec acc_used;
    nn::quant::QuantOptions q;
    bool record = false;
    q.runner = [&](PeKind pe, const wl::AccSpec& a, const wl::IntGemmJob& job) {
      if (record) {
        jobs[pe].push_back(job);
        acc_used = a;
      }
      return nn::quant::parallel_int_gemm(pe, a, job);
    };
    nn::quant::QuantizedSubnet net(*run.net, arch, q);
    nn::quant::calibrate_quantized(net, o, 1);
    shiftadd::data::FashionMnistOptions fo;
    fo.dir = data_dir;
    fo.limit = images;
    const shiftadd::data::ImageSet test = shiftadd::data::load_fashion_mnist(shiftadd::data::MnistSplit::kTest, fo);
    std::vector<int64_t> idx, labels;
    for (int64_t i = 0; i < test.size(); ++i) idx.push_back(i);
    record = true;
    net.forward(nn::images_to_tensor(test, idx, labels), true);
    record = false;

    std::mt19937_64 rng(seed);
    for (PeKind pe : {PeKind::kMult, PeKind::kShift, PeKind::kAdd}) {
      const std::string path = out_dir + "/" + kind_name(pe) + ".txt";
      std::ofstream out(path);
      if (!out) throw std::runtime_error("cannot write " + path);
      out << "# a w psum_in term  (" << kind_name(pe) << ", " << jobs[pe].size() << " jobs of " << run_dir
          << " / " << arch_path << ", " << images << " test image(s), acc_bits " << acc_used.acc_bits
          << ", F " << acc_used.shift_frac_bits << ")\n";
      int64_t written = 0;
      // Jobs in a seeded random order, so that a short stream still mixes layers.
      std::vector<size_t> order(jobs[pe].size());
      for (size_t j = 0; j < order.size(); ++j) order[j] = j;
      std::shuffle(order.begin(), order.end(), rng);
      for (size_t jo = 0; jo < order.size() && written < max_vectors; ++jo) {
        const wl::IntGemmJob& job = jobs[pe][order[jo]];
        for (int64_t p = 0; p < pes_per_job && written < max_vectors; ++p) {
          const int64_t k = int64_t(rng() % uint64_t(job.K)), n = int64_t(rng() % uint64_t(job.N));
          for (int64_t m = 0; m < job.M && written < max_vectors; ++m) {
            int64_t psum = 0;
            for (int64_t kk = 0; kk < k; ++kk)
              psum += wl::pe_term(pe, acc_used, job.A[size_t(m * job.K + kk)], job.B[size_t(kk * job.N + n)]);
            const int64_t a = job.A[size_t(m * job.K + k)], w = job.B[size_t(k * job.N + n)];
            out << a << ' ' << w << ' ' << wrap(psum, acc_used.acc_bits) << ' ' << wl::pe_term(pe, acc_used, a, w)
                << '\n';
            ++written;
          }
        }
      }
      std::cout << kind_name(pe) << ": " << jobs[pe].size() << " jobs, " << written << " vectors -> " << path << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "gate_streams: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
