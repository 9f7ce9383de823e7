#include <catch2/catch.hpp>
#include <chrono>
#include <deque>
#include <fstream>

#include "config/loader.hpp"
#include "daemon/run_job.hpp"
#include "store/database.hpp"
#include "store/query_store.hpp"
#include "store/run_lock.hpp"
#include "store/run_store.hpp"
#include "tests/support/run_binary.hpp"

using namespace atpipe;
using atpipe::testing::TempDir;
using std::chrono::seconds;

namespace {

const std::filesystem::path kRoot = ATPIPE_SOURCE_DIR;

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

// The fixture config, copied into `dir` with absolute fixture paths and its outputs and state
// in `dir`; `edit` changes the text further (a broken source path).
std::filesystem::path fixture_config(const TempDir& dir, const std::string& from = "",
                                     const std::string& to = "") {
  std::string text = atpipe::testing::read_file(kRoot / "config/examples/icb_example.yaml");
  replace_all(text, "../../fixtures/", (kRoot / "fixtures").string() + "/");
  replace_all(text, "${ATPIPE_OUT_DIR:-../../out}", (dir.path() / "out").string());
  replace_all(text, "${ATPIPE_STATE_DIR:-../../out}", (dir.path() / "state").string());
  if (!from.empty()) {
    REQUIRE(text.find(from) != std::string::npos);
    replace_all(text, from, to);
  }
  auto path = dir.path() / (to.empty() ? "config.yaml" : "edited.yaml");
  std::ofstream(path) << text;
  return path;
}

struct Harness {
  config::SourceRegistry registry = config::SourceRegistry::build().value();
  std::deque<std::chrono::system_clock::time_point> times;
  std::deque<std::uint32_t> randoms;

  daemon::RunOptions options() {
    daemon::RunOptions o;
    o.period = "2026-10";
    o.today = core::parse_iso("2026-11-23").value();
    o.now = [this] {
      auto t = times.front();
      times.pop_front();
      return t;
    };
    o.random = [this] {
      auto r = randoms.front();
      randoms.pop_front();
      return r;
    };
    o.lock_wait = std::chrono::milliseconds(200);
    return o;
  }
  core::Expected<store::RunRecord> run(const std::filesystem::path& config) {
    auto loaded = config::load_config(config, registry);
    REQUIRE(loaded.ok());
    return daemon::RunJob(loaded.config, registry).run(options());
  }
};

std::chrono::system_clock::time_point at(int hour, int minute, int second) {
  using namespace date;
  return sys_days{2026_y / 11 / 23} + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         seconds(second);
}

std::string query_table(const std::filesystem::path& state) {
  auto db = store::Database::open(state);
  REQUIRE(db);
  auto all = store::QueryStore(*db).list("", "");
  REQUIRE(all);
  std::string out;
  for (const auto& t : *all) {
    out += t.query.id + "|" + std::string(core::to_string(t.status)) + "|" + t.opened_period + "|" +
           t.last_seen_period + "|" + t.closed_period + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("a run takes its times and id from the injected clock and randomness", "[unit][daemon]") {
  TempDir dir("run-clock");
  Harness h;
  h.times = {at(8, 0, 0), at(8, 0, 7)};
  h.randoms = {0xbeef};
  auto run = h.run(fixture_config(dir));
  REQUIRE(run);
  CHECK(run->status == "ok");
  CHECK(run->run_id == "20261123T080000Z-beef");
  CHECK(run->started_at == "2026-11-23T08:00:00Z");
  CHECK(run->finished_at == "2026-11-23T08:00:07Z");
  CHECK_FALSE(run->census_missing);
  CHECK(h.times.empty());

  // A second run in the same second with the same random draw takes another id.
  h.times = {at(8, 0, 0), at(8, 0, 3)};
  h.randoms = {0xbeef, 0xbeef, 0x0042};
  auto again = h.run(fixture_config(dir));
  REQUIRE(again);
  CHECK(again->run_id == "20261123T080000Z-0042");
  auto db = store::Database::open(dir.path() / "state" / "state.db");
  REQUIRE(db);
  auto runs = store::RunStore(*db).list_runs(10);
  REQUIRE(runs);
  CHECK(runs->size() == 2);
}

TEST_CASE("a partial run changes no query and keeps only its own record", "[unit][daemon]") {
  TempDir dir("run-partial");
  Harness h;
  const auto state = dir.path() / "state" / "state.db";
  h.times = {at(8, 0, 0), at(8, 0, 5)};
  h.randoms = {1};
  auto good = h.run(fixture_config(dir));
  REQUIRE(good);
  REQUIRE(good->status == "ok");
  REQUIRE(good->queries > 0);
  const auto before = query_table(state);

  // November: the census has not come (its folder is misnamed), so every open query would
  // otherwise look answered.
  h.times = {at(9, 0, 0), at(9, 0, 5)};
  h.randoms = {2};
  auto cfg = fixture_config(dir, "icb_example/census", "icb_example/census_not_here");
  auto partial = h.run(cfg);
  REQUIRE(partial);
  CHECK(partial->status == "partial");
  CHECK(partial->census_missing);
  CHECK(partial->queries_opened == 0);
  CHECK(partial->queries_resolved == 0);
  CHECK(query_table(state) == before);

  auto db = store::Database::open(state);
  REQUIRE(db);
  auto runs = store::RunStore(*db).list_runs(10);
  REQUIRE(runs);
  REQUIRE(runs->size() == 2);
  const auto& recorded = (*runs)[0];
  CHECK(recorded.status == "partial");
  CHECK(recorded.census_missing);
  bool census_failed = false;
  for (const auto& s : recorded.sources) {
    census_failed = census_failed || (s.source == "ward_census" && s.failed && !s.error.empty());
  }
  CHECK(census_failed);
}

TEST_CASE("a run waits for the run lock, then gives up with a busy error", "[unit][daemon]") {
  TempDir dir("run-locked");
  Harness h;
  const auto state = dir.path() / "state" / "state.db";
  auto held = store::RunLock::acquire(state, std::chrono::milliseconds(0));
  REQUIRE(held);
  h.times = {at(8, 0, 0), at(8, 0, 1)};
  h.randoms = {1};
  auto run = h.run(fixture_config(dir));
  REQUIRE_FALSE(run);
  CHECK(run.error().code() == core::ErrorCode::Busy);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "out"));
}

TEST_CASE("run ids are what the state store lists as runs", "[unit][daemon]") {
  const auto id = daemon::make_run_id(at(8, 5, 9), 0x1a2bcdef);
  CHECK(id == "20261123T080509Z-cdef");
  CHECK(store::looks_like_run_id(id));
}
