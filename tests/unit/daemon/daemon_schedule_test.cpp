#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <sstream>

#include "config/source_registry.hpp"
#include "daemon/service/daemon.hpp"
#include "store/database.hpp"
#include "store/schedule_store.hpp"
#include "tests/support/run_binary.hpp"

using namespace atpipe;
using atpipe::daemon::service::Daemon;
using atpipe::daemon::service::DaemonHooks;
using atpipe::testing::TempDir;

namespace {

const std::filesystem::path kRoot = ATPIPE_SOURCE_DIR;

std::chrono::system_clock::time_point utc(const std::string& text) {
  auto t = daemon::scheduler::parse_utc(text);
  REQUIRE(t);
  return *t;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

const std::string kSchedule = R"(
schedule:
  cut: month-end
  weekly_cut: sunday
  submit: { after_cut: first-working-day, at: "09:00" }
  pulls: { every: day, at: "02:00" }
  bank_holidays: [2026-12-25, 2026-12-28, 2027-01-01]
)";

// The fixture config with its state and outputs in `dir`, and `schedule` appended.
std::filesystem::path write_config(const TempDir& dir, const std::string& schedule = kSchedule) {
  std::string text = atpipe::testing::read_file(kRoot / "config/examples/icb_example.yaml");
  replace_all(text, "../../fixtures/", (kRoot / "fixtures").string() + "/");
  replace_all(text, "${ATPIPE_OUT_DIR:-../../out}", (dir.path() / "out").string());
  replace_all(text, "${ATPIPE_STATE_DIR:-../../out}", (dir.path() / "state").string());
  auto path = dir.path() / "config.yaml";
  std::ofstream(path) << text << schedule;
  return path;
}

// A fake clock and recorded steps: the cut, submission and pull hooks log what they were
// asked to do instead of doing it.
struct Harness {
  config::SourceRegistry registry = config::SourceRegistry::build().value();
  std::chrono::system_clock::time_point clock;
  std::vector<std::string> calls;
  bool submission = true;
  std::set<std::string> failing_sources;

