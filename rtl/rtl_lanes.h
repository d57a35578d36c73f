#pragma once
// Packing lane values into verilated ports and back. Verilator maps a port of up to 8/16/32/64
// bits to CData/SData/IData/QData and a wider one to VlWide<N> (32-bit words, LSB first).
// Internal to rtl/: includes Verilator headers.
#include <verilated.h>

#include <cstdint>
#include <type_traits>

namespace shiftadd::rtl_detail {

// ORs the low `bits` bits of v into the little-endian 32-bit word array at bit position pos.
inline void or_bits(uint32_t* words, int pos, int bits, uint64_t v) {
  v &= bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
  const int w = pos >> 5, s = pos & 31;
  words[w] |= uint32_t(v << s);
  if (s + bits > 32) words[w + 1] |= uint32_t(v >> (32 - s));
  if (s + bits > 64) words[w + 2] |= uint32_t(v >> (64 - s));
}

// Sign-extended `bits`-bit field at bit position pos.
inline int64_t get_bits(const uint32_t* words, int pos, int bits) {
  const int w = pos >> 5, s = pos & 31;
  uint64_t v = uint64_t(words[w]) >> s;
  if (s + bits > 32) v |= uint64_t(words[w + 1]) << (32 - s);
  if (s + bits > 64) v |= uint64_t(words[w + 2]) << (64 - s);
  const int sh = 64 - bits;
  return int64_t(v << sh) >> sh;
}

// lane(i) -> value; lanes of `bits` bits each, lane 0 in the LSBs.
template <class Port, class F>
void put_lanes(Port& port, int lanes, int bits, F lane) {
  if constexpr (std::is_integral_v<Port>) {
    uint32_t w[3] = {0, 0, 0};
    for (int i = 0; i < lanes; ++i) or_bits(w, i * bits, bits, uint64_t(lane(i)));
    port = Port(uint64_t(w[0]) | (uint64_t(w[1]) << 32));
  } else {
    constexpr size_t kWords = sizeof(port.m_storage) / sizeof(port.m_storage[0]);
    for (size_t i = 0; i < kWords; ++i) port.m_storage[i] = 0;
    for (int i = 0; i < lanes; ++i) or_bits(port.m_storage, i * bits, bits, uint64_t(lane(i)));
  }
}

template <class Port>
int64_t get_lane(const Port& port, int i, int bits) {
  if constexpr (std::is_integral_v<Port>) {
    const uint64_t v = uint64_t(port);
    const uint32_t w[3] = {uint32_t(v), uint32_t(v >> 32), 0};
    return get_bits(w, i * bits, bits);
  } else {
    return get_bits(port.m_storage, i * bits, bits);
  }
}

}  // namespace shiftadd::rtl_detail
