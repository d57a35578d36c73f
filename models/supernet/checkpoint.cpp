#include "models/supernet/checkpoint.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/text_file.h"
#include "core/error.h"

namespace shiftadd::nn {
namespace {

constexpr char kMagic[] = "SHIFTADD-CKPT1\n";

template <class T>
void put(std::ostringstream& f, T v) { f.write(reinterpret_cast<const char*>(&v), sizeof(T)); }

template <class T>
T get(std::ifstream& f, const std::string& path) {
  T v{};
  if (!f.read(reinterpret_cast<char*>(&v), sizeof(T))) throw DataError(path, "truncated checkpoint");
  return v;
}

std::string get_str(std::ifstream& f, uint64_t n, const std::string& path) {
  if (n > (1u << 30)) throw DataError(path, "corrupt checkpoint (string length)");
  std::string s(size_t(n), '\0');
  if (n && !f.read(s.data(), std::streamsize(n))) throw DataError(path, "truncated checkpoint");
  return s;
}

}  // namespace

void save_checkpoint(const std::string& path, const nlohmann::json& meta, const TensorRefs& tensors) {
  std::ostringstream f(std::ios::binary);  // the whole file in memory, then one checked atomic write
  f.write(kMagic, sizeof(kMagic) - 1);
  const std::string m = meta.dump();
  put<uint64_t>(f, m.size());
  f.write(m.data(), std::streamsize(m.size()));
  put<uint64_t>(f, tensors.size());
  for (const auto& [name, t] : tensors) {
    put<uint32_t>(f, uint32_t(name.size()));
    f.write(name.data(), std::streamsize(name.size()));
    put<uint32_t>(f, uint32_t(t->ndim()));
    for (int64_t d : t->shape()) put<int64_t>(f, d);
    f.write(reinterpret_cast<const char*>(t->data()), std::streamsize(t->numel() * sizeof(float)));
  }
  write_file_atomic(path, f.str());
}

Checkpoint load_checkpoint(const std::string& path) {
  check_not_directory(path);
  std::ifstream f(path, std::ios::binary);
  if (!f) throw DataError(path, "checkpoint not found (train first, or pass the run directory)");
  if (get_str(f, sizeof(kMagic) - 1, path) != kMagic) throw DataError(path, "not a shiftadd checkpoint");
  Checkpoint ck;
  ck.path = path;
  try {
    ck.meta = nlohmann::json::parse(get_str(f, get<uint64_t>(f, path), path));
  } catch (const nlohmann::json::exception& e) {
    throw DataError(path, std::string("corrupt checkpoint meta: ") + e.what());
  }
  const uint64_t count = get<uint64_t>(f, path);
  for (uint64_t i = 0; i < count; ++i) {
    const std::string name = get_str(f, get<uint32_t>(f, path), path);
    const uint32_t nd = get<uint32_t>(f, path);
    if (nd > 8) throw DataError(path, "corrupt checkpoint (ndim of " + name + ")");
    Shape s;
    for (uint32_t d = 0; d < nd; ++d) {
      s.push_back(get<int64_t>(f, path));
      if (s.back() < 0 || s.back() > (int64_t(1) << 32)) throw DataError(path, "corrupt shape of " + name);
    }
    Tensor t(s);
    if (t.numel() && !f.read(reinterpret_cast<char*>(t.data()), std::streamsize(t.numel() * sizeof(float))))
      throw DataError(path, "truncated checkpoint in tensor " + name);
    ck.tensors.emplace(name, std::move(t));
  }
  return ck;
}

void Checkpoint::restore(const std::string& name, Tensor& dst) const {
  const auto it = tensors.find(name);
  if (it == tensors.end()) throw DataError(path, "checkpoint has no tensor '" + name + "'");
  if (it->second.shape() != dst.shape())
    throw DataError(path, "tensor '" + name + "' has shape " + shape_str(it->second.shape()) + ", expected " +
                              shape_str(dst.shape()));
  dst = it->second;
}

}  // namespace shiftadd::nn
