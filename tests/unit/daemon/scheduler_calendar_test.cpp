#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "daemon/scheduler/calendar.hpp"

namespace atpipe::daemon::scheduler {
namespace {

using namespace std::chrono_literals;

// An instant written "2026-11-01T00:00:00Z".
Time utc(const std::string& text) {
  auto t = parse_utc(text);
  REQUIRE(t);
  return *t;
}

std::string iso(Time t) {
  return format_utc(t);
}

date::sys_days day(int y, unsigned m, unsigned d) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}};
}

// England and Wales, 2026-2028: the bank holidays the schedule tests fall on.
config::ScheduleSpec england() {
  config::ScheduleSpec spec;
  spec.submit = config::SubmitSchedule{1, {9, 0}, {}};
  spec.bank_holidays = {day(2026, 8, 31), day(2026, 12, 25), day(2026, 12, 28),
                        day(2027, 1, 1),  day(2027, 3, 26),  day(2027, 3, 29),
                        day(2027, 5, 3),  day(2027, 5, 31),  day(2028, 1, 3)};
  return spec;
}

Calendar london(config::ScheduleSpec spec = england()) {
  return Calendar(std::move(spec), date::locate_zone("Europe/London"));
}

std::vector<std::string> keys(const std::vector<Step>& steps) {
  std::vector<std::string> out;
  for (const auto& s : steps) {
    out.push_back(s.key + "@" + iso(s.due));
  }
  return out;
}

using Keys = std::vector<std::string>;

}  // namespace

TEST_CASE("the month-end cut for months of 28, 29, 30 and 31 days", "[unit][scheduler]") {
  const auto cal = london();
  struct Case {
    const char* from;
    const char* key;
    const char* due;
  };
  // Winter months are GMT (UTC+0); a cut on a BST day is 23:00 UTC the day before.
  const Case cases[] = {
      {"2027-02-10T12:00:00Z", "cut:2027-02", "2027-03-01T00:00:00Z"},  // 28 days
      {"2028-02-10T12:00:00Z", "cut:2028-02", "2028-03-01T00:00:00Z"},  // 29 days (leap year)
      {"2026-09-10T12:00:00Z", "cut:2026-09", "2026-09-30T23:00:00Z"},  // 30 days, BST
      {"2026-10-10T12:00:00Z", "cut:2026-10", "2026-11-01T00:00:00Z"},  // 31 days, back to GMT
      {"2026-12-10T12:00:00Z", "cut:2026-12", "2027-01-01T00:00:00Z"},  // year end
  };
  for (const auto& c : cases) {
    INFO(c.from);
    auto next = cal.next_after(utc(c.from), StepKind::MonthlyCut);
    REQUIRE(next);
    CHECK(next->key == c.key);
    CHECK(iso(next->due) == c.due);
  }
  // The cut of February 2028 is the end of the 29th, not of the 28th.
  auto leap = cal.next_after(utc("2028-02-28T23:59:59Z"), StepKind::MonthlyCut);
  REQUIRE(leap);
  CHECK(leap->period == "2028-02");
  CHECK(iso(leap->due) == "2028-03-01T00:00:00Z");
}

TEST_CASE("a step is strictly after the instant asked about", "[unit][scheduler]") {
  const auto cal = london();
  auto next = cal.next_after(utc("2026-11-01T00:00:00Z"), StepKind::MonthlyCut);
  REQUIRE(next);
  CHECK(next->key == "cut:2026-11");
  CHECK(iso(next->due) == "2026-12-01T00:00:00Z");
}

TEST_CASE("both clock changes: skipped and repeated local times", "[unit][scheduler]") {
  auto spec = england();
  spec.pulls = config::PullSchedule{{1, 30}, {}};
  const auto cal = london(spec);
  // 29 March 2026: 01:00 GMT jumps to 02:00 BST, so 01:30 never happens: the pull runs at the
  // jump. The day before and after are 01:30 GMT and 00:30 UTC (01:30 BST).
  auto spring = cal.steps_in(utc("2026-03-28T00:00:00Z"), utc("2026-03-30T12:00:00Z"));
  CHECK(keys(spring) == Keys{"pull:2026-03-28@2026-03-28T01:30:00Z",
                             "pull:2026-03-29@2026-03-29T01:00:00Z",
                             "pull:2026-03-30@2026-03-30T00:30:00Z"});
  // 25 October 2026: 02:00 BST falls back to 01:00 GMT, so 01:30 happens twice: once only,
  // the first time (00:30 UTC).
  auto autumn = cal.steps_in(utc("2026-10-24T12:00:00Z"), utc("2026-10-26T12:00:00Z"));
  CHECK(keys(autumn) ==
        Keys{"pull:2026-10-25@2026-10-25T00:30:00Z", "pull:2026-10-26@2026-10-26T01:30:00Z"});
  // The March cut is midnight BST (23:00 UTC), the October one midnight GMT.
  auto march = cal.next_after(utc("2026-03-29T12:00:00Z"), StepKind::MonthlyCut);
  REQUIRE(march);
  CHECK(iso(march->due) == "2026-03-31T23:00:00Z");
  CHECK(cal.to_sys(date::local_days{day(2026, 10, 25).time_since_epoch()} + 1h + 30min) ==
        utc("2026-10-25T00:30:00Z"));
}

