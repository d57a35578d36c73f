#pragma once
// Overload{lambdas...}: one visitor for std::visit over the layer attributes.
namespace shiftadd::workload {

template <class... Ts>
struct Overload : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overload(Ts...) -> Overload<Ts...>;

}  // namespace shiftadd::workload
