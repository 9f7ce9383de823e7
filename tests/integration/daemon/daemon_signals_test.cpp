#include <arpa/inet.h>
#include <date/date.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <csignal>

#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "config/status_model.hpp"
#include "daemon/status/status_client.hpp"
#include "tests/support/run_binary.hpp"

// `atpipe daemon` as systemd runs it: started on the fixture config with a schedule, told to
// reload a broken then a good config (SIGHUP), and stopped with SIGTERM within its bound. The
// sd_notify messages are read from a NOTIFY_SOCKET the test owns, as systemd would.

using atpipe::testing::read_file;
using atpipe::testing::TempDir;
using namespace std::chrono_literals;

namespace {

const std::filesystem::path kRoot = ATPIPE_SOURCE_DIR;

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

void write_config(const TempDir& dir, const std::string& schedule) {
  std::string text = read_file(kRoot / "config/examples/icb_example.yaml");
  replace_all(text, "../../fixtures/", (kRoot / "fixtures").string() + "/");
  replace_all(text, "${ATPIPE_OUT_DIR:-../../out}", (dir.path() / "out").string());
  replace_all(text, "${ATPIPE_STATE_DIR:-../../out}", (dir.path() / "state").string());
  // Written aside and renamed, as an editor or config management does.
  const auto tmp = dir.path() / "config.yaml.new";
  std::ofstream(tmp) << text << schedule;
  std::filesystem::rename(tmp, dir.path() / "config.yaml");
}

// A datagram socket standing in for systemd's notify socket, read all the time as systemd
// does (a full queue would block the daemon's sd_notify: max_dgram_qlen is 10).
class NotifySocket {
 public:
  explicit NotifySocket(const std::filesystem::path& path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(path.string().size() < sizeof addr.sun_path);
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    reader_ = std::thread([this] {
      char buf[4096];
      while (!done_.load()) {
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n > 0) {
          std::lock_guard lock(mutex_);
          received_.append(buf, static_cast<std::size_t>(n)).push_back('\n');
        } else {
          std::this_thread::sleep_for(5ms);
        }
      }
    });
  }
  ~NotifySocket() {
    done_.store(true);
    reader_.join();
    ::close(fd_);
  }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  // Everything received so far, messages joined by newlines.
  std::string drain() {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  int fd_ = -1;
  std::atomic<bool> done_{false};
  std::mutex mutex_;
  std::string received_;
  std::thread reader_;
};

// The daemon process, its stderr in `log`; killed if the test ends without stopping it.
class Daemon {
 public:
  Daemon(const std::filesystem::path& config, const std::filesystem::path& log,
         const std::filesystem::path& notify_socket, const char* stop_timeout = "20") {
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::setenv("NOTIFY_SOCKET", notify_socket.c_str(), 1);
      ::setenv("WATCHDOG_USEC", "400000", 1);  // WatchdogSec=0.4s: a ping every 0.2 s
      ::execl(ATPIPE_BINARY, ATPIPE_BINARY, "daemon", "--config", config.c_str(), "--stop-timeout",
              stop_timeout, static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  ~Daemon() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  void signal(int sig) const { REQUIRE(::kill(pid_, sig) == 0); }
  // The exit status once it has exited within `limit`, else nullopt.
  std::optional<int> wait_exit(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
  }

 private:
  pid_t pid_ = -1;
};

// Polls `done` until it holds or `limit` passes; a time limit, not a sleep that hopes.
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit = 20s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) {
      return true;
    }
    std::this_thread::sleep_for(20ms);
  }
  return done();
}

bool log_has(const std::filesystem::path& log, const std::string& text) {
  return read_file(log).find(text) != std::string::npos;
}

const std::string kSchedule = "\nschedule:\n  cut: month-end\n  pulls: { at: \"02:00\" }\n";

// A port nothing listens on now (the kernel's pick for port 0), for the daemon's status API.
std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// GET `target` from the daemon's status API; the body, or "" when it did not answer 2xx.
std::string get(std::uint16_t port, const std::string& target) {
  atpipe::config::StatusSpec client;
  client.port = port;
  auto body = atpipe::daemon::status::fetch_from_server(client, target, std::chrono::seconds(5));
  return body ? *body : std::string();
}

}  // namespace