  DaemonHooks hooks() {
    DaemonHooks h;
    h.now = [this] { return clock; };
    h.random = [] { return 0x1234U; };
    h.run_cut = [this](const config::ConfigPtr&, const std::string& period, core::Date today) {
      calls.push_back("run " + period + " as of " + core::to_iso(today));
      store::RunRecord r;
      r.run_id = "20261101T000000Z-1234";
      r.period = period;
      r.status = "ok";
      return core::Expected<store::RunRecord>(r);
    };
    h.submit = [this](const config::ConfigPtr&,
                      const std::string& period) -> core::Expected<std::string> {
      calls.push_back("submit " + period);
      return std::string("sent");
    };
    h.submission_enabled = [this](const config::Config&) { return submission; };
    h.pull = [this](const config::Config&, const config::SourceSpec& spec,
                    core::Date cut) -> core::Expected<long long> {
      calls.push_back("pull " + spec.name + " cut " + core::to_iso(cut));
      if (failing_sources.contains(spec.name)) {
        return core::fail(core::ErrorCode::Io, "cannot reach the server");
      }
      return 42;
    };
    return h;
  }
};

std::vector<std::string> keys(const std::vector<daemon::scheduler::Step>& steps) {
  std::vector<std::string> out;
  for (const auto& s : steps) {
    out.push_back(s.key);
  }
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("daemon: steps run when due, once, with an injected clock", "[unit][daemon][scheduler]") {
  TempDir dir("daemon_due");
  const auto file = write_config(dir, "\nschedule: { cut: month-end, submit: {} }\n");
  Harness h;
  h.clock = utc("2026-10-20T12:00:00Z");
  Daemon d(file, h.registry, h.hooks());
  REQUIRE(d.load());
  // The first start sets the baseline: nothing before it is replayed.
  CHECK(d.tick().empty());
  CHECK(d.view().next_cut == std::optional<std::string>("2026-11-01T00:00:00Z"));
  CHECK(d.view().next_submission == std::optional<std::string>("2026-11-02T09:00:00Z"));
  h.clock = utc("2026-10-31T23:59:59Z");
  CHECK(d.tick().empty());
  h.clock = utc("2026-11-01T00:00:01Z");
  CHECK(keys(d.tick()) == Strings{"cut:2026-10"});
  CHECK(h.calls == Strings{"run 2026-10 as of 2026-11-01"});
  CHECK(d.tick().empty());  // done once
  h.clock = utc("2026-11-02T09:00:00Z");
  CHECK(keys(d.tick()) == Strings{"submit:2026-10"});
  CHECK(h.calls.back() == "submit 2026-10");
  CHECK(d.view().last_step == "submit:2026-10 ok");
  CHECK(d.view().next_cut == std::optional<std::string>("2026-12-01T00:00:00Z"));
}

TEST_CASE("daemon: catch-up after a week down runs each missed step once, across restarts",
          "[unit][daemon][scheduler]") {
  TempDir dir("daemon_catch_up");
  const auto file = write_config(dir);
  Harness h;
  h.clock = utc("2026-10-27T12:00:00Z");
  {
    Daemon first(file, h.registry, h.hooks());
    REQUIRE(first.load());
    CHECK(first.tick().empty());
    h.clock = utc("2026-10-28T12:00:00Z");
    CHECK(keys(first.tick()) == Strings{"pull:2026-10-28"});
  }
  // Down from the 28th to the 4th: October's cut, its submission, the weekly cut of Sunday 1
  // November and the latest pull, each once, oldest first.
  h.calls.clear();
  h.clock = utc("2026-11-04T12:00:00Z");
  {
    Daemon second(file, h.registry, h.hooks());
    REQUIRE(second.load());
    CHECK(keys(second.tick()) ==
          Strings{"cut:2026-10", "weekly:2026-11-01", "submit:2026-10", "pull:2026-11-04"});
  }
  CHECK(h.calls.front() == "run 2026-10 as of 2026-11-04");
  CHECK(h.calls[1] == "run 2026-11 as of 2026-11-01");  // the weekly run, as of its Sunday
  CHECK(h.calls[2] == "submit 2026-10");
  // A third start finds everything done.
  Daemon third(file, h.registry, h.hooks());
  REQUIRE(third.load());
  CHECK(third.tick().empty());
}

TEST_CASE("daemon: submission is skipped, not faked, without a submission section",
          "[unit][daemon][scheduler]") {
  TempDir dir("daemon_skip");
  const auto file = write_config(dir, "\nschedule: { submit: {} }\n");
  Harness h;
  h.submission = false;
  h.clock = utc("2026-10-20T12:00:00Z");
  Daemon d(file, h.registry, h.hooks());
  REQUIRE(d.load());
  (void)d.tick();
  h.clock = utc("2026-11-03T00:00:00Z");
  CHECK(keys(d.tick()) == Strings{"cut:2026-10", "submit:2026-10"});
  CHECK(h.calls == Strings{"run 2026-10 as of 2026-11-03"});
  CHECK(d.view().last_step == "submit:2026-10 skipped");
  auto db = store::Database::open(dir.path() / "state/state.db");
  REQUIRE(db);
  auto steps = store::ScheduleStore(*db).recent_steps(5);
  REQUIRE(steps);
  REQUIRE_FALSE(steps->empty());
  CHECK(steps->front().step == "submit:2026-10");
  CHECK(steps->front().outcome == "skipped");
}

TEST_CASE("daemon: a pull records each source's last success and last error",
          "[unit][daemon][scheduler]") {
  TempDir dir("daemon_pull");
  const auto file = write_config(dir, "\nschedule: { pulls: { at: \"02:00\" } }\n");
  Harness h;
  h.clock = utc("2026-11-04T12:00:00Z");
  Daemon d(file, h.registry, h.hooks());
  REQUIRE(d.load());
  (void)d.tick();
  h.clock = utc("2026-11-05T02:00:00Z");
  CHECK(keys(d.tick()) == Strings{"pull:2026-11-05"});
  h.failing_sources = {"la_placements"};
  h.clock = utc("2026-11-06T02:00:00Z");
  CHECK(keys(d.tick()) == Strings{"pull:2026-11-06"});
  CHECK(d.view().last_step == "pull:2026-11-06 partial");
  CHECK(h.calls.front() == "pull nhft_inpatients cut 2026-11-30");

  auto db = store::Database::open(dir.path() / "state/state.db");
  REQUIRE(db);
  auto pulls = store::ScheduleStore(*db).pulls();
  REQUIRE(pulls);
  REQUIRE(pulls->size() == 4);
  for (const auto& p : *pulls) {
    INFO(p.source);
    if (p.source == "la_placements") {
      CHECK(p.last_success_at == "2026-11-05T02:00:00Z");
      CHECK(p.last_error_at == "2026-11-06T02:00:00Z");
      CHECK(p.last_error.find("cannot reach the server") != std::string::npos);
    } else {
      CHECK(p.last_success_at == "2026-11-06T02:00:00Z");
      CHECK(p.last_error.empty());
      CHECK(p.last_rows == 42);
    }
  }
}

TEST_CASE("daemon: a broken config is refused on reload, a good one takes effect",
          "[unit][daemon][scheduler]") {
  TempDir dir("daemon_reload");
  const auto file = write_config(dir, "\nschedule:\n  pulls: { at: \"02:00\" }\n");
  Harness h;
  h.clock = utc("2026-11-04T12:00:00Z");
  Daemon d(file, h.registry, h.hooks());
  REQUIRE(d.load());
  (void)d.tick();
  CHECK(d.view().config_generation == 1);
  CHECK(d.view().next_pull == std::optional<std::string>("2026-11-05T02:00:00Z"));

  std::ofstream(file, std::ios::app) << "  bogus: 1\n";
  CHECK_FALSE(d.reload());
  CHECK(d.view().config_generation == 1);
  CHECK(d.view().last_reload_error.find("unknown key 'bogus'") != std::string::npos);
  CHECK(d.view().next_pull == std::optional<std::string>("2026-11-05T02:00:00Z"));

  write_config(dir, "\nschedule: { pulls: { at: \"03:30\" } }\n");
  h.clock = utc("2026-11-04T13:00:00Z");
  CHECK(d.reload());
  const auto view = d.view();
  CHECK(view.config_generation == 2);
  CHECK(view.config_loaded_at == "2026-11-04T13:00:00Z");
  CHECK(view.last_reload_error.empty());
  CHECK(view.next_pull == std::optional<std::string>("2026-11-05T03:30:00Z"));
  CHECK_FALSE(view.next_submission.has_value());

  // A config without schedule: is refused too.
  write_config(dir, "");
  CHECK_FALSE(d.reload());
  CHECK(d.view().last_reload_error.find("no 'schedule:' section") != std::string::npos);
}

TEST_CASE("daemon: a stop requested before a step leaves it for the restart",
          "[unit][daemon][scheduler]") {
  TempDir dir("daemon_stop");
  const auto file = write_config(dir, "\nschedule: { cut: month-end }\n");
  Harness h;
  h.clock = utc("2026-10-20T12:00:00Z");
  {
    Daemon d(file, h.registry, h.hooks());
    REQUIRE(d.load());
    (void)d.tick();
    h.clock = utc("2026-11-01T00:00:01Z");
    d.request_stop();
    CHECK(d.tick().empty());
    CHECK(d.view().stopping);
  }
  Daemon restarted(file, h.registry, h.hooks());
  REQUIRE(restarted.load());
  CHECK(keys(restarted.tick()) == Strings{"cut:2026-10"});
}

TEST_CASE("daemon: the catch-up cut is the real run, giving the fixture's expected return",
          "[unit][daemon][scheduler]") {
  TempDir dir("daemon_real_cut");
  const auto file = write_config(dir, "\nschedule: { cut: month-end }\n");
  Harness h;
  auto hooks = h.hooks();
  hooks.run_cut = nullptr;  // RunJob, as `run --once`
  h.clock = utc("2026-10-15T12:00:00Z");
  {
    Daemon d(file, h.registry, hooks);
    REQUIRE(d.load());
    (void)d.tick();
  }
  h.clock = utc("2026-11-23T10:00:00Z");
  Daemon d(file, h.registry, hooks);
  REQUIRE(d.load());
  CHECK(keys(d.tick()) == Strings{"cut:2026-10"});
  CHECK(d.view().last_step == "cut:2026-10 ok");
  CHECK(atpipe::testing::read_file(dir.path() / "out/AT_QPM_2026-10.csv") ==
        atpipe::testing::read_file(kRoot / "fixtures/icb_example/expected/AT_QPM_2026-10.csv"));
}
