#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "config/loader.hpp"
#include "daemon/status/snapshot_source.hpp"
#include "daemon/status/status_client.hpp"
#include "daemon/status/status_server.hpp"
#include "store/database.hpp"
#include "tests/integration/support/http_test_server.hpp"
#include "tests/support/run_binary.hpp"

namespace {

using namespace atpipe;
namespace status = atpipe::daemon::status;
using atpipe::testing::read_file;
using atpipe::testing::run_atpipe;
using atpipe::testing::TempDir;

const std::filesystem::path kRoot = ATPIPE_SOURCE_DIR;
constexpr std::chrono::milliseconds kTimeout{5000};

// The example config with absolute fixture paths, `extra` appended, in `dir`.
std::filesystem::path write_config(const TempDir& dir, const std::string& extra) {
  auto text = read_file(kRoot / "config/examples/icb_example.yaml");
  const std::string rel = "../../fixtures";
  for (auto at = text.find(rel); at != std::string::npos; at = text.find(rel, at)) {
    text.replace(at, rel.size(), (kRoot / "fixtures").string());
  }
  const auto path = dir.path() / "atpipe.yaml";
  std::ofstream(path) << text << extra;
  return path;
}

// The fixture run of October 2026 into `dir`, and the config loaded as the server sees it.
struct FixtureState {
  TempDir dir{"status_server"};
  std::filesystem::path config_file;
  config::ConfigPtr config;

  explicit FixtureState(const std::string& extra = "") {
    const std::string out = (dir.path() / "out").string();
    const std::string state = (dir.path() / "state").string();
    ::setenv("ATPIPE_OUT_DIR", out.c_str(), 1);
    ::setenv("ATPIPE_STATE_DIR", state.c_str(), 1);
    ::setenv("ATPIPE_TEST_STATUS_TOKEN", "t0ken-for-tests", 1);
    config_file = write_config(dir, extra);
    auto run = run_atpipe({"run", "--once", "--config", config_file.string(), "--period", "2026-10",
                           "--today", "2026-11-23"},
                          {"ATPIPE_OUT_DIR=" + out, "ATPIPE_STATE_DIR=" + state});
    INFO(run.out << run.err);
    REQUIRE(run.exit_code == 0);
    auto registry = config::SourceRegistry::build();
    REQUIRE(registry);
    auto loaded = config::load_config(config_file, *registry);
    REQUIRE(loaded.ok());
    config = loaded.config;
  }
};

// A StatusServer on its own io_context thread, stopped and joined at the end.
class RunningServer {
 public:
  RunningServer(config::StatusSpec spec, status::SnapshotFn snapshot)
      : server_(io_, std::move(spec), std::move(snapshot)) {
    auto started = server_.start();
    REQUIRE(started);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~RunningServer() {
    io_.stop();
    thread_.join();
  }
  [[nodiscard]] std::uint16_t port() const { return server_.port(); }

 private:
  boost::asio::io_context io_;
  status::StatusServer server_;
  std::thread thread_;
};

config::StatusSpec client_for(const config::StatusSpec& server, std::uint16_t port) {
  auto spec = server;
  spec.port = port;
  return spec;
}

}  // namespace

TEST_CASE("the status server answers over the fixture run's state", "[integration][status]") {
  FixtureState fixture;
  auto db = store::Database::open(fixture.config->state.sqlite);
  REQUIRE(db);
  config::StatusSpec spec;
  spec.port = 0;
  RunningServer server(spec, status::make_snapshot_fn(fixture.config, *db));
  const auto client = client_for(spec, server.port());

  auto health = status::fetch_from_server(client, "/healthz", kTimeout);
  REQUIRE(health);
  CHECK(*health == "{\"up\":true,\"config_loaded\":true,\"state_store\":true}\n");

  auto body = status::fetch_from_server(client, "/status", kTimeout);
  REQUIRE(body);
  CHECK(body->find("\"period\":\"2026-10\",\"status\":\"ok\"") != std::string::npos);
  CHECK(body->find("\"open_queries\":{\"total\":12,") != std::string::npos);
  CHECK(body->find("\"by_owner\":{\"NV7 (provider)\":1,\"QPM (commissioner)\":2,\"RP1 "
                   "(provider)\":9}") != std::string::npos);
  CHECK(body->find("\"state\":\"not running\"") != std::string::npos);

  auto metrics = status::fetch_from_server(client, "/metrics", kTimeout);
  REQUIRE(metrics);
  CHECK(metrics->find("atpipe_runs_total{outcome=\"ok\"} 1\n") != std::string::npos);
  CHECK(metrics->find("atpipe_last_run_source_rows{source=\"nhft_inpatients\",kind=\"pulled\"} "
                      "88\n") != std::string::npos);
  CHECK(metrics->find("atpipe_open_queries_total 12\n") != std::string::npos);

  auto page = status::fetch_from_server(client, "/", kTimeout);
  REQUIRE(page);
  CHECK(page->find("<title>atpipe") != std::string::npos);
  auto script = status::fetch_from_server(client, "/assets/dashboard.js", kTimeout);
  REQUIRE(script);
  CHECK(script->find("sessionStorage") != std::string::npos);

  auto dashboard = status::fetch_from_server(client, "/api/dashboard", kTimeout);
  REQUIRE(dashboard);
  CHECK(dashboard->find("\"files\":[\"queries_QPM_2026-10.csv\"]") != std::string::npos);
  CHECK(dashboard->find("\"source\":\"nhft_inpatients\",\"rule\":\"AT-R023\"") !=
        std::string::npos);
  CHECK(dashboard->find("9991205845") == std::string::npos);  // masked

  const auto published = fixture.dir.path() / "out" / "2026-10" / "queries_QPM_2026-10.csv";
  auto download =
      status::fetch_from_server(client, "/download/2026-10/queries_QPM_2026-10.csv", kTimeout);
  REQUIRE(download);
  CHECK(*download == read_file(published));
  auto refused =
      status::fetch_from_server(client, "/download/2026-10/rejects_QPM_2026-10.csv", kTimeout);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message().find("404") != std::string::npos);
}

