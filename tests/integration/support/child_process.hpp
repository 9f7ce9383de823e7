#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace atpipe::testing {

// Who a child runs as: PostgreSQL refuses to run as root, so under root (as in CI) the
// launchers run it as the `postgres` account that the Debian package creates.
struct RunAs {
  uid_t uid = 0;
  gid_t gid = 0;
};

// The account to run servers that refuse root: `postgres` when we are root, else nobody.
[[nodiscard]] std::optional<RunAs> postgres_account_if_root();

// A server process started by a test: its output goes to `log`, it is killed with
// PR_SET_PDEATHSIG if the test process dies first, and stop() (or the destructor) ends it and
// reaps it. Owned by one test fixture; not shared between threads.
class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& log,
               std::optional<RunAs> as = std::nullopt);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;

  [[nodiscard]] bool running() const { return pid_ > 0; }
  // Sends `signal`, waits up to `grace`, then SIGKILL.
  void stop(int signal, std::chrono::milliseconds grace = std::chrono::seconds(10));

 private:
  pid_t pid_ = -1;
};

// Runs a command to completion (output to `log`) and returns its exit status, or -1 when it
// could not run or took longer than `limit` (it is then killed).
[[nodiscard]] int run_command(const std::vector<std::string>& argv,
                              const std::filesystem::path& log,
                              std::optional<RunAs> as = std::nullopt,
                              std::chrono::seconds limit = std::chrono::seconds(60));

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
[[nodiscard]] int free_local_port();

// True once something accepts TCP connections on 127.0.0.1:`port`, false after `limit`.
[[nodiscard]] bool wait_for_port(int port, std::chrono::milliseconds limit);

// The whole contents of a text file ("" when missing).
[[nodiscard]] std::string slurp(const std::filesystem::path& file);

// A fresh 0700 folder under /tmp, removed with everything in it at the end. `owner`, when
// set, becomes its owner so a server running as another account can write into it.
class ServerDir {
 public:
  explicit ServerDir(const std::string& tag, std::optional<RunAs> owner = std::nullopt);
  ~ServerDir();
  ServerDir(const ServerDir&) = delete;
  ServerDir& operator=(const ServerDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace atpipe::testing
