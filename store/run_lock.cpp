#include "store/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <thread>
#include <utility>

#include "store/database.hpp"

namespace atpipe::store {
namespace {

core::Unexpected<core::Error> lock_error(const std::string& what, const std::filesystem::path& p) {
  return core::fail(core::ErrorCode::State, what + ": " + std::strerror(errno),
                    core::Provenance{"", p.string(), 0, ""});
}

std::string seconds_text(std::chrono::milliseconds wait) {
  auto ms = wait.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

}  // namespace

std::filesystem::path RunLock::lock_path(const std::filesystem::path& database) {
  return database.string() + ".lock";
}

core::Expected<RunLock> RunLock::acquire(const std::filesystem::path& database,
                                         std::chrono::milliseconds wait) {
  const auto path = lock_path(database);
  if (path.has_parent_path()) {
    if (auto made = make_private_folders(path.parent_path()); !made) {
      return core::fail(made.error());
    }
  }
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return lock_error("cannot open the run lock", path);
  }
  RunLock lock(fd);
  // Polled rather than blocking so that the wait is bounded; the interval only sets how soon a
  // waiting run notices that the other one has finished.
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      return lock_error("cannot take the run lock", path);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return core::fail(core::ErrorCode::Busy,
                        "another atpipe run is working on this state; gave up waiting after " +
                            seconds_text(wait) + " (see --lock-wait)",
                        core::Provenance{"", path.string(), 0, ""});
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return lock;
}

RunLock::RunLock(RunLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

RunLock::~RunLock() {
  if (fd_ >= 0) {
    ::close(fd_);  // releases the flock
  }
}

}  // namespace atpipe::store
