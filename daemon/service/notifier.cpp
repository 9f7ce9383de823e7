#include "daemon/service/notifier.hpp"

#include <systemd/sd-daemon.h>

#include <string>

namespace atpipe::daemon::service {
namespace {

void notify(const std::string& message) {
  // 0: keep NOTIFY_SOCKET, so that every later message reaches systemd too.
  (void)sd_notify(0, message.c_str());
}

// STATUS= is one line; a newline would start another assignment.
std::string one_line(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c == '\n' || c == '\r') {
      c = ' ';
    }
  }
  return out;
}

}  // namespace

void SystemdNotifier::ready(std::string_view status) {
  notify("READY=1\nSTATUS=" + one_line(status));
}

void SystemdNotifier::reloading() {
  notify("RELOADING=1\nSTATUS=reloading the config");
}

void SystemdNotifier::status(std::string_view status) {
  notify("STATUS=" + one_line(status));
}

void SystemdNotifier::stopping() {
  notify("STOPPING=1\nSTATUS=stopping");
}

void SystemdNotifier::watchdog() {
  notify("WATCHDOG=1");
}

std::optional<std::chrono::microseconds> SystemdNotifier::watchdog_interval() const {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) {
    return std::nullopt;
  }
  return std::chrono::microseconds(usec / 2);
}

}  // namespace atpipe::daemon::service
