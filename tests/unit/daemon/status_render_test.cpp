#include <rapidjson/document.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "daemon/status/status_metrics.hpp"
#include "daemon/status/status_render.hpp"
#include "daemon/status/status_routes.hpp"

namespace atpipe::daemon::status {
namespace {

store::RunRecord sample_run() {
  store::RunRecord r;
  r.run_id = "20261123T101500Z-3f2a";
  r.period = "2026-10";
  r.status = "ok";
  r.started_at = "2026-11-23T10:15:00Z";
  r.finished_at = "2026-11-23T10:15:42Z";
  r.matched = 49;
  r.at_only = 1;
  r.census_only = 2;
  r.queries = 3;
  store::SourceCounts la;
  la.source = "la \"placements\"";
  la.pulled = 10;
  la.accepted = 8;
  la.rejected = 2;
  store::SourceCounts nhft;
  nhft.source = "nhft";
  nhft.failed = true;
  nhft.error = "cannot open file";
  r.sources = {la, nhft};
  return r;
}

core::TrackedQuery sample_query(const std::string& owner, int age) {
  core::TrackedQuery t;
  t.query.id = "Q" + std::to_string(age);
  t.query.reason = core::QueryReason::AtOnly;
  t.query.owner = owner;
  t.query.nhs_number = "9991205845";
  t.opened_period = "2026-10";
  t.age_months = age;
  return t;
}

StatusSnapshot sample_snapshot() {
  StatusSnapshot s;
  s.generated_at = "2026-11-23T11:00:00Z";
  s.commissioner = "QPM";
  s.config_loaded = true;
  s.store.reachable = true;
  s.store.runs = {sample_run()};
  s.store.runs_by_outcome = {{"ok", 4}, {"partial", 1}};
  s.store.open_query_list = {sample_query("RP1 (provider)", 0), sample_query("RP1 (provider)", 4),
                             sample_query("QPM (commissioner)", 13)};
  for (const auto& q : s.store.open_query_list) {
    ++s.store.open_queries.by_owner[q.query.owner];
    ++s.store.open_queries.by_age_band[age_band(q.age_months)];
    ++s.store.open_queries.total;
  }
  return s;
}

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  return doc;
}

}  // namespace

TEST_CASE("/status JSON: last run with counts, open queries by owner and age, no daemon",
          "[unit][status]") {
  auto doc = parse(render_status_json(sample_snapshot()));
  CHECK(doc["daemon"]["running"].GetBool() == false);
  CHECK(std::string(doc["daemon"]["state"].GetString()) == "not running");
  CHECK(doc["daemon"]["next_cut"].IsNull());
  CHECK(std::string(doc["last_run"]["run_id"].GetString()) == "20261123T101500Z-3f2a");
  CHECK(doc["last_run"]["duration_seconds"].GetInt64() == 42);
  CHECK(doc["last_run"]["counts"]["matched"].GetUint64() == 49);
  CHECK(doc["last_run"]["sources"][0]["rejected"].GetUint64() == 2);
  CHECK(doc["open_queries"]["total"].GetUint64() == 3);
  CHECK(doc["open_queries"]["by_owner"]["RP1 (provider)"].GetUint64() == 2);
  CHECK(doc["open_queries"]["by_age"]["3-5 months"].GetUint64() == 1);
  CHECK(doc["open_queries"]["by_age"]["12+ months"].GetUint64() == 1);
  CHECK(doc["last_submission"].IsNull());
  // Sources: the newest run that read each one; a failed source has no success to show.
  CHECK(std::string(doc["sources"][0]["last_successful_pull"].GetString()) ==
        "2026-11-23T10:15:42Z");
  CHECK(doc["sources"][1]["last_successful_pull"].IsNull());
  CHECK(std::string(doc["sources"][1]["last_error"].GetString()) == "cannot open file");
}

