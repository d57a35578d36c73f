#include "models/quant/quant_nlp.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"
#include "models/data/metrics.h"
#include "models/ops/lightweight_conv.h"
#include "models/ops/linear.h"
#include "models/parallel.h"

namespace shiftadd::nn::quant {
namespace {

// Sets the hook for one call and always removes it (the supernet is shared with float evaluation).
class HookScope {
 public:
  HookScope(NlpSupernet& net, NlpGemmHook* h) : net_(net) { net_.set_gemm_hook(h); }
  ~HookScope() { net_.set_gemm_hook(nullptr); }
  HookScope(const HookScope&) = delete;
  HookScope& operator=(const HookScope&) = delete;

 private:
  NlpSupernet& net_;
};

}  // namespace

QuantizedNlpSubnet::QuantizedNlpSubnet(NlpSupernet& net, const Arch& arch, const QuantOptions& opt)
    : net_(net), arch_(arch), opt_(opt) {
  net_.set_training(false);
}

QuantizedNlpSubnet::~QuantizedNlpSubnet() { net_.set_gemm_hook(nullptr); }

QuantizedNlpSubnet::Site& QuantizedNlpSubnet::site(Kind kind, PeKind pe, const Shape& w_shape, size_t observers) {
  if (pass_ == QuantPass::kCalibrate && next_ == sites_.size()) {
    sites_.push_back(Site{kind, pe, w_shape, std::vector<MinMaxObserver>(observers), {}, {}, false});
  } else if (next_ >= sites_.size() || sites_[next_].kind != kind || sites_[next_].pe != pe ||
             sites_[next_].w_shape != w_shape) {
    throw InputError(fmt::format("int8 NLP subnet: GEMM site {} differs from the one calibrated", next_));
  }
  return sites_[next_++];
}

void QuantizedNlpSubnet::begin_decoder() {
  if (pass_ == QuantPass::kCalibrate) first_decoder_site_ = next_;
  next_ = first_decoder_site_;
}

Tensor QuantizedNlpSubnet::calibrate(const NlpBatch& b) {
  if (finalized_) throw InputError("int8 NLP subnet: calibrate() after finalize()");
  pass_ = QuantPass::kCalibrate;
  HookScope scope(net_, this);
  return net_.forward(b, arch_);
}

void QuantizedNlpSubnet::finalize() {
  if (sites_.empty()) throw InputError("int8 NLP subnet: finalize() before calibrate()");
  for (Site& s : sites_) {
    s.act.clear();
    // Add convs: the activation range only, in the weights' width (QuantizedLayer clamps taps exactly).
    const int bits = s.pe == PeKind::kAdd ? opt_.w_bits : 8;
    for (const MinMaxObserver& o : s.obs) s.act.push_back(o.affine(bits));
  }
  finalized_ = true;
}

Tensor QuantizedNlpSubnet::forward(const NlpBatch& b, bool quantized) {
  if (!quantized) return net_.forward(b, arch_);
  if (!finalized_) throw InputError("int8 NLP subnet: forward before finalize()");
  pass_ = QuantPass::kQuant;
  HookScope scope(net_, this);
  return net_.forward(b, arch_);
}

std::vector<std::vector<int32_t>> QuantizedNlpSubnet::greedy(const std::vector<std::vector<int32_t>>& src,
                                                             int64_t max_len, bool quantized,
                                                             const NlpLogitsTap& on_logits) {
  if (!quantized) return net_.greedy(src, arch_, max_len, on_logits);
  if (!finalized_) throw InputError("int8 NLP subnet: greedy before finalize()");
  pass_ = QuantPass::kQuant;
  HookScope scope(net_, this);
  return net_.greedy(src, arch_, max_len, on_logits);
}

Tensor QuantizedNlpSubnet::linear(PeKind pe, const Tensor& x, const Tensor& w, const Tensor* b) {
  Site& s = site(Kind::kLinear, pe, w.shape(), 1);
  if (pass_ == QuantPass::kCalibrate) {
    s.obs[0].observe(x);
    return linear_forward(x, w, b);
  }
  if (!s.built) {
    s.layer = QuantizedLayer::linear(pe, w, b, s.act[0], opt_);
    s.built = true;
  }
  return s.layer.forward(x);
}

Tensor QuantizedNlpSubnet::sdpa(const Tensor& q, const Tensor& k, const Tensor& v, int64_t heads, const AttnMask& mask) {
  Site& s = site(Kind::kSdpa, PeKind::kMult, {}, 4);
  if (pass_ == QuantPass::kQuant) return int_sdpa(q, k, v, heads, mask, s.act[0], s.act[1], s.act[2], s.act[3], opt_);
  Tensor probs;
  Tensor out = sdpa_forward(q, k, v, heads, mask, &probs);
  s.obs[0].observe(q);
  s.obs[1].observe(k);
  s.obs[2].observe(probs);
  s.obs[3].observe(v);
  return out;
}

Tensor QuantizedNlpSubnet::light_conv(PeKind pe, const Tensor& x, const Tensor& w, int64_t pad_left) {
  Site& s = site(Kind::kConv, pe, w.shape(), 1);
  if (pass_ == QuantPass::kCalibrate) {
    s.obs[0].observe(x);
    return lightweight_conv_forward(x, w, pad_left, pe);
  }
  if (!s.built) {  // one "output channel" per head: codes, scale and correction of its kernel
    s.layer = QuantizedLayer::linear(pe, w, nullptr, s.act[0], opt_);
    s.built = true;
  }
  return int_light_conv(s, x, pad_left);
}

// One job per head: row ((b * T + t) * per + c) holds the k taps of channel c of the head at time t.
Tensor QuantizedNlpSubnet::int_light_conv(Site& s, const Tensor& x, int64_t pad_left) const {
  const QuantizedLayer& L = s.layer;
  const int64_t B = x.dim(0), T = x.dim(1), C = x.dim(2), H = L.w_shape[0], K = L.w_shape[1], per = C / H;
  if (x.ndim() != 3 || C % H || pad_left < 0 || pad_left >= K)
    throw InputError(fmt::format("int8 lightweight conv: input {} does not fit {} heads of {} taps",
                                 shape_str(x.shape()), H, K));
  const std::vector<int32_t> qx = quantize(x, L.act);
  Tensor y(x.shape());
  for (int64_t h = 0; h < H; ++h) {
    IntGemmJob job{B * T * per, K, 1, std::vector<int64_t>(size_t(B * T * per * K)),
                   std::vector<int64_t>(L.codes.begin() + h * K, L.codes.begin() + (h + 1) * K)};
    for (int64_t bt = 0; bt < B * T; ++bt)
      for (int64_t c = 0; c < per; ++c)
        for (int64_t j = 0; j < K; ++j) {
          const int64_t ts = bt % T + j - pad_left;
          const bool in = ts >= 0 && ts < T;
          job.A[size_t((bt * per + c) * K + j)] = in ? qx[size_t((bt - bt % T + ts) * C + h * per + c)] : L.act.zero_point;
        }
    const std::vector<int64_t> acc = run_int_gemm(opt_.runner, L.pe, opt_.acc, job);
    for (int64_t bt = 0; bt < B * T; ++bt)
      for (int64_t c = 0; c < per; ++c)
        y[bt * C + h * per + c] = float(L.out_scale[size_t(h)] * double(acc[size_t(bt * per + c)] - L.corr[size_t(h)]) +
                                        double(L.bias[size_t(h)]));
  }
  return y;
}

void calibrate_quantized_nlp(QuantizedNlpSubnet& q, const NlpRun& run, const std::string& dictd_dir,
                             int calib_batches, int64_t batch) {
  if (calib_batches < 1 || batch < 1) throw InputError("int8 NLP: at least one calibration batch is needed");
  NlpTrainOptions n = run.options;
  if (!dictd_dir.empty()) n.dictd_dir = dictd_dir;
  const data::PhraseDataset ds = load_nlp_data(n);
  const std::vector<NlpExample> ex = encode_pairs(data::flatten_pairs(ds.train), *run.tok, run.space.nlp);
  // Evenly spaced over the training split (the dictionary is alphabetical).
  const int64_t want = std::min<int64_t>(int64_t(ex.size()), int64_t(calib_batches) * batch);
  std::vector<int64_t> idx;
  for (int64_t i = 0; i < want; ++i) {
    idx.push_back(i * int64_t(ex.size()) / want);
    if (int64_t(idx.size()) == batch || i + 1 == want) {
      q.calibrate(make_batch(ex, idx));
      idx.clear();
    }
  }
  q.finalize();
}

QuantNlpEvalResult eval_quantized_nlp(NlpRun& run, const Arch& arch, const NlpEvalOptions& opt, int calib_batches,
                                      const QuantOptions& qopt) {
  check_arch(run.space, arch, "<arch>");
  QuantizedNlpSubnet q(*run.net, arch, qopt);
  calibrate_quantized_nlp(q, run, opt.dictd_dir, calib_batches, opt.batch);
  const std::vector<data::PhraseGroup> groups = nlp_eval_groups(run, opt);
  std::vector<std::string> hyp_f, hyp_q;
  for (size_t s = 0; s < groups.size(); s += size_t(opt.batch)) {
    std::vector<std::vector<int32_t>> src;
    for (size_t i = s; i < std::min(groups.size(), s + size_t(opt.batch)); ++i) src.push_back(run.tok->encode(groups[i].src));
    for (const auto& ids : q.greedy(src, run.space.nlp.tgt_len, false)) hyp_f.push_back(run.tok->decode(ids));
    for (const auto& ids : q.greedy(src, run.space.nlp.tgt_len, true)) hyp_q.push_back(run.tok->decode(ids));
  }
  QuantNlpEvalResult r;
  r.float_bleu = data::phrase_bleu(hyp_f, groups);
  r.quant_bleu = data::phrase_bleu(hyp_q, groups);
  r.count = int64_t(groups.size());
  r.sites = q.integer_sites();
  return r;
}

}  // namespace shiftadd::nn::quant
