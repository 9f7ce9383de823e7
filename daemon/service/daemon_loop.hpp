#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>

#include "daemon/service/daemon.hpp"
#include "daemon/service/notifier.hpp"

namespace atpipe::daemon::service {

struct LoopOptions {
  // How long SIGTERM waits for a step that is running before abandoning it. An abandoned step
  // is not recorded as done, so the restart runs it; a run's output set and state change whole
  // or not at all, so nothing is left half-written.
  std::chrono::milliseconds stop_bound{std::chrono::seconds(30)};
  // The longest the timer sleeps before looking at the wall clock again, so that a clock set
  // forward or a machine waking from suspend does not delay a step for long.
  std::chrono::milliseconds recheck{std::chrono::seconds(60)};
};

// Drives a Daemon on one Boost.Asio io_context: a steady timer armed for the next step, the
// signals (SIGHUP reloads, SIGTERM and SIGINT stop), the systemd notifications and watchdog.
// Steps run one at a time on a worker thread, so signals and the watchdog are served while a
// run is under way. Owned by the daemon command; run() blocks on the calling thread.
class DaemonLoop {
 public:
  DaemonLoop(Daemon& daemon, Notifier& notifier, LoopOptions options);

  // Returns when stopped: 0; 1 when a step had to be abandoned; 5 when the state store could
  // not be read at start.
  int run();
  // For status servers that share the io_context.
  [[nodiscard]] boost::asio::io_context& io() { return io_; }

 private:
  void start_tick();
  void on_tick_done();
  void arm_timer();
  void wait_signal();
  void on_signal(int signal);
  void ping_watchdog();
  void finish();

  Daemon& daemon_;
  Notifier& notifier_;
  LoopOptions options_;
  boost::asio::io_context io_;
  boost::asio::thread_pool worker_{1};
  boost::asio::steady_timer timer_;
  boost::asio::steady_timer watchdog_;
  boost::asio::steady_timer grace_;
  boost::asio::signal_set signals_;
  bool busy_ = false;
  bool stopping_ = false;
  int exit_code_ = 0;
};

}  // namespace atpipe::daemon::service
