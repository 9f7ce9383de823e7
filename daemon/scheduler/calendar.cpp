#include "daemon/scheduler/calendar.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace atpipe::daemon::scheduler {
namespace {

using date::days;

// Submission can fall up to a fortnight after the cut (five working days over Easter), so a
// search window of two months always holds the next step of every kind.
constexpr days kLookahead{62};
constexpr days kSubmissionReach{20};

std::chrono::minutes minutes_of(const config::TimeOfDay& t) {
  return std::chrono::hours(t.hour) + std::chrono::minutes(t.minute);
}

std::string month_label(date::local_days day) {
  const date::year_month_day ymd{day};
  return date::format("%Y-%m", ymd);
}

bool last_day_of_month(date::local_days day) {
  return date::year_month_day{day + days{1}}.day() == date::day{1};
}

}  // namespace

std::string format_utc(Time t) {
  return date::format("%FT%TZ", t);
}

// sscanf, not date::parse, which trips GCC 12's -Wmaybe-uninitialized at -O2.
std::optional<Time> parse_utc(const std::string& text) {
  int y = 0;
  unsigned mo = 0;
  unsigned d = 0;
  int h = 0;
  int mi = 0;
  int sec = 0;
  char z = 0;
  if (std::sscanf(text.c_str(), "%d-%u-%uT%d:%d:%d%c", &y, &mo, &d, &h, &mi, &sec, &z) != 7 ||
      z != 'Z') {
    return std::nullopt;
  }
  const date::year_month_day ymd{date::year{y}, date::month{mo}, date::day{d}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) {
    return std::nullopt;
  }
  return date::sys_days{ymd} + std::chrono::hours(h) + std::chrono::minutes(mi) +
         std::chrono::seconds(sec);
}

const char* to_string(StepKind kind) {
  switch (kind) {
    case StepKind::MonthlyCut:
      return "cut";
    case StepKind::WeeklyCut:
      return "weekly cut";
    case StepKind::Submission:
      return "submission";
    case StepKind::Pull:
      return "pull";
  }
  return "?";
}

Calendar::Calendar(config::ScheduleSpec spec, const date::time_zone* zone)
    : spec_(std::move(spec)), zone_(zone) {}

Time Calendar::to_sys(date::local_seconds local) const {
  const auto info = zone_->get_info(local);
  if (info.result == date::local_info::nonexistent) {
    return info.first.end;  // the clocks jumped over it: it happens at the jump
  }
  // Unique, or ambiguous (the hour the clocks repeat): the first time it happens.
  return Time{local.time_since_epoch()} - info.first.offset;
}

date::local_days Calendar::local_day(Time t) const {
  return date::floor<days>(zone_->to_local(t));
}

bool Calendar::is_working_day(date::local_days day) const {
  const date::weekday wd{day};
  if (wd == date::Saturday || wd == date::Sunday) {
    return false;
  }
  return !spec_.bank_holidays.contains(date::sys_days{day.time_since_epoch()});
}

date::local_days Calendar::submission_day(date::local_days first_of_month) const {
  const int wanted = spec_.submit ? spec_.submit->working_day : 1;
  int seen = 0;
  for (auto day = first_of_month;; day += days{1}) {
    if (is_working_day(day) && ++seen == wanted) {
      return day;
    }
  }
}

void Calendar::add_month_end(date::local_days last_day, std::vector<Step>& out) const {
  const auto label = month_label(last_day);
  const auto next = last_day + days{1};
  out.push_back(
      {StepKind::MonthlyCut, to_sys(date::local_seconds{next}), label, last_day, "cut:" + label});
  if (spec_.submit) {
    const auto when = submission_day(next);
    out.push_back({StepKind::Submission,
                   to_sys(date::local_seconds{when} + minutes_of(spec_.submit->at)), label,
                   last_day, "submit:" + label});
  }
}

std::vector<Step> Calendar::steps_in(Time from, Time to) const {
  std::vector<Step> all;
  // A submission due in the window belongs to a month end up to kSubmissionReach before it.
  const auto first = local_day(from) - kSubmissionReach;
  const auto last = local_day(to);
  for (auto day = first; day <= last; day += days{1}) {
    const bool month_end = last_day_of_month(day);
    if (month_end) {
      add_month_end(day, all);
    }
    const auto iso = date::format("%F", date::year_month_day{day});
    if (spec_.weekly_cut && !month_end && date::weekday{day} == date::Sunday) {
      all.push_back({StepKind::WeeklyCut, to_sys(date::local_seconds{day + days{1}}),
                     month_label(day), day, "weekly:" + iso});
    }
    if (spec_.pulls) {
      all.push_back({StepKind::Pull, to_sys(date::local_seconds{day} + minutes_of(spec_.pulls->at)),
                     month_label(day), day, "pull:" + iso});
    }
  }
  std::vector<Step> out;
  for (auto& step : all) {
    if (step.due > from && step.due <= to) {
      out.push_back(std::move(step));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Step& a, const Step& b) {
    return std::pair(a.due, a.kind) < std::pair(b.due, b.kind);
  });
  return out;
}

std::optional<Step> Calendar::next_after(Time t) const {
  auto steps = steps_in(t, t + kLookahead);
  if (steps.empty()) {
    return std::nullopt;
  }
  return steps.front();
}

std::optional<Step> Calendar::next_after(Time t, StepKind kind) const {
  for (auto& step : steps_in(t, t + kLookahead)) {
    if (step.kind == kind) {
      return step;
    }
  }
  return std::nullopt;
}

std::vector<Step> catch_up(const Calendar& calendar, Time baseline, Time now,
                           const std::set<std::string>& done) {
  std::vector<Step> out;
  // Of weekly cuts and pulls only the latest counts: once it is done, older ones are moot.
  std::optional<Step> weekly;
  std::optional<Step> pull;
  for (auto& step : calendar.steps_in(baseline, now)) {
    if (step.kind == StepKind::WeeklyCut) {
      weekly = std::move(step);
    } else if (step.kind == StepKind::Pull) {
      pull = std::move(step);
    } else if (!done.contains(step.key)) {
      out.push_back(std::move(step));
    }
  }
  for (auto* latest : {&weekly, &pull}) {
    if (*latest && !done.contains((*latest)->key)) {
      out.push_back(std::move(**latest));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Step& a, const Step& b) {
    return std::pair(a.due, a.kind) < std::pair(b.due, b.kind);
  });
  return out;
}

}  // namespace atpipe::daemon::scheduler
