// tune_allocator() must really reach glibc: it once compiled to an empty function (its #if tested
// __GLIBC__ before any header defined it) and every activation was page-faulted in again.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#include "core/process.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define SHIFTADD_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SHIFTADD_ASAN 1
#endif
#endif

namespace shiftadd {
namespace {

TEST(Process, TuneAllocatorKeepsFreedActivationSizedBlocksInTheHeap) {
#if !defined(__GLIBC__) || defined(SHIFTADD_ASAN)
  GTEST_SKIP() << "glibc's allocator only (ASan replaces it)";
#else
  tune_allocator();
  constexpr size_t kBytes = 16 << 20;  // a 500-image activation is about this size
  const size_t mapped_before = mallinfo2().hblkhd;
  void* p = std::malloc(kBytes);
  ASSERT_NE(p, nullptr);
  std::memset(p, 1, kBytes);
  EXPECT_LT(mallinfo2().hblkhd, mapped_before + kBytes) << "a 16 MB block was mmapped (glibc's default)";
  std::free(p);
  EXPECT_GE(mallinfo2().fordblks, kBytes) << "the freed block went back to the OS";
#endif
}

}  // namespace
}  // namespace shiftadd
