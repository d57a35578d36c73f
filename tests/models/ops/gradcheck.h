#pragma once
// Central finite differences for the op tests. The scalar is L = sum(f() * r) with a fixed random r,
// accumulated in double so that the float32 forward's rounding is the only noise: with |L| ~ 10 and
// float eps 6e-8 that noise is ~1e-6, i.e. ~1e-4 / h in the difference quotient, and the truncation
// error of central differences is O(h^2 * f'''). Each test picks h and tolerances from those two terms.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/rng.h"
#include "models/tensor.h"

namespace shiftadd::nn::testing {

inline double weighted_sum(const Tensor& y, const Tensor& r) {
  double s = 0;
  for (int64_t i = 0; i < y.numel(); ++i) s += double(y[i]) * double(r[i]);
  return s;
}

// Up to max_checks element indices of t, spread deterministically over the tensor.
inline std::vector<int64_t> check_indices(const Tensor& t, int64_t max_checks) {
  std::vector<int64_t> idx;
  const int64_t n = t.numel();
  const int64_t step = std::max<int64_t>(1, n / max_checks);
  for (int64_t i = 0; i < n && int64_t(idx.size()) < max_checks; i += step) idx.push_back(i);
  return idx;
}

// Compares analytic gradient `g` of tensor `t` with central differences of L = sum(f() * r).
// f must recompute the output from the current contents of t.
template <class F>
void expect_fd_grad(Tensor& t, const Tensor& g, const Tensor& r, F&& f, float h, double atol, double rtol,
                    const char* what, int64_t max_checks = 48) {
  ASSERT_EQ(t.shape(), g.shape()) << what;
  for (int64_t i : check_indices(t, max_checks)) {
    const float saved = t[i];
    t[i] = saved + h;
    const double lp = weighted_sum(f(), r);
    t[i] = saved - h;
    const double lm = weighted_sum(f(), r);
    t[i] = saved;
    const double fd = (lp - lm) / (2.0 * double(h));
    EXPECT_NEAR(g[i], fd, atol + rtol * std::fabs(fd)) << what << " element " << i;
  }
}

inline Tensor rnd(Shape s, uint64_t seed, float lo = -1.f, float hi = 1.f) {
  Rng rng(seed);
  return Tensor::uniform(std::move(s), rng, lo, hi);
}

inline bool bit_equal(const Tensor& a, const Tensor& b) {
  return a.shape() == b.shape() && a.values() == b.values();
}

}  // namespace shiftadd::nn::testing
