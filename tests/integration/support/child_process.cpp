#include "tests/integration/support/child_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

namespace atpipe::testing {
namespace {

using Clock = std::chrono::steady_clock;

pid_t spawn(const std::vector<std::string>& argv, const std::filesystem::path& log,
            std::optional<RunAs> as) {
  // Everything the child needs is prepared before fork(): after it, only system calls.
  std::vector<char*> args;
  for (const auto& arg : argv) {
    args.push_back(const_cast<char*>(arg.c_str()));  // NOLINT: execv's historical signature
  }
  args.push_back(nullptr);
  const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (out < 0) {
    throw std::system_error(errno, std::generic_category(), "cannot open " + log.string());
  }
  if (as) {
    (void)::fchown(out, as->uid, as->gid);
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) {
      ::_exit(126);
    }
    const int null_in = ::open("/dev/null", O_RDONLY);
    ::dup2(null_in, 0);
    ::dup2(out, 1);
    ::dup2(out, 2);
    if (as) {
      if (::setgroups(0, nullptr) != 0 || ::setgid(as->gid) != 0 || ::setuid(as->uid) != 0) {
        ::_exit(126);
      }
    }
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(out);
  if (pid < 0) {
    throw std::system_error(errno, std::generic_category(), "fork");
  }
  return pid;
}

// waitpid with a deadline; true when the child was reaped (its status in `status`).
bool wait_until(pid_t pid, Clock::time_point deadline, int& status) {
  while (true) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) {
      return true;
    }
    if (Clock::now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

std::optional<RunAs> postgres_account_if_root() {
  if (::geteuid() != 0) {
    return std::nullopt;
  }
  const passwd* account = ::getpwnam("postgres");
  if (account == nullptr) {
    throw std::runtime_error(
        "running as root but there is no 'postgres' account to run "
        "PostgreSQL as (is the postgresql package installed?)");
  }
  return RunAs{account->pw_uid, account->pw_gid};
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& log,
                           std::optional<RunAs> as)
    : pid_(spawn(argv, log, as)) {}

ChildProcess::~ChildProcess() {
  stop(SIGKILL, std::chrono::seconds(5));
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept : pid_(std::exchange(other.pid_, -1)) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    stop(SIGKILL, std::chrono::seconds(5));
    pid_ = std::exchange(other.pid_, -1);
  }
  return *this;
}

void ChildProcess::stop(int signal, std::chrono::milliseconds grace) {
  if (pid_ <= 0) {
    return;
  }
  ::kill(pid_, signal);
  int status = 0;
  if (!wait_until(pid_, Clock::now() + grace, status)) {
    ::kill(pid_, SIGKILL);
    (void)wait_until(pid_, Clock::now() + std::chrono::seconds(5), status);
  }
  pid_ = -1;
}

int run_command(const std::vector<std::string>& argv, const std::filesystem::path& log,
                std::optional<RunAs> as, std::chrono::seconds limit) {
  const pid_t pid = spawn(argv, log, as);
  int status = 0;
  if (!wait_until(pid, Clock::now() + limit, status)) {
    ::kill(pid, SIGKILL);
    (void)wait_until(pid, Clock::now() + std::chrono::seconds(5), status);
    return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int free_local_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::system_error(errno, std::generic_category(), "cannot find a free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

bool wait_for_port(int port, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool connected =
        fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    if (fd >= 0) {
      ::close(fd);
    }
    if (connected) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

ServerDir::ServerDir(const std::string& tag, std::optional<RunAs> owner) {
  std::string pattern = (std::filesystem::temp_directory_path() / ("atpipe_" + tag + "_XXXXXX"));
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp");
  }
  path_ = pattern;
  if (owner && ::chown(path_.c_str(), owner->uid, owner->gid) != 0) {
    throw std::system_error(errno, std::generic_category(), "chown " + path_.string());
  }
}

ServerDir::~ServerDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace atpipe::testing