TEST_CASE("with a token, the API answers 401 without it and 200 with it, over TLS",
          "[integration][status]") {
  FixtureState fixture;
  auto db = store::Database::open(fixture.config->state.sqlite);
  REQUIRE(db);
  config::StatusSpec spec;
  spec.port = 0;
  spec.token = "t0ken-for-tests";
  const auto& cert = atpipe::test::server_certificate();
  spec.tls_cert = cert.cert;
  spec.tls_key = cert.key;
  RunningServer server(spec, status::make_snapshot_fn(fixture.config, *db));
  auto with_token = client_for(spec, server.port());
  auto without = with_token;
  without.token.reset();

  auto refused = status::fetch_from_server(without, "/status", kTimeout);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code() == core::ErrorCode::Auth);
  auto wrong = with_token;
  wrong.token = "t0ken-for-testz";
  CHECK_FALSE(status::fetch_from_server(wrong, "/metrics", kTimeout));
  CHECK_FALSE(status::fetch_from_server(without, "/api/dashboard", kTimeout));
  CHECK_FALSE(
      status::fetch_from_server(without, "/download/2026-10/queries_QPM_2026-10.csv", kTimeout));
  CHECK(status::fetch_from_server(without, "/healthz", kTimeout));  // open, holds no data
  auto allowed = status::fetch_from_server(with_token, "/status", kTimeout);
  REQUIRE(allowed);
  CHECK(allowed->find("\"total\":12") != std::string::npos);

  // Plain HTTP to the TLS port gets no answer.
  auto plain = with_token;
  plain.tls_cert.reset();
  CHECK_FALSE(status::fetch_from_server(plain, "/healthz", std::chrono::milliseconds(1500)));
}

TEST_CASE("atpipe status asks the listening server, else reads the state store",
          "[integration][status]") {
  const auto port = atpipe::test::unused_port();
  FixtureState fixture("\nstatus:\n  listen: 127.0.0.1:" + std::to_string(port) +
                       "\n  token: \"${ATPIPE_TEST_STATUS_TOKEN}\"\n");
  const std::vector<std::string> env = {
      "ATPIPE_OUT_DIR=" + (fixture.dir.path() / "out").string(),
      "ATPIPE_STATE_DIR=" + (fixture.dir.path() / "state").string(),
      "ATPIPE_TEST_STATUS_TOKEN=t0ken-for-tests"};
  const std::vector<std::string> args = {"status", "--config", fixture.config_file.string()};

  auto alone = run_atpipe(args, env);
  INFO(alone.out << alone.err);
  CHECK(alone.exit_code == 0);
  CHECK(alone.out.find("daemon:           not running (read from the state store)") !=
        std::string::npos);
  CHECK(alone.out.find("open queries:     12") != std::string::npos);
  CHECK(alone.out.find("answered by:      the state store (no status server at") !=
        std::string::npos);
  CHECK(alone.out.find("last submission:  no submissions yet") != std::string::npos);

  auto db = store::Database::open(fixture.config->state.sqlite);
  REQUIRE(db);
  status::DaemonHooks hooks;
  hooks.facts = [] {
    status::DaemonFacts facts;
    facts.running = true;
    facts.config_version = "3";
    facts.config_loaded_at = "2026-11-23T08:00:00Z";
    facts.next_cut = "2026-11-30T23:59:59+00:00";
    return facts;
  };
  RunningServer server(fixture.config->status,
                       status::make_snapshot_fn(fixture.config, *db, hooks));
  auto asked = run_atpipe(args, env);
  INFO(asked.out << asked.err);
  CHECK(asked.exit_code == 0);
  CHECK(asked.out.find("answered by:      the status server at 127.0.0.1:") != std::string::npos);
  CHECK(asked.out.find("daemon:           running") != std::string::npos);
  CHECK(asked.out.find("next cut:         2026-11-30T23:59:59+00:00") != std::string::npos);

  auto refused = run_atpipe(args, {env[0], env[1], "ATPIPE_TEST_STATUS_TOKEN=other"});
  CHECK(refused.exit_code == 5);
  CHECK(refused.err.find("refused the token") != std::string::npos);
}