TEST_CASE("/status JSON: the daemon's facts and a ledger submission when given", "[unit][status]") {
  auto s = sample_snapshot();
  s.daemon.running = true;
  s.daemon.next_cut = "2026-11-30T23:59:59+00:00";
  s.daemon.source_pulls = {{"la", "2026-11-22T02:00:00Z", ""}};
  s.store.submissions = {{"2026-10", "delivered", "2026-11-02T09:00:05Z", "MESH-123", "A Person"}};
  s.store.submissions_known = true;
  auto doc = parse(render_status_json(s));
  CHECK(std::string(doc["daemon"]["next_cut"].GetString()) == "2026-11-30T23:59:59+00:00");
  CHECK(std::string(doc["last_submission"]["state"].GetString()) == "delivered");
  CHECK(doc["sources"].Size() == 1);
  CHECK(std::string(doc["sources"][0]["last_successful_pull"].GetString()) ==
        "2026-11-22T02:00:00Z");
}

TEST_CASE("dashboard JSON masks NHS numbers", "[unit][status]") {
  const auto text = render_dashboard_json(sample_snapshot());
  CHECK(text.find("9991205845") == std::string::npos);
  auto doc = parse(text);
  CHECK(std::string(doc["queries"][0]["nhs_number"].GetString()) == "*******845");
  CHECK(std::string(doc["queries"][2]["age_band"].GetString()) == "12+ months");
}

