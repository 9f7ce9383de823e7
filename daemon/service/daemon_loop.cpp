#include "daemon/service/daemon_loop.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <csignal>
#include <cstdlib>

namespace atpipe::daemon::service {
namespace {

std::string status_line(const DaemonView& v) {
  std::string out = "config generation " + std::to_string(v.config_generation);
  if (v.next_cut) {
    out += "; next cut " + *v.next_cut;
  }
  if (v.next_submission) {
    out += "; next submission " + *v.next_submission;
  }
  if (v.next_pull) {
    out += "; next pull " + *v.next_pull;
  }
  return out;
}

}  // namespace

DaemonLoop::DaemonLoop(Daemon& daemon, Notifier& notifier, LoopOptions options)
    : daemon_(daemon),
      notifier_(notifier),
      options_(options),
      timer_(io_),
      watchdog_(io_),
      grace_(io_),
      signals_(io_, SIGHUP, SIGTERM, SIGINT) {}

int DaemonLoop::run() {
  // A state store it cannot read at start is not something the daemon can wait out; systemd
  // restarts it (Restart=on-failure) and the restart catches up.
  if (auto state = daemon_.check_state(); !state) {
    spdlog::critical("atpipe daemon cannot start: the state store is unreadable: {}",
                     state.error().describe());
    return 5;
  }
  // Ready before the catch-up: missed runs are work, not start-up, and may take longer than
  // systemd waits for a start (TimeoutStartSec).
  const auto line = status_line(daemon_.view());
  notifier_.ready(line);
  spdlog::info("atpipe daemon ready: {}", line);
  wait_signal();
  ping_watchdog();
  // The first tick is the catch-up: whatever was missed while the daemon was down.
  start_tick();
  io_.run();
  worker_.join();
  return exit_code_;
}

void DaemonLoop::start_tick() {
  busy_ = true;
  boost::asio::post(worker_, [this] {
    daemon_.tick();
    boost::asio::post(io_, [this] { on_tick_done(); });
  });
}

void DaemonLoop::on_tick_done() {
  busy_ = false;
  if (stopping_) {
    finish();
    return;
  }
  notifier_.status(status_line(daemon_.view()));
  arm_timer();
}

void DaemonLoop::arm_timer() {
  auto wait = options_.recheck;
  if (const auto next = daemon_.next_step()) {
    const auto until = next->due - daemon_.now();
    wait = std::clamp<std::chrono::milliseconds>(
        std::chrono::duration_cast<std::chrono::milliseconds>(until) + std::chrono::milliseconds(1),
        std::chrono::milliseconds(0), options_.recheck);
  }
  timer_.expires_after(wait);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping_ || busy_) {
      return;
    }
    // The timer only bounds the sleep; the wall clock says whether the step is due.
    const auto next = daemon_.next_step();
    if (next && next->due <= daemon_.now()) {
      start_tick();
    } else {
      arm_timer();
    }
  });
}

void DaemonLoop::wait_signal() {
  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (ec) {
      return;
    }
    on_signal(signal);
    wait_signal();
  });
}

void DaemonLoop::on_signal(int signal) {
  if (signal == SIGHUP) {
    spdlog::info("SIGHUP: reloading the config");
    notifier_.reloading();
    daemon_.reload();
    const auto line = status_line(daemon_.view());
    notifier_.ready(line);
    if (!busy_ && !stopping_) {
      timer_.cancel();
      arm_timer();
    }
    return;
  }
  if (stopping_) {
    spdlog::warn("second stop signal: abandoning the step under way; a restart runs it again");
    exit_code_ = 1;
    finish();
    return;
  }
  stopping_ = true;
  spdlog::info("{}: stopping", signal == SIGTERM ? "SIGTERM" : "SIGINT");
  notifier_.stopping();
  daemon_.request_stop();
  timer_.cancel();
  if (!busy_) {
    finish();
    return;
  }
  spdlog::info("waiting up to {} ms for the step under way", options_.stop_bound.count());
  grace_.expires_after(options_.stop_bound);
  grace_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) {
      return;
    }
    spdlog::warn("the step under way did not finish within {} ms: abandoned; a restart runs it",
                 options_.stop_bound.count());
    exit_code_ = 1;
    finish();
  });
}

void DaemonLoop::ping_watchdog() {
  const auto interval = notifier_.watchdog_interval();
  if (!interval) {
    return;
  }
  notifier_.watchdog();
  watchdog_.expires_after(*interval);
  watchdog_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) {
      ping_watchdog();
    }
  });
}

void DaemonLoop::finish() {
  if (busy_) {
    // The worker is still inside a step. Its run holds no lock the kernel will not release,
    // and its output set is renamed into place whole or not at all; leave without waiting.
    spdlog::default_logger()->flush();
    std::_Exit(exit_code_);
  }
  spdlog::info("atpipe daemon stopped");
  timer_.cancel();
  watchdog_.cancel();
  grace_.cancel();
  signals_.cancel();
  io_.stop();
}

}  // namespace atpipe::daemon::service
