#include "models/quant/quant_subnet.h"

#include <algorithm>

#include "core/error.h"
#include "models/ops/activation.h"
#include "models/ops/adder.h"
#include "models/ops/conv2d.h"
#include "models/ops/linear.h"
#include "models/ops/pooling.h"

namespace shiftadd::nn::quant {


QuantizedSubnet::QuantizedSubnet(CvSupernet& net, const Arch& arch, const QuantOptions& opt)
    : net_(net), arch_(arch), opt_(opt) {
  net_.set_training(false);
  const Param& sb = net_.stem().bias;
  defs_.push_back({PeKind::kMult, net_.stem().weight.value, sb.value, true, net_.stem().spec});
  for (size_t s = 0; s < arch_.stages.size(); ++s)
    for (size_t l = 0; l < arch_.stages[s].size(); ++l) {
      const BlockType b = arch_.stages[s][l];
      if (b == BlockType::kAttn) {
        if (opt_.attention) attn_.emplace_back(*net_.slot(s, l).attn, opt_);
        continue;
      }
      SharedOpLayer& op = *net_.slot(s, l).op;
      defs_.push_back({block_pe_kind(b), op.effective_weight(b), Tensor(), true, op.spec});
    }
  defs_.push_back({PeKind::kMult, net_.head().weight.value, net_.head().bias.value, false, Conv2dSpec{}});
  obs_.resize(defs_.size());
}

Tensor QuantizedSubnet::layer(size_t id, const Tensor& x, QuantPass pass) {
  const LayerDef& d = defs_.at(id);
  if (pass == QuantPass::kQuant) return layers_.at(id).forward(x);
  if (pass == QuantPass::kCalibrate) obs_[id].observe(x);
  const Tensor* bias = d.bias.empty() ? nullptr : &d.bias;
  if (!d.conv) return linear_forward(x, d.w, bias);
  return d.pe == PeKind::kAdd ? adder_conv2d_forward(x, d.w, bias, d.spec) : conv2d_forward(x, d.w, bias, d.spec);
}

// Same order of operations as CvSupernet::forward in eval mode, with the conv/linear layers swapped.
Tensor QuantizedSubnet::run(const Tensor& x, QuantPass pass) {
  if (pass == QuantPass::kQuant && layers_.empty()) throw InputError("quantized subnet: forward before finalize()");
  size_t id = 0, ai = 0;
  Tensor h = act_forward(ActKind::kReLU, net_.stem_bn().forward(layer(id++, x, pass)));
  for (size_t s = 0; s < arch_.stages.size(); ++s)
    for (size_t l = 0; l < arch_.stages[s].size(); ++l) {
      CvSlot& slot = net_.slot(s, l);
      const BlockType b = arch_.stages[s][l];
      if (b == BlockType::kAttn) {
        h = opt_.attention ? attn_.at(ai++).forward(h, pass) : slot.attn->forward(h);
        continue;
      }
      Tensor y = act_forward(ActKind::kReLU, slot.op->bn(b).forward(layer(id++, h, pass)));
      if (slot.residual)
        h += y;
      else
        h = std::move(y);
    }
  GlobalAvgPool pool;
  return layer(id, pool.forward(h), pass);
}

Tensor QuantizedSubnet::calibrate(const Tensor& x) { return run(x, QuantPass::kCalibrate); }

void QuantizedSubnet::finalize() {
  layers_.clear();
  for (size_t i = 0; i < defs_.size(); ++i) {
    if (!obs_[i].seen) throw InputError("quantized subnet: finalize() before calibrate()");
    const LayerDef& d = defs_[i];
    // Add layers: the activation range only (weights beyond it are clamped exactly, QuantizedLayer).
    const QParams act = obs_[i].affine(d.pe == PeKind::kAdd ? opt_.w_bits : 8);
    const Tensor* bias = d.bias.empty() ? nullptr : &d.bias;
    layers_.push_back(d.conv ? QuantizedLayer::conv(d.pe, d.w, bias, d.spec, act, opt_)
                             : QuantizedLayer::linear(d.pe, d.w, bias, act, opt_));
  }
  for (QuantizedAttnBlock& a : attn_) a.finalize();
}

int64_t QuantizedSubnet::integer_ops() const {
  int64_t n = int64_t(layers_.size());
  for (const QuantizedAttnBlock& a : attn_) n += a.integer_ops();
  return n;
}

Tensor QuantizedSubnet::forward(const Tensor& x, bool quantized) { return run(x, quantized ? QuantPass::kQuant : QuantPass::kFloat); }


void calibrate_quantized(QuantizedSubnet& q, const CvEvalOptions& opt, int calib_batches) {
  data::FashionMnistOptions fo;
  fo.dir = opt.data_dir;
  fo.limit = calib_batches * opt.recalib_batch;
  const data::ImageSet calib = data::load_fashion_mnist(data::MnistSplit::kTrain, fo);
  std::vector<int64_t> idx, labels;
  for (int64_t b0 = 0; b0 < calib.size(); b0 += opt.recalib_batch) {
    idx.clear();
    for (int64_t i = b0; i < std::min(calib.size(), b0 + opt.recalib_batch); ++i) idx.push_back(i);
    q.calibrate(images_to_tensor(calib, idx, labels));
  }
  q.finalize();
}

QuantEvalResult eval_quantized(CvRun& run, const Arch& arch, const CvEvalOptions& opt, int calib_batches,
                               const QuantOptions& qopt) {
  if (calib_batches < 1) throw InputError("quantized eval: at least one calibration batch is needed");
  check_arch(run.space, arch, "<arch>");
  QuantizedSubnet q(*run.net, arch, qopt);
  calibrate_quantized(q, opt, calib_batches);
  data::FashionMnistOptions fo;
  fo.dir = opt.data_dir;
  std::vector<int64_t> idx, labels;
  fo.limit = opt.test_limit;
  const data::ImageSet test = data::load_fashion_mnist(data::MnistSplit::kTest, fo);
  QuantEvalResult r;
  int64_t fc = 0, qc = 0;
  for (int64_t b0 = 0; b0 < test.size(); b0 += opt.batch_size) {
    idx.clear();
    for (int64_t i = b0; i < std::min(test.size(), b0 + opt.batch_size); ++i) idx.push_back(i);
    const Tensor x = images_to_tensor(test, idx, labels);
    fc += count_correct(q.forward(x, false), labels);
    qc += count_correct(q.forward(x, true), labels);
  }
  r.count = test.size();
  r.layers = q.integer_ops();
  r.float_accuracy = double(fc) / double(std::max<int64_t>(r.count, 1));
  r.quant_accuracy = double(qc) / double(std::max<int64_t>(r.count, 1));
  return r;
}

}  // namespace shiftadd::nn::quant
