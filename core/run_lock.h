#pragma once
// An exclusive lock on a run folder (<dir>/.lock, flock), held for the object's lifetime, so that a second
// process writing the same run (a concurrent --resume, a second search) is refused instead of interleaving
// its checkpoints with the first's.
#include <string>

namespace shiftadd {

class RunLock {
 public:
  // Creates dir; InputError if another process holds the lock.
  explicit RunLock(const std::string& dir);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace shiftadd
