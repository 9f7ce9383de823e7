#pragma once

#include <date/tz.h>

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/schedule_model.hpp"

namespace atpipe::daemon::scheduler {

using Time = date::sys_seconds;

// In the order steps due at the same instant run: a cut before the submission that needs it.
enum class StepKind { MonthlyCut, WeeklyCut, Submission, Pull };

[[nodiscard]] const char* to_string(StepKind kind);

// One scheduled step: what, when (UTC) and for which period. `key` names it in the state store
// ("cut:2026-10", "weekly:2026-11-08", "submit:2026-10", "pull:2026-11-05"), so each step is
// done once whatever restarts happen around it.
struct Step {
  StepKind kind = StepKind::MonthlyCut;
  Time due;
  std::string period;    // "2026-10": the month cut or submitted, or the month in progress
  date::local_days day;  // the local day it belongs to (the month's last day for a cut)
  std::string key;
};

// The schedule's rules (design.md "The schedule") over one time zone: pure functions of a time
// point, never of the system clock, so tests drive them with any instant. Cut: midnight at the
// end of each month's last day; weekly cut: midnight at the end of each Sunday that is not a
// month's last day; submission: the Nth working day on or after the 1st, at a local time; pulls:
// each day at a local time. Local times the clocks skip happen at the jump; times they repeat
// happen the first time. Immutable; any thread.
class Calendar {
 public:
  Calendar(config::ScheduleSpec spec, const date::time_zone* zone);

  // Every step due in (from, to], in the order they run.
  [[nodiscard]] std::vector<Step> steps_in(Time from, Time to) const;
  // The first step due after `t`, of `kind` or of any kind; nullopt when none is configured.
  [[nodiscard]] std::optional<Step> next_after(Time t) const;
  [[nodiscard]] std::optional<Step> next_after(Time t, StepKind kind) const;

  [[nodiscard]] bool is_working_day(date::local_days day) const;
  // The instant a local wall-clock time happens, across both clock changes.
  [[nodiscard]] Time to_sys(date::local_seconds local) const;
  [[nodiscard]] date::local_days local_day(Time t) const;
  [[nodiscard]] const config::ScheduleSpec& spec() const { return spec_; }

 private:
  void add_month_end(date::local_days last_day, std::vector<Step>& out) const;
  [[nodiscard]] date::local_days submission_day(date::local_days first_of_month) const;

  config::ScheduleSpec spec_;
  const date::time_zone* zone_;
};

// "2026-11-01T00:00:00Z" and back; nullopt for text that is not such an instant.
[[nodiscard]] std::string format_utc(Time t);
[[nodiscard]] std::optional<Time> parse_utc(const std::string& text);

// The steps missed between `baseline` (when this state first ran the daemon) and `now` that
// are not in `done`, to run once on start: every missed monthly cut and submission; of weekly
// cuts and pulls only the latest, and only if it is not done (an older one would only repeat
// what it does).
[[nodiscard]] std::vector<Step> catch_up(const Calendar& calendar, Time baseline, Time now,
                                         const std::set<std::string>& done);

}  // namespace atpipe::daemon::scheduler
