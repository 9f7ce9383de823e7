#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace atpipe::daemon::service {

// What the daemon tells its supervisor (sd_notify(3)): ready, reloading, stopping, a status
// line and the watchdog ping. Owned by the daemon command; called from its io_context thread.
class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual void ready(std::string_view status) = 0;
  virtual void reloading() = 0;
  virtual void status(std::string_view status) = 0;
  virtual void stopping() = 0;
  virtual void watchdog() = 0;
  // How often to ping the watchdog (half of WatchdogSec), or nullopt when it is off.
  [[nodiscard]] virtual std::optional<std::chrono::microseconds> watchdog_interval() const = 0;
};

// sd_notify through libsystemd; every call is a no-op when NOTIFY_SOCKET is not set (not run
// by systemd), so the same binary runs in a terminal.
class SystemdNotifier final : public Notifier {
 public:
  // Notifier
  void ready(std::string_view status) override;
  void reloading() override;
  void status(std::string_view status) override;
  void stopping() override;
  void watchdog() override;
  [[nodiscard]] std::optional<std::chrono::microseconds> watchdog_interval() const override;
};

}  // namespace atpipe::daemon::service
