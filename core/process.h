#pragma once
// Process set-up for executables: only a main() calls this, since it changes process-wide state (no
// library code does).
namespace shiftadd {

// Keeps freed heap blocks of up to 32 MB for reuse instead of returning them to the OS. The network
// kernels allocate and free activation tensors of a few MB per layer; with glibc's defaults each was a
// fresh mmap whose pages were zero-filled by page faults, about a third of an inherited-weight
// evaluation's time (docs/performance.md). Results do not change, only where memory comes from.
void tune_allocator();

}  // namespace shiftadd
