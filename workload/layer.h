#pragma once
// Typed workload layers: one struct per operator family, held in a variant. Pure C++ (no SystemC),
// so the simulator, the LUT builder and the search can all consume the same descriptors.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "core/error.h"
#include "core/pe_kind.h"

namespace shiftadd::workload {

// An impossible shape; field names the attribute at fault ("kernel", "groups", "heads", ...) so a
// parser can point its ConfigError at that key.
class ShapeError : public InputError {
 public:
  ShapeError(std::string field, const std::string& what) : InputError(what), field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

// Activation tensor shape, NCHW. Sequences are (batch, features, tokens, 1). (models/ has its own
// tensor Shape; the workload names differ so that each name means one thing.)
struct ActShape {
  int64_t n = 1, c = 1, h = 1, w = 1;
  int64_t elems() const { return n * c * h * w; }
  int64_t pixels() const { return h * w; }  // spatial positions = tokens of a sequence
  bool operator==(const ActShape& o) const { return n == o.n && c == o.c && h == o.h && w == o.w; }
  bool operator!=(const ActShape& o) const { return !(*this == o); }
};
std::string to_string(const ActShape& s);  // "1x64x56x56"

// Which hardware unit runs an operator: the PE array of one arithmetic kind (GEMM operators), or the
// vector unit (everything else). The arithmetic kinds are core/pe_kind.h's; none are listed here.
struct Engine {
  std::optional<PeKind> pe;  // empty: the vector unit
  Engine() = default;
  Engine(PeKind k) : pe(k) {}  // NOLINT(google-explicit-constructor): a GEMM runs on its kind's array
  static Engine vector() { return {}; }
  bool is_vector() const { return !pe; }
  bool operator==(const Engine& o) const { return pe == o.pe; }
  bool operator!=(const Engine& o) const { return pe != o.pe; }
};
const char* to_string(Engine e);  // to_string(PeKind) | "vector"

// 2-D convolution (also depthwise/grouped). Output size floor((H + 2p - k) / s) + 1 as in PyTorch;
// scalesim_out uses SCALE-Sim v2's ceil((H + 2p - k + s) / s) instead (imported topology rows).
struct Conv2d {
  int64_t out_channels = 0, kh = 1, kw = 1, sh = 1, sw = 1, ph = 0, pw = 0, groups = 1;
  bool bias = false, scalesim_out = false;
};
// Linear layer over the channel dim at every position (= 1x1 conv). shared: weights counted elsewhere (tied).
struct FullyConnected {
  int64_t out_features = 0;
  bool bias = true, shared_weights = false;
};
// Free-standing batched GEMM: `count` independent (M x K) x (K x N). b_is_activation: B is produced
// at run time (no stored weights, no params).
struct Matmul {
  int64_t m = 0, k = 0, n = 0, count = 1;
  bool b_is_activation = false;
};
// Multi-head attention over the positions of the input. Decomposed by lower_to_gemms() into
// Q/K/V projections, QK^T, softmax, AV and the output projection. Cross attention takes K/V from a
// memory of kv_len tokens with kv_dim features (e.g. encoder output), not from the stream.
struct Attention {
  int64_t heads = 1, qkv_dim = 0, out_dim = 0;  // qkv_dim = heads * head_dim
  bool cross = false;
  int64_t kv_len = 0, kv_dim = 0;  // cross only
  bool bias = true, out_proj = true;
};
// Lightweight branch of the NLP space (ShiftAddNAS LightconvLayer/LightaddLayer/LightshiftaddLayer):
// linear1 (C -> C, or 2C + GLU) -> optional shift-linear (C -> C) -> depthwise-in-time conv with one
// kernel per head shared by the head's C/heads channels (multiply: conv, L1: add) -> linear2 (C -> out).
struct Lightweight {
  int64_t kernel = 3, heads = 1, out_dim = 0;
  bool glu = false, bias = true, shift_linear = false;
  Engine conv_engine = PeKind::kMult;  // kMult (lightweight conv) or kAdd (lightweight add)
};
enum class PoolKind { kMax, kAvg };
// ceil_mode follows PyTorch (rounds up, but never starts a window inside the right padding).
struct Pool {
  PoolKind kind = PoolKind::kMax;
  bool global = false, ceil_mode = false;
  int64_t kh = 1, kw = 1, sh = 1, sw = 1, ph = 0, pw = 0;
};
enum class NormKind { kBatch, kLayer };
struct Norm {
  NormKind kind = NormKind::kBatch;
};
enum class ActFn { kRelu, kGelu, kSilu, kSigmoid, kGlu, kSoftmax };
struct Activation {
  ActFn kind = ActFn::kRelu;
};
// Token embedding lookup: output (batch, dim, tokens, 1); the input stream is token ids.
struct Embedding {
  int64_t vocab = 0, dim = 0, tokens = 0;
  bool shared_weights = false;
};
// Flattens H x W positions into tokens and prepends `extra_tokens` learned tokens (cls, dist).
struct ToTokens {
  int64_t extra_tokens = 0;
};
// Positional embedding added to every token: learned (params) or sinusoidal (none).
struct PosEmbed {
  bool learned = true;
};
// Keeps the first `count` tokens (classifier reads the cls token).
struct TakeTokens {
  int64_t count = 1;
};
// Squeeze-and-excitation: global pool -> 1x1 conv (reduced) -> ReLU -> 1x1 conv -> sigmoid -> scale.
struct SqueezeExcite {
  int64_t reduced = 0;
  bool bias = true;
};

using Attrs = std::variant<Conv2d, FullyConnected, Matmul, Attention, Lightweight, Pool, Norm, Activation, Embedding,
                           ToTokens, PosEmbed, TakeTokens, SqueezeExcite>;

struct Layer {
  std::string name;
  std::string type;               // the trace's type name, e.g. "shift_conv2d"
  Engine engine = PeKind::kMult;  // PE kind of its main GEMMs (the vector unit for non-GEMM layers)
  ActShape in, out;
  Attrs attrs;
};

// A layer before shape resolution (in/out are filled by resolve()).
inline Layer make_layer(std::string name, std::string type, Engine engine, Attrs attrs) {
  Layer l;
  l.name = std::move(name), l.type = std::move(type), l.engine = engine, l.attrs = std::move(attrs);
  return l;
}

// Output shape of `attrs` applied to `in`. Throws ShapeError with the reason when the shape is
// impossible (kernel larger than the padded input, channels not divisible by groups, ...).
ActShape infer_output(const Attrs& attrs, const ActShape& in);
// Fills out = infer_output(attrs, in).
void resolve(Layer& layer);
// Learned parameters (weights, biases, norm affine, embeddings); shared weights count 0.
int64_t param_count(const Layer& layer);
// True for embedding tables (reported separately: HAT/fairseq exclude them from model size).
bool is_embedding(const Layer& layer);

}  // namespace shiftadd::workload