TEST_CASE(
    "daemon: SIGHUP refuses a broken config, takes a good one; it serves /healthz, /status and "
    "/metrics; SIGTERM stops it in time",
    "[integration][daemon]") {
  TempDir dir("daemon_signals");
  const auto port = free_port();
  const std::string status_yaml =
      "status: { listen: \"127.0.0.1:" + std::to_string(port) + "\" }\n";
  write_config(dir, kSchedule + status_yaml);
  NotifySocket notify(dir.path() / "notify.sock");
  const auto log = dir.path() / "daemon.log";
  Daemon daemon(dir.path() / "config.yaml", log, dir.path() / "notify.sock");

  REQUIRE(eventually([&] { return log_has(log, "atpipe daemon ready"); }));
  REQUIRE(eventually([&] { return notify.drain().find("READY=1") != std::string::npos; }));
  CHECK(notify.drain().find("STATUS=config generation 1; next cut ") != std::string::npos);
  REQUIRE(eventually([&] { return notify.drain().find("WATCHDOG=1") != std::string::npos; }));

  // The status API on the daemon's own event loop, with what only the daemon knows.
  REQUIRE(eventually([&] { return !get(port, "/healthz").empty(); }));
  CHECK(get(port, "/healthz") == "{\"up\":true,\"config_loaded\":true,\"state_store\":true}\n");
  const auto running = get(port, "/status");
  CHECK(running.find("\"state\":\"running\"") != std::string::npos);
  CHECK(running.find("\"config_version\":\"generation 1\"") != std::string::npos);
  CHECK(running.find("\"next_cut\":\"") != std::string::npos);
  const auto metrics = get(port, "/metrics");
  CHECK(metrics.find("atpipe_daemon_running 1\n") != std::string::npos);
  CHECK(metrics.find("atpipe_up 1\n") != std::string::npos);

  // A broken config: refused, its error in the log at file:line:col, the old one stays.
  write_config(dir, kSchedule + "  bogus: 1\n" + status_yaml);
  daemon.signal(SIGHUP);
  REQUIRE(eventually([&] { return log_has(log, "config reload refused; the config in force"); }));
  CHECK(log_has(log, "config.yaml:"));
  CHECK(log_has(log, "unknown key 'bogus' in schedule"));
  CHECK_FALSE(log_has(log, "config reloaded"));

  // A good one: reloaded, generation 2, systemd told RELOADING then READY.
  write_config(dir, "\nschedule: { cut: month-end, pulls: { at: \"03:00\" } }\n" + status_yaml);
  daemon.signal(SIGHUP);
  REQUIRE(eventually([&] { return log_has(log, "(generation 2)"); }));
  CHECK(get(port, "/status").find("\"config_version\":\"generation 2\"") != std::string::npos);
  REQUIRE(eventually(
      [&] { return notify.drain().find("STATUS=config generation 2") != std::string::npos; }));
  CHECK(notify.drain().find("RELOADING=1") != std::string::npos);

  // SIGTERM: STOPPING, a clean exit well within the bound.
  const auto asked = std::chrono::steady_clock::now();
  daemon.signal(SIGTERM);
  const auto status = daemon.wait_exit(10s);
  REQUIRE(status.has_value());
  CHECK(*status == 0);
  CHECK(std::chrono::steady_clock::now() - asked < 5s);
  CHECK(log_has(log, "atpipe daemon stopped"));
  CHECK(notify.drain().find("STOPPING=1") != std::string::npos);
  // The first start set the schedule's baseline in the state, for the next start's catch-up.
  CHECK(std::filesystem::exists(dir.path() / "state/state.db"));
}

TEST_CASE("daemon: a config without schedule: is refused at start", "[integration][daemon]") {
  TempDir dir("daemon_no_schedule");
  write_config(dir, "");
  auto result = atpipe::testing::run_atpipe({"daemon", "--config", (dir.path() / "config.yaml")});
  CHECK(result.exit_code == 3);
  CHECK(result.err.find("no 'schedule:' section") != std::string::npos);
}

