#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config_fixture.hpp"

namespace atpipe::config::test {
namespace {

// A valid config of 14 lines; `schedule:` added after it starts on line 15.
const std::string kBase = R"(version: 1
organisation:
  commissioner: QPM
state:
  sqlite: state.db
outputs:
  directory: out
sources:
  la:
    type: csv
    path: la.csv
    mapping:
      local_id: "Patient ID"
      nhs_number: "NHS Number"
)";

using Errors = std::vector<std::string>;

date::sys_days day(int y, unsigned m, unsigned d) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}};
}

}  // namespace

TEST_CASE("schedule: a full section is read into the model", "[unit][config][schedule]") {
  Loaded l(kBase + R"(schedule:
  cut: month-end
  weekly_cut: sunday
  submit: { after_cut: second-working-day, at: "09:30" }
  pulls: { every: day, at: "02:15" }
  bank_holidays: [2026-12-25, 2026-12-28]
)");
  REQUIRE(l.errors().empty());
  const auto& s = l.result.config->schedule;
  REQUIRE(s.has_value());
  CHECK(s->weekly_cut);
  REQUIRE(s->submit);
  CHECK(s->submit->working_day == 2);
  CHECK(s->submit->at.hour == 9);
  CHECK(s->submit->at.minute == 30);
  REQUIRE(s->pulls);
  CHECK(s->pulls->at.hour == 2);
  CHECK(s->pulls->at.minute == 15);
  CHECK(s->bank_holidays == std::set<date::sys_days>{day(2026, 12, 25), day(2026, 12, 28)});
}

TEST_CASE("schedule: absent section, and a minimal one", "[unit][config][schedule]") {
  Loaded none(kBase);
  REQUIRE(none.result.ok());
  CHECK_FALSE(none.result.config->schedule.has_value());

  Loaded minimal(kBase + "schedule: { cut: month-end }\n");
  REQUIRE(minimal.errors().empty());
  const auto& s = minimal.result.config->schedule;
  REQUIRE(s.has_value());
  CHECK_FALSE(s->weekly_cut);
  CHECK_FALSE(s->submit.has_value());
  CHECK_FALSE(s->pulls.has_value());
}

TEST_CASE("schedule: bad values are reported at file:line:col", "[unit][config][schedule]") {
  Loaded l(kBase + R"(schedule:
  cut: month-start
  submit: { after_cut: first-working-day, at: "25:00" }
  pulls: { every: week }
  bank_holidays: [2026-12-25, 2026-02-30]
)");
  CHECK(l.errors() ==
        Errors{
            l.at(16, 8, "'cut' in schedule must be 'month-end', got 'month-start'"),
            l.at(17, 47,
                 "'at' in schedule.submit must be a time HH:MM from 00:00 to 23:59, got '25:00'"),
            l.at(18, 19, "'every' in schedule.pulls must be 'day', got 'week'"),
            l.at(19, 31,
                 "'bank_holidays' in schedule must be dates written YYYY-MM-DD, got "
                 "'2026-02-30'"),
        });
  CHECK(l.result.config == nullptr);
}

TEST_CASE("schedule: bank holidays from a file, errors at the file's own line",
          "[unit][config][schedule]") {
  TempDir here;
  here.write("holidays.yaml", "# England\n- 2027-01-01\n- 2027-03-26\n");
  // A relative bank_holidays_file resolves against the config's folder.
  const auto config =
      here.write("atpipe.yaml", kBase + "schedule:\n  bank_holidays_file: holidays.yaml\n");
  auto reloaded = load_config(config, test_registry());
  REQUIRE(reloaded.ok());
  CHECK(reloaded.config->schedule->bank_holidays ==
        std::set<date::sys_days>{day(2027, 1, 1), day(2027, 3, 26)});

  TempDir dir;
  const auto holidays = dir.write("holidays.yaml", "- 2027-01-01\n- Christmas\n");
  const auto file = dir.write(
      "atpipe.yaml", kBase + "schedule:\n  bank_holidays_file: " + holidays.string() + "\n");
  auto bad = load_config(file, test_registry());
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(bad.diagnostics[0].describe() ==
        holidays.string() + ":2:3: error: bank holidays must be dates written YYYY-MM-DD, got " +
            "'Christmas'");
}

TEST_CASE("schedule: unknown keys are refused with the allowed ones", "[unit][config][schedule]") {
  Loaded l(kBase + "schedule:\n  submitt: {}\n");
  REQUIRE(l.errors().size() == 1);
  CHECK(l.errors()[0].find(":16:3: error: unknown key 'submitt' in schedule, did you mean "
                           "'submit'?") != std::string::npos);
}

}  // namespace atpipe::config::test
