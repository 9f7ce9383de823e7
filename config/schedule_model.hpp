#pragma once

#include <date/date.h>

#include <optional>
#include <set>

#include "config/diagnostics.hpp"

namespace atpipe::config {

// A wall-clock time in the organisation's time zone ("09:00").
struct TimeOfDay {
  int hour = 0;
  int minute = 0;
};

// `schedule.submit`: the return is submitted on the Nth working day on or after the day the
// cut falls on (the 1st of the next month), at a local time. Working days are Monday to Friday
// less the bank holidays listed.
struct SubmitSchedule {
  int working_day = 1;  // first-working-day = 1, second-working-day = 2, ...
  TimeOfDay at{9, 0};
  Mark mark;
};

// `schedule.pulls`: every source is pulled once a day at a local time, so that a broken
// source is found weeks before the cut.
struct PullSchedule {
  TimeOfDay at{2, 0};
  Mark mark;
};

// `schedule:` (design.md "The schedule"): when the daemon cuts, submits and pulls, all in
// organisation.timezone. Absent means `atpipe daemon` refuses to start. Immutable once loaded.
struct ScheduleSpec {
  // The month-end cut is always on: midnight at the end of the last day of each month.
  bool weekly_cut = false;  // also a management-information run at the end of each Sunday
  std::optional<SubmitSchedule> submit;
  std::optional<PullSchedule> pulls;
  std::set<date::sys_days> bank_holidays;  // local calendar dates
  Mark mark;
};

}  // namespace atpipe::config
