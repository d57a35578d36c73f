#pragma once
// Name -> factory registry. Each implementation file exposes a register_*() function;
// a component's registry is built once, explicitly, so there is no mutable global state.
#include <fmt/format.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"

namespace shiftadd {

template <class Product, class... Args>
class Registry {
 public:
  using Factory = std::function<std::unique_ptr<Product>(Args...)>;

  void add(const std::string& name, Factory f) {
    if (!factories_.emplace(name, std::move(f)).second)
      throw InputError(fmt::format("implementation '{}' registered twice", name));
    order_.push_back(name);
  }
  bool contains(const std::string& name) const { return factories_.count(name) != 0; }
  // In registration order (the order error messages list them in).
  const std::vector<std::string>& names() const { return order_; }
  std::unique_ptr<Product> make(const std::string& name, Args... args) const {
    auto it = factories_.find(name);
    if (it == factories_.end()) {
      std::string known;
      for (const auto& n : names()) known += (known.empty() ? "" : ", ") + n;
      throw InputError(fmt::format("unknown implementation '{}'; known: [{}]", name, known));
    }
    return it->second(std::forward<Args>(args)...);
  }

 private:
  std::map<std::string, Factory> factories_;
  std::vector<std::string> order_;
};

// One instance of every registered implementation, keyed by key_of(instance) (e.g. its enum kind):
// the shared, immutable objects behind lookups such as pe_model(PeKind).
template <class Key, class Product, class KeyOf>
std::map<Key, std::unique_ptr<Product>> instances_by(const Registry<Product>& r, KeyOf key_of) {
  std::map<Key, std::unique_ptr<Product>> out;
  for (const std::string& name : r.names()) {
    std::unique_ptr<Product> p = r.make(name);
    const Key k = key_of(*p);
    out.emplace(k, std::move(p));
  }
  return out;
}

}  // namespace shiftadd
