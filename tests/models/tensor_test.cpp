// Tensor storage (models/tensor.h): a new tensor is zero unless asked for Tensor::uninitialized, whose
// storage allocator leaves values unset (the fixed conv kernels write every output themselves).
#include "models/tensor.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace shiftadd::nn {
namespace {

TEST(Tensor, NewTensorsAreZeroEvenInReusedMemory) {
  const Shape shape = {4, 8, 28, 28};
  for (int round = 0; round < 3; ++round) {
    {
      Tensor dirty = Tensor::uninitialized(shape);
      dirty.fill(7.f);  // freed below; the allocator will likely hand this memory back
    }
    const Tensor t(shape);
    ASSERT_EQ(t.numel(), 4 * 8 * 28 * 28);
    for (int64_t i = 0; i < t.numel(); ++i) ASSERT_EQ(t[i], 0.f) << "round " << round << ", value " << i;
    const Tensor z = Tensor::zeros_like(t);
    for (int64_t i = 0; i < z.numel(); ++i) ASSERT_EQ(z[i], 0.f);
  }
}

TEST(Tensor, UninitializedHasTheShapeAndCopiesByValue) {
  Tensor u = Tensor::uninitialized({2, 3});
  EXPECT_EQ(u.shape(), (Shape{2, 3}));
  EXPECT_EQ(u.numel(), 6);
  u.fill(2.f);
  const Tensor copy = u;
  u[0] = 5.f;
  EXPECT_EQ(copy[0], 2.f);
  EXPECT_EQ(Tensor({2}, std::vector<float>{1.f, 2.f})[1], 2.f);
  EXPECT_THROW(Tensor({3}, std::vector<float>{1.f}), InputError);
}

}  // namespace
}  // namespace shiftadd::nn
