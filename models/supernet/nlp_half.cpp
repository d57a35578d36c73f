// Half-precision weight folders for released NLP runs (nlp_train.h): <dir>/<param>.npy holding IEEE float16
// bit patterns as "<u2" (numpy: np.load(f).view(np.float16); core/npy reads only int/f4/f8) plus <dir>/meta.json {"step"}. Halves the size of a release; float32 -> float16
// rounds to nearest even, and loading widens exactly.
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/text_file.h"
#include "core/error.h"
#include "core/npy.h"
#include "models/supernet/nlp_train.h"

namespace shiftadd::nn {
namespace {

uint16_t to_half(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  const uint16_t sign = uint16_t((x >> 16) & 0x8000u);
  const float a = std::fabs(f);
  if (std::isnan(f)) return uint16_t(sign | 0x7E00u);
  if (a >= 65520.f) return uint16_t(sign | 0x7C00u);  // overflow -> inf
  if (a < 6.103515625e-05f) {                          // subnormal half: multiples of 2^-24
    const float q = std::nearbyint(a * 16777216.f);   // round half to even (default rounding mode)
    return uint16_t(sign | uint16_t(q));
  }
  const uint32_t exp = (x >> 23) & 0xFFu, man = x & 0x7FFFFFu;
  uint32_t h = ((exp - 112u) << 10) | (man >> 13);
  const uint32_t rest = man & 0x1FFFu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;  // carries into the exponent correctly
  return uint16_t(sign | h);
}

float from_half(uint16_t h) {
  const uint32_t sign = uint32_t(h & 0x8000u) << 16, exp = (h >> 10) & 0x1Fu, man = h & 0x3FFu;
  float v;
  if (exp == 0) {
    v = std::ldexp(float(man), -24);
  } else if (exp == 31) {
    v = man ? NAN : INFINITY;
  } else {
    v = std::ldexp(float(man | 0x400u), int(exp) - 25);
  }
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  bits |= sign;
  std::memcpy(&v, &bits, 4);
  return v;
}

}  // namespace

void save_params_f16(Module& net, int64_t step, const std::string& dir) {
  std::filesystem::create_directories(dir);
  for (auto& [name, p] : net.params()) {
    NpyArray a;
    a.dtype = "<u2";
    a.shape = p->value.shape();
    a.bytes.resize(size_t(p->value.numel()) * 2);
    for (int64_t i = 0; i < p->value.numel(); ++i) {
      const uint16_t h = to_half(p->value[i]);
      std::memcpy(&a.bytes[size_t(i) * 2], &h, 2);
    }
    write_npy(dir + "/" + name + ".npy", a);
  }
  write_file_atomic(dir + "/meta.json",
                    nlohmann::json{{"task", "nlp"}, {"step", step}, {"dtype", "float16 bits in <u2"}}.dump() + "\n");
}

int64_t load_params_f16(Module& net, const std::string& dir) {
  for (auto& [name, p] : net.params()) {
    const std::string file = dir + "/" + name + ".npy";
    const NpyArray a = read_npy(file);
    if (a.dtype != "<u2") throw DataError(file, "expected float16 bits as dtype <u2, got " + a.dtype);
    if (a.shape != p->value.shape())
      throw DataError(file, "shape " + shape_str(a.shape) + ", the supernet needs " + shape_str(p->value.shape()));
    for (int64_t i = 0; i < p->value.numel(); ++i) {
      uint16_t h;
      std::memcpy(&h, &a.bytes[size_t(i) * 2], 2);
      p->value[i] = from_half(h);
    }
  }
  std::ifstream f(dir + "/meta.json");
  if (!f) throw DataError(dir + "/meta.json", "cannot read");
  try {
    return nlohmann::json::parse(f).at("step").get<int64_t>();
  } catch (const nlohmann::json::exception& e) {
    throw DataError(dir + "/meta.json", std::string("bad meta: ") + e.what());
  }
}

}  // namespace shiftadd::nn
