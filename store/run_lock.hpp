#pragma once

#include <chrono>
#include <filesystem>

#include "core/expected.hpp"

namespace atpipe::store {

// The run lock (design.md "State"): an flock(2) held on "<state database>.lock" for the whole
// of a run, so that one run at a time works on a state. It is a file of its own, never the
// database, its WAL or its shared memory, whose POSIX locks belong to SQLite. Readers
// (`atpipe runs`, `atpipe queries`) do not take it. Released when destroyed, or by the kernel
// when the process dies. Owned by the run; move-only.
class RunLock {
 public:
  // Waits up to `wait` for the lock; ErrorCode::Busy when another process still holds it.
  [[nodiscard]] static core::Expected<RunLock> acquire(const std::filesystem::path& database,
                                                       std::chrono::milliseconds wait);
  [[nodiscard]] static std::filesystem::path lock_path(const std::filesystem::path& database);

  RunLock(RunLock&& other) noexcept;
  RunLock& operator=(RunLock&&) = delete;
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  ~RunLock();

 private:
  explicit RunLock(int fd) : fd_(fd) {}

  int fd_ = -1;
};

}  // namespace atpipe::store