TEST_CASE("submission on the first working day: weekends and a bank-holiday Monday",
          "[unit][scheduler]") {
  const auto cal = london();
  struct Case {
    const char* from;
    const char* key;
    const char* due;
  };
  const Case cases[] = {
      // April 2027 ends on a Friday; Sat 1 and Sun 2 May, Mon 3 May is the Early May bank
      // holiday: Tuesday 4 May at 09:00 BST.
      {"2027-04-20T00:00:00Z", "submit:2027-04", "2027-05-04T08:00:00Z"},
      // Year end: 1 January 2027 is a Friday and a bank holiday: Monday 4 January, GMT.
      {"2026-12-20T00:00:00Z", "submit:2026-12", "2027-01-04T09:00:00Z"},
      // 1 January 2028 is a Saturday, its substitute holiday Monday 3rd: Tuesday 4th.
      {"2027-12-20T00:00:00Z", "submit:2027-12", "2028-01-04T09:00:00Z"},
      // October 2026: Sunday 1 November, so Monday 2nd.
      {"2026-10-20T00:00:00Z", "submit:2026-10", "2026-11-02T09:00:00Z"},
      // A plain weekday: Tuesday 1 September 2026 (the Monday before was a bank holiday).
      {"2026-08-20T00:00:00Z", "submit:2026-08", "2026-09-01T08:00:00Z"},
  };
  for (const auto& c : cases) {
    INFO(c.from);
    auto next = cal.next_after(utc(c.from), StepKind::Submission);
    REQUIRE(next);
    CHECK(next->key == c.key);
    CHECK(iso(next->due) == c.due);
  }
  CHECK_FALSE(cal.is_working_day(date::local_days{day(2027, 5, 3).time_since_epoch()}));
  CHECK(cal.is_working_day(date::local_days{day(2027, 5, 4).time_since_epoch()}));

  auto later = england();
  later.submit->working_day = 3;
  auto third = london(later).next_after(utc("2027-04-20T00:00:00Z"), StepKind::Submission);
  REQUIRE(third);
  CHECK(iso(third->due) == "2027-05-06T08:00:00Z");  // Tue 4, Wed 5, Thu 6 May
}

TEST_CASE("weekly cuts at the end of each Sunday; a Sunday month end is the monthly cut",
          "[unit][scheduler]") {
  auto spec = england();
  spec.weekly_cut = true;
  spec.submit.reset();
  const auto cal = london(spec);
  // May 2026: Sundays 3, 10, 17, 24 and 31; the 31st is the month's last day.
  auto may = cal.steps_in(utc("2026-05-01T00:00:00Z"), utc("2026-06-02T00:00:00Z"));
  CHECK(keys(may) ==
        Keys{"weekly:2026-05-03@2026-05-03T23:00:00Z", "weekly:2026-05-10@2026-05-10T23:00:00Z",
             "weekly:2026-05-17@2026-05-17T23:00:00Z", "weekly:2026-05-24@2026-05-24T23:00:00Z",
             "cut:2026-05@2026-05-31T23:00:00Z"});
  CHECK(may[0].period == "2026-05");
}

TEST_CASE("no steps when only the cut is configured, between cuts", "[unit][scheduler]") {
  config::ScheduleSpec spec;
  const auto cal = london(spec);
  CHECK(cal.steps_in(utc("2026-11-01T00:00:00Z"), utc("2026-11-30T23:59:59Z")).empty());
  auto next = cal.next_after(utc("2026-11-15T00:00:00Z"));
  REQUIRE(next);
  CHECK(next->kind == StepKind::MonthlyCut);
}

TEST_CASE("catch-up after a week of downtime runs each missed step once", "[unit][scheduler]") {
  auto spec = england();
  spec.weekly_cut = true;
  spec.pulls = config::PullSchedule{{2, 0}, {}};
  const auto cal = london(spec);
  const auto baseline = utc("2026-10-01T00:00:00Z");
  const auto went_down = utc("2026-10-28T12:00:00Z");
  const auto back = utc("2026-11-04T12:00:00Z");
  std::set<std::string> done;
  for (const auto& step : cal.steps_in(baseline, went_down)) {
    done.insert(step.key);
  }
  auto missed = catch_up(cal, baseline, back, done);
  // Seven pulls and a weekly cut were missed, but only the latest of each is worth running;
  // October's cut and its submission are run once each, in order.
  CHECK(keys(missed) ==
        Keys{"cut:2026-10@2026-11-01T00:00:00Z", "weekly:2026-11-01@2026-11-02T00:00:00Z",
             "submit:2026-10@2026-11-02T09:00:00Z", "pull:2026-11-04@2026-11-04T02:00:00Z"});
  for (const auto& step : missed) {
    done.insert(step.key);
  }
  CHECK(catch_up(cal, baseline, back, done).empty());
}

TEST_CASE("catch-up over two month ends runs both cuts and submissions, oldest first",
          "[unit][scheduler]") {
  const auto cal = london();
  auto missed = catch_up(cal, utc("2026-10-15T00:00:00Z"), utc("2026-12-15T00:00:00Z"), {});
  CHECK(keys(missed) ==
        Keys{"cut:2026-10@2026-11-01T00:00:00Z", "submit:2026-10@2026-11-02T09:00:00Z",
             "cut:2026-11@2026-12-01T00:00:00Z", "submit:2026-11@2026-12-01T09:00:00Z"});
  // Nothing before the baseline: a new install does not replay history.
  CHECK(catch_up(cal, utc("2026-12-02T00:00:00Z"), utc("2026-12-15T00:00:00Z"), {}).empty());
}

}  // namespace atpipe::daemon::scheduler