TEST_CASE(
    "daemon: a --status-listen that is not HOST:PORT, or off loopback without a token, "
    "is refused at start",
    "[integration][daemon]") {
  TempDir dir("daemon_status_listen");
  write_config(dir, kSchedule);
  const auto config = (dir.path() / "config.yaml").string();
  auto bad = atpipe::testing::run_atpipe({"daemon", "--config", config, "--status-listen", "8470"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--status-listen must be HOST:PORT") != std::string::npos);
  auto open = atpipe::testing::run_atpipe(
      {"daemon", "--config", config, "--status-listen", "0.0.0.0:8470"});
  CHECK(open.exit_code == 3);
  CHECK(open.err.find("0.0.0.0 is not a loopback address; give status.token") != std::string::npos);
}

TEST_CASE("logs: journald priorities and no timestamps under systemd, no patient data",
          "[integration][daemon]") {
  TempDir dir("daemon_journal");
  write_config(dir, kSchedule);
  const auto log = dir.path() / "run.log";
  // JOURNAL_STREAM names stderr's device and inode, as systemd sets it for a unit's stderr.
  const std::string command =
      "exec 2>'" + log.string() + "'; JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2) exec '" +
      std::string(ATPIPE_BINARY) + "' run --once --config '" +
      (dir.path() / "config.yaml").string() + "' --period 2026-10 --today 2026-11-23 >/dev/null";
  REQUIRE(std::system(command.c_str()) == 0);
  const auto lines = atpipe::testing::read_lines(log);
  REQUIRE(lines.size() > 5);
  std::size_t info = 0;
  for (const auto& line : lines) {
    INFO(line);
    CHECK((line.starts_with("<6>[") || line.starts_with("<4>[") || line.starts_with("<3>[")));
    info += line.starts_with("<6>[atpipe] run ") ? 1 : 0;
    // No NHS number (the fixtures' are all 999 range, written with spaces, dashes or neither).
    CHECK_FALSE(std::regex_search(line, std::regex("999[ -]?[0-9]{3}[ -]?[0-9]{4}")));
  }
  CHECK(info == 1);
}

TEST_CASE("daemon: SIGTERM during a catch-up cut lets it finish, and a restart resumes",
          "[integration][daemon]") {
  TempDir dir("daemon_stop_in_step");
  write_config(dir, kSchedule);
  const auto state = dir.path() / "state/state.db";
  {
    // A first start sets the baseline; it is then moved 40 days back, as if the daemon had
    // been down over a month end since.
    NotifySocket notify(dir.path() / "n1.sock");
    Daemon first(dir.path() / "config.yaml", dir.path() / "first.log", dir.path() / "n1.sock");
    REQUIRE(eventually([&] { return log_has(dir.path() / "first.log", "daemon ready"); }));
    first.signal(SIGTERM);
    REQUIRE(first.wait_exit(10s) == std::optional<int>(0));
  }
  const auto back = date::floor<std::chrono::seconds>(std::chrono::system_clock::now()) -
                    std::chrono::hours(24 * 40);
  const std::string update = "sqlite3 '" + state.string() +
                             "' \"UPDATE schedule_steps SET due_at = '" +
                             date::format("%FT%TZ", back) + "' WHERE step = 'baseline'\"";
  REQUIRE(std::system(update.c_str()) == 0);

  NotifySocket notify(dir.path() / "n2.sock");
  const auto log = dir.path() / "second.log";
  {
    Daemon second(dir.path() / "config.yaml", log, dir.path() / "n2.sock");
    REQUIRE(eventually([&] { return log_has(log, "step cut:"); }));
    CHECK(log_has(log, "atpipe daemon ready"));
    second.signal(SIGTERM);
    // The cut under way finishes (well within the 20 s bound) and is recorded; the pull
    // that would follow it is left for the restart.
    REQUIRE(second.wait_exit(30s) == std::optional<int>(0));
  }
  // Which steps the second start finished, and which one it left.
  const auto text = read_file(log);
  std::vector<std::string> finished;
  const std::regex finished_re("step (\\S+) finished: ok");
  for (std::sregex_iterator it(text.begin(), text.end(), finished_re), end; it != end; ++it) {
    finished.push_back((*it)[1]);
  }
  std::smatch left;
  REQUIRE(std::regex_search(text, left, std::regex("stopping before step (\\S+);")));
  REQUIRE_FALSE(finished.empty());
  CHECK(finished.front().starts_with("cut:"));
  CHECK(text.find("finished: ok: run ") != std::string::npos);
  CHECK(notify.drain().find("READY=1") != std::string::npos);  // ready before the catch-up

  const auto third_log = dir.path() / "third.log";
  NotifySocket notify3(dir.path() / "n3.sock");
  Daemon third(dir.path() / "config.yaml", third_log, dir.path() / "n3.sock");
  REQUIRE(eventually([&] { return log_has(third_log, "daemon ready"); }));
  // READY comes before the catch-up: wait for the step left last time (the catch-up runs in
  // order, so a finished step run again would be logged before it).
  CHECK(eventually([&] { return log_has(third_log, "step " + left[1].str() + " ("); }));
  for (const auto& key : finished) {
    CHECK_FALSE(log_has(third_log, "step " + key + " ("));  // done once, not again
  }
  third.signal(SIGTERM);
  CHECK(third.wait_exit(10s) == std::optional<int>(0));
}

TEST_CASE("daemon: a state store it cannot open at start ends it with status 5",
          "[integration][daemon]") {
  TempDir dir("daemon_bad_state");
  write_config(dir, kSchedule);
  std::ofstream(dir.path() / "state") << "a file where the state folder should be\n";
  NotifySocket notify(dir.path() / "notify.sock");
  const auto log = dir.path() / "daemon.log";
  Daemon daemon(dir.path() / "config.yaml", log, dir.path() / "notify.sock");
  const auto status = daemon.wait_exit(20s);
  REQUIRE(status.has_value());
  CHECK(*status == 5);
  CHECK(log_has(log, "the state store is unreadable"));
  CHECK(notify.drain().find("READY=1") == std::string::npos);
}

namespace {

// A TCP port on 127.0.0.1 that accepts connections into its backlog and never answers: a
// postgres source pointed at it waits, so a step that pulls it hangs until it is abandoned.
class SilentServer {
 public:
  SilentServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd_, 8) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentServer() { ::close(fd_); }
  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;
  [[nodiscard]] int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

std::string sqlite_scalar(const std::filesystem::path& db, const std::string& sql) {
  const std::string command = "sqlite3 '" + db.string() + "' \"" + sql + "\"";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buf[256] = {};
  std::string out = std::fgets(buf, sizeof buf, pipe) ? buf : "";
  ::pclose(pipe);
  while (!out.empty() && out.back() == '\n') {
    out.pop_back();
  }
  return out;
}

}  // namespace

TEST_CASE("daemon: a step that outlasts the stop bound is abandoned and rerun on restart",
          "[integration][daemon]") {
  TempDir dir("daemon_abandon");
  SilentServer silent;
  const std::string hanging =
      "sources:\n  hanging_register:\n    type: postgres\n    role: at\n"
      "    dsn: \"host=127.0.0.1 port=" +
      std::to_string(silent.port()) +
      " dbname=at user=at\"\n    query: \"select 1\"\n"
      "    connect_timeout_seconds: 60\n    mapping:\n"
      "      local_id: \"id\"\n      nhs_number: \"nhs\"\n";
  const auto config = dir.path() / "config.yaml";
  write_config(dir, kSchedule);
  std::string text = read_file(config);
  text.replace(text.find("sources:\n"), 9, hanging);
  std::ofstream(config) << text;
  const auto state = dir.path() / "state/state.db";
  {
    NotifySocket notify(dir.path() / "n1.sock");
    Daemon first(config, dir.path() / "first.log", dir.path() / "n1.sock");
    REQUIRE(eventually([&] { return log_has(dir.path() / "first.log", "daemon ready"); }));
    first.signal(SIGTERM);
    REQUIRE(first.wait_exit(10s) == std::optional<int>(0));
  }
  const auto back = date::floor<std::chrono::seconds>(std::chrono::system_clock::now()) -
                    std::chrono::hours(24 * 40);
  (void)sqlite_scalar(state, "UPDATE schedule_steps SET due_at = '" + date::format("%FT%TZ", back) +
                                 "' WHERE step = 'baseline'");

  const auto log = dir.path() / "second.log";
  NotifySocket notify(dir.path() / "n2.sock");
  {
    Daemon second(config, log, dir.path() / "n2.sock", "5");
    REQUIRE(eventually([&] { return log_has(log, "step cut:"); }));
    const auto asked = std::chrono::steady_clock::now();
    second.signal(SIGTERM);
    // --stop-timeout 5: the hung cut is abandoned after 5 s, not waited out.
    const auto status = second.wait_exit(15s);
    INFO(read_file(log));
    INFO("status " << status.value_or(-1));
    REQUIRE(status == std::optional<int>(1));
    CHECK(std::chrono::steady_clock::now() - asked < 8s);
  }
  CHECK(log_has(log, "did not finish within 5000 ms: abandoned; a restart runs it"));
  CHECK(sqlite_scalar(state, "SELECT count(*) FROM schedule_steps WHERE step LIKE 'cut:%'") == "0");
  CHECK(notify.drain().find("STOPPING=1") != std::string::npos);

  // With the source fixed, the restart runs the abandoned cut.
  write_config(dir, kSchedule);
  const auto third_log = dir.path() / "third.log";
  NotifySocket notify3(dir.path() / "n3.sock");
  Daemon third(config, third_log, dir.path() / "n3.sock");
  REQUIRE(eventually([&] { return log_has(third_log, "finished: ok: run "); }, 60s));
  third.signal(SIGTERM);
  CHECK(third.wait_exit(15s).has_value());
  CHECK(sqlite_scalar(state,
                      "SELECT count(*) FROM schedule_steps WHERE step LIKE 'cut:%' AND "
                      "outcome = 'ok'") != "0");
}
