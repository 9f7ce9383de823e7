#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "config/model.hpp"
#include "config/source_registry.hpp"
#include "core/date_value.hpp"
#include "core/expected.hpp"
#include "daemon/run_job.hpp"
#include "daemon/scheduler/calendar.hpp"
#include "store/run_record.hpp"

namespace atpipe::daemon::service {

// What the status API and `atpipe status` read of a running daemon: a copy, taken under the
// daemon's lock, so any thread may ask for it at any time. Times are ISO 8601 UTC.
struct DaemonView {
  std::string config_file;
  int config_generation = 0;      // 1 for the config read at start, +1 per accepted reload
  std::string config_loaded_at;   // when the config in force was read
  std::string last_reload_error;  // why the last reload was refused; "" after an accepted one
  std::optional<std::string> next_cut;
  std::optional<std::string> next_weekly_cut;
  std::optional<std::string> next_submission;  // absent when schedule.submit is not set
  std::optional<std::string> next_pull;        // absent when schedule.pulls is not set
  std::string current_step;                    // "cut:2026-10" while it runs, else ""
  std::string last_step;                       // the last step finished and its outcome
  std::string state_error;  // why the last tick could not read the state store; "" when it could
  bool stopping = false;
};

// The month-end run for `period` as of `today` (RunJob, as `run --once`).
using CutStep = std::function<core::Expected<store::RunRecord>(
    const config::ConfigPtr& cfg, const std::string& period, core::Date today)>;
// Submits the return of `period` through the submission module (sign-off, ledger) under the
// config in force; gives one line on what happened (sent, waiting for sign-off, ...).
using SubmitStep = std::function<core::Expected<std::string>(const config::ConfigPtr& cfg,
                                                             const std::string& period)>;
// Pulls one source and gives the number of rows it yielded (no outputs, no state).
using PullStep = std::function<core::Expected<long long>(
    const config::Config& cfg, const config::SourceSpec& source, core::Date cut)>;

// Everything the daemon does to the outside world, injected so that tests drive it with a fake
// clock and recorded steps. Unset cut/pull steps use the real RunJob and connectors.
struct DaemonHooks {
  Clock now;  // the wall clock; required
  RandomSource random;
  CutStep run_cut;
  PullStep pull;
  SubmitStep submit;  // unset: no submission module, so submission steps are skipped (logged)
  // Whether a config asks for submission (`submission:`); unset means never.
  std::function<bool(const config::Config&)> submission_enabled;
};

// The scheduled daemon (design.md "The schedule"): holds the config in force and its calendar,
// runs the steps that are due (each recorded in the state store so it runs once across
// restarts), and reloads the config whole or not at all. Synchronous: tick() runs on the one
// worker thread the daemon loop keeps; reload() and view() may come from another thread.
class Daemon {
 public:
  Daemon(std::filesystem::path config_file, const config::SourceRegistry& registry,
         DaemonHooks hooks);

  // Reads the config; on failure every diagnostic, one per line, in the error.
  [[nodiscard]] core::Expected<void> load();
  // Reads the config again: a valid one takes effect at the next step; an invalid one is
  // refused (its errors logged) and the old one stays. True when accepted.
  bool reload();
  // Opens the state store and reads (the first time, sets) the schedule's baseline.
  [[nodiscard]] core::Expected<void> check_state();
  // Runs every step due up to now that is not done: on the first call, whatever was missed
  // since the state's baseline (catch-up). Returns the steps it ran, in order.
  std::vector<scheduler::Step> tick();
  // The next step after the last tick, for the timer.
  [[nodiscard]] std::optional<scheduler::Step> next_step() const;
  // Asks tick() to stop before its next step; a step already running finishes.
  void request_stop() { stop_.store(true); }
  [[nodiscard]] DaemonView view() const;
  // The config in force (null before load()); safe from any thread.
  [[nodiscard]] config::ConfigPtr config() const { return current().cfg; }
  // The injected wall clock, to the second.
  [[nodiscard]] scheduler::Time now() const;

 private:
  // The config in force and its calendar, swapped whole on reload.
  struct Loaded {
    config::ConfigPtr cfg;
    std::shared_ptr<const scheduler::Calendar> calendar;
  };

  [[nodiscard]] core::Expected<Loaded> read_config() const;
  [[nodiscard]] Loaded current() const;
  void run_step(const Loaded& loaded, const scheduler::Step& step);
  [[nodiscard]] core::Expected<std::optional<scheduler::Time>> since(const Loaded& loaded);

  std::filesystem::path file_;
  const config::SourceRegistry& registry_;
  DaemonHooks hooks_;
  std::atomic<bool> stop_{false};

  mutable std::mutex mutex_;  // guards everything below
  Loaded loaded_;
  DaemonView view_;
  std::optional<scheduler::Time> checked_until_;  // the last tick's time; unset before it
};

}  // namespace atpipe::daemon::service
