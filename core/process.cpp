#include "core/process.h"

#include <cstddef>  // defines __GLIBC__ (through <features.h>), which the test below needs

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace shiftadd {

void tune_allocator() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's maximum on 64-bit
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

}  // namespace shiftadd