TEST_CASE("/metrics: Prometheus text with escaped labels", "[unit][status]") {
  const auto text = render_metrics(sample_snapshot());
  CHECK(text.find("# TYPE atpipe_runs_total counter\n") != std::string::npos);
  CHECK(text.find("atpipe_runs_total{outcome=\"ok\"} 4\n") != std::string::npos);
  CHECK(text.find("atpipe_runs_total{outcome=\"failed\"} 0\n") != std::string::npos);
  CHECK(text.find("atpipe_last_run_source_rows{source=\"la \\\"placements\\\"\",kind=\"rejected\"} "
                  "2\n") != std::string::npos);
  CHECK(text.find("atpipe_last_run_source_failed{source=\"nhft\"} 1\n") != std::string::npos);
  CHECK(text.find("atpipe_last_run_linkage{outcome=\"census_only\"} 2\n") != std::string::npos);
  CHECK(text.find("atpipe_open_queries{owner=\"RP1 (provider)\"} 2\n") != std::string::npos);
  CHECK(text.find("atpipe_last_run_duration_seconds{status=\"ok\"} 42\n") != std::string::npos);
  CHECK(text.find("atpipe_last_success_timestamp_seconds{what=\"run\",source=\"\"} 1795428942\n") !=
        std::string::npos);
  CHECK(escape_label("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
}

TEST_CASE("timestamps: UTC and offsets, malformed refused", "[unit][status]") {
  CHECK(epoch_seconds("1970-01-01T00:00:00Z") == 0);
  CHECK(epoch_seconds("2026-11-23T10:15:42Z") == 1795428942);
  CHECK(epoch_seconds("2026-11-23T11:15:42+01:00") == 1795428942);
  CHECK_FALSE(epoch_seconds("2026-02-30T00:00:00Z"));
  CHECK_FALSE(epoch_seconds("yesterday"));
  CHECK_FALSE(epoch_seconds(""));
}

TEST_CASE("routes: the token is asked for off loopback or once given, never for /healthz",
          "[unit][status]") {
  int calls = 0;
  const SnapshotFn snapshot = [&calls](SnapshotScope) {
    ++calls;
    return sample_snapshot();
  };
  config::StatusSpec open;  // 127.0.0.1 without a token
  CHECK(route({"GET", "/status", ""}, open, snapshot).status == 200);
  CHECK(calls == 1);
  calls = 0;

  config::StatusSpec wide;
  wide.host = "0.0.0.0";
  wide.token = "t0ken";
  CHECK(route({"GET", "/status", ""}, wide, snapshot).status == 401);
  CHECK(route({"GET", "/metrics", "Bearer wrong"}, wide, snapshot).status == 401);
  CHECK(route({"GET", "/metrics", "Bearer t0ken2"}, wide, snapshot).status == 401);
  CHECK(route({"GET", "/api/dashboard", "Basic t0ken"}, wide, snapshot).status == 401);
  CHECK(route({"GET", "/download/2026-10/x.csv", ""}, wide, snapshot).status == 401);
  CHECK(calls == 0);  // nothing was read for a refused request
  const auto ok = route({"GET", "/metrics?x=1", "Bearer t0ken"}, wide, snapshot);
  CHECK(ok.status == 200);
  CHECK(ok.content_type == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(route({"GET", "/healthz", ""}, wide, snapshot).status == 200);
  CHECK(route({"GET", "/", ""}, wide, snapshot).status == 200);
  CHECK(route({"GET", "/assets/dashboard.js", ""}, wide, snapshot).status == 200);

  config::StatusSpec loopback_with_token;
  loopback_with_token.token = "t0ken";
  CHECK(route({"GET", "/status", ""}, loopback_with_token, snapshot).status == 401);

  config::StatusSpec wide_without_token;  // never configured so; refused, not opened
  wide_without_token.host = "192.168.1.5";
  CHECK(route({"GET", "/status", "Bearer "}, wide_without_token, snapshot).status == 401);
}

TEST_CASE("routes: health, methods, assets and unknown paths", "[unit][status]") {
  config::StatusSpec spec;
  auto unhealthy = sample_snapshot();
  unhealthy.store.reachable = false;
  const SnapshotFn down = [&](SnapshotScope) { return unhealthy; };
  const auto health = route({"GET", "/healthz", ""}, spec, down);
  CHECK(health.status == 503);
  CHECK(health.body == "{\"up\":true,\"config_loaded\":true,\"state_store\":false}\n");
  CHECK(route({"POST", "/status", ""}, spec, down).status == 405);
  CHECK(route({"GET", "/nope", ""}, spec, down).status == 404);
  CHECK(route({"GET", "/assets/../status", ""}, spec, down).status == 404);
  CHECK(route({"GET", "/assets/missing.js", ""}, spec, down).status == 404);
  const auto page = route({"GET", "/", ""}, spec, down);
  CHECK(page.content_type == "text/html; charset=utf-8");
  CHECK(page.body.find("/assets/dashboard.js") != std::string::npos);
}

TEST_CASE("routes: only files of the published set's list are downloaded", "[unit][status]") {
  const auto folder = std::filesystem::temp_directory_path() / "atpipe_status_route_test";
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "queries_QPM_2026-10.csv") << "QueryId\nQ1\n";
  std::ofstream(folder / "secret.txt") << "no";
  auto with_set = sample_snapshot();
  with_set.store.downloads = DownloadSet{"2026-10", folder, {"queries_QPM_2026-10.csv"}};
  const SnapshotFn snapshot = [&](SnapshotScope) { return with_set; };
  config::StatusSpec spec;
  const auto got = route({"GET", "/download/2026-10/queries_QPM_2026-10.csv", ""}, spec, snapshot);
  CHECK(got.status == 200);
  CHECK(got.body == "QueryId\nQ1\n");
  CHECK(got.content_type == "text/csv; charset=utf-8");
  CHECK(route({"GET", "/download/2026-10/secret.txt", ""}, spec, snapshot).status == 404);
  CHECK(route({"GET", "/download/2026-09/queries_QPM_2026-10.csv", ""}, spec, snapshot).status ==
        404);
  CHECK(route({"GET", "/download/2026-10/../2026-10/queries_QPM_2026-10.csv", ""}, spec, snapshot)
            .status == 404);
  std::filesystem::remove_all(folder);
}

}  // namespace atpipe::daemon::status
