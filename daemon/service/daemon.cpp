#include "daemon/service/daemon.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cassert>
#include <sstream>
#include <utility>

#include "config/loader.hpp"
#include "daemon/service/daemon_steps.hpp"
#include "store/database.hpp"
#include "store/schedule_store.hpp"

namespace atpipe::daemon::service {
namespace {

std::string iso(scheduler::Time t) {
  return scheduler::format_utc(t);
}

std::optional<std::string> next_of(const scheduler::Calendar& cal, scheduler::Time t,
                                   scheduler::StepKind kind) {
  auto step = cal.next_after(t, kind);
  return step ? std::optional(iso(step->due)) : std::nullopt;
}

}  // namespace

Daemon::Daemon(std::filesystem::path config_file, const config::SourceRegistry& registry,
               DaemonHooks hooks)
    : file_(std::move(config_file)), registry_(registry), hooks_(std::move(hooks)) {
  assert(hooks_.now);
  view_.config_file = file_.string();
}

scheduler::Time Daemon::now() const {
  return date::floor<std::chrono::seconds>(hooks_.now());
}

core::Expected<Daemon::Loaded> Daemon::read_config() const {
  auto loaded = config::load_config(file_, registry_);
  if (!loaded.ok()) {
    std::string text;
    for (const auto& d : loaded.diagnostics) {
      if (!text.empty()) {
        text += '\n';
      }
      text += d.describe();
    }
    return core::fail(core::ErrorCode::Config, text);
  }
  const auto& cfg = loaded.config;
  if (!cfg->schedule) {
    return core::fail(core::ErrorCode::Config,
                      file_.string() +
                          ": error: the config has no 'schedule:' section; atpipe daemon needs "
                          "one (at least 'schedule: { cut: month-end }')");
  }
  // The loader has already refused a time zone it cannot find.
  auto calendar = std::make_shared<const scheduler::Calendar>(
      *cfg->schedule, date::locate_zone(cfg->organisation.timezone));
  return Loaded{cfg, std::move(calendar)};
}

Daemon::Loaded Daemon::current() const {
  std::lock_guard lock(mutex_);
  return loaded_;
}

core::Expected<void> Daemon::load() {
  auto loaded = read_config();
  if (!loaded) {
    return core::fail(loaded.error());
  }
  const auto t = now();
  std::lock_guard lock(mutex_);
  loaded_ = std::move(*loaded);
  view_.config_generation = 1;
  view_.config_loaded_at = iso(t);
  return {};
}

bool Daemon::reload() {
  auto loaded = read_config();
  if (!loaded) {
    spdlog::error(
        "config reload refused; the config in force stays ({} error(s) below)",
        std::count(loaded.error().message().begin(), loaded.error().message().end(), '\n') + 1);
    std::istringstream lines(loaded.error().message());
    for (std::string line; std::getline(lines, line);) {
      spdlog::error("config reload refused: {}", line);
    }
    std::lock_guard lock(mutex_);
    view_.last_reload_error = loaded.error().message();
    return false;
  }
  const auto t = now();
  std::lock_guard lock(mutex_);
  loaded_ = std::move(*loaded);
  ++view_.config_generation;
  view_.config_loaded_at = iso(t);
  view_.last_reload_error.clear();
  spdlog::info("config reloaded from {} (generation {}); it takes effect at the next step",
               file_.string(), view_.config_generation);
  return true;
}

core::Expected<std::optional<scheduler::Time>> Daemon::since(const Loaded& loaded) {
  {
    std::lock_guard lock(mutex_);
    if (checked_until_) {
      return checked_until_;
    }
  }
  auto db = store::Database::open(loaded.cfg->state.sqlite);
  if (!db) {
    return core::fail(db.error());
  }
  store::ScheduleStore schedule(*db);
  auto baseline = schedule.baseline(iso(now()));
  if (!baseline) {
    return core::fail(baseline.error());
  }
  return scheduler::parse_utc(*baseline);
}

core::Expected<void> Daemon::check_state() {
  auto from = since(current());
  if (!from) {
    return core::fail(from.error());
  }
  if (!*from) {
    return core::fail(core::ErrorCode::State, "the schedule's baseline in the state is unreadable");
  }
  return {};
}

std::vector<scheduler::Step> Daemon::tick() {
  const auto loaded = current();
  const auto t = now();
  std::vector<scheduler::Step> ran;
  auto from = since(loaded);
  std::set<std::string> done;
  if (from) {
    auto db = store::Database::open(loaded.cfg->state.sqlite);
    auto steps = db ? store::ScheduleStore(*db).done_steps()
                    : core::Expected<std::set<std::string>>(core::fail(db.error()));
    if (steps) {
      done = std::move(*steps);
    } else {
      from = core::fail(steps.error());
    }
  }
  if (!from || !*from) {
    // Nothing is run without knowing what is done; the next tick tries again.
    const std::string why = from ? "unreadable baseline" : from.error().describe();
    spdlog::critical("cannot read the schedule from the state store: {}", why);
    std::lock_guard lock(mutex_);
    view_.state_error = why;
    return ran;
  }
  for (const auto& step : scheduler::catch_up(*loaded.calendar, **from, t, done)) {
    if (stop_.load()) {
      spdlog::info("stopping before step {}; a restart runs it", step.key);
      return ran;
    }
    run_step(loaded, step);
    ran.push_back(step);
  }
  std::lock_guard lock(mutex_);
  checked_until_ = t;
  view_.state_error.clear();
  return ran;
}

std::optional<scheduler::Step> Daemon::next_step() const {
  const auto loaded = current();
  std::lock_guard lock(mutex_);
  return loaded.calendar->next_after(checked_until_.value_or(now()));
}

DaemonView Daemon::view() const {
  const auto loaded = current();
  std::lock_guard lock(mutex_);
  DaemonView out = view_;
  out.stopping = stop_.load();
  if (loaded.calendar) {
    const auto t = checked_until_.value_or(now());
    out.next_cut = next_of(*loaded.calendar, t, scheduler::StepKind::MonthlyCut);
    out.next_weekly_cut = next_of(*loaded.calendar, t, scheduler::StepKind::WeeklyCut);
    out.next_submission = next_of(*loaded.calendar, t, scheduler::StepKind::Submission);
    out.next_pull = next_of(*loaded.calendar, t, scheduler::StepKind::Pull);
  }
  return out;
}

void Daemon::run_step(const Loaded& loaded, const scheduler::Step& step) {
  {
    std::lock_guard lock(mutex_);
    view_.current_step = step.key;
  }
  spdlog::info("step {} ({} for {}, due {}) started", step.key, scheduler::to_string(step.kind),
               step.period, iso(step.due));
  StepContext context{loaded.cfg, *loaded.calendar, registry_, hooks_, now()};
  const StepOutcome outcome = run_scheduled_step(context, step);
  const auto finished = now();
  store::StepRecord record{step.key,      scheduler::to_string(step.kind),
                           step.period,   iso(step.due),
                           iso(finished), outcome.outcome,
                           outcome.detail};
  auto db = store::Database::open(loaded.cfg->state.sqlite);
  auto recorded = db ? store::ScheduleStore(*db).record_step(record)
                     : core::Expected<void>(core::fail(db.error()));
  if (!recorded) {
    spdlog::critical("step {} could not be recorded as done, so a restart runs it again: {}",
                     step.key, recorded.error().describe());
  }
  const auto line = fmt::format("step {} finished: {}{}{}", step.key, outcome.outcome,
                                outcome.detail.empty() ? "" : ": ", outcome.detail);
  if (outcome.outcome == "failed") {
    spdlog::error("{}", line);
  } else {
    spdlog::info("{}", line);
  }
  std::lock_guard lock(mutex_);
  view_.current_step.clear();
  view_.last_step = step.key + " " + outcome.outcome;
}

}  // namespace atpipe::daemon::service
