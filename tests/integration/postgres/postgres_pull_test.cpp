#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/date_value.hpp"
#include "tests/integration/support/make_source.hpp"
#include "tests/integration/support/postgres_server.hpp"

namespace atpipe::testing {
namespace {

// The register as a commissioner keeps it; NHS numbers are fictional (999 range).
// Its own table, dropped and created afresh (odbc_pull_test uses provider_register), so the two
// tests pass in any order against one server.
constexpr const char* kSchema = R"sql(
DROP TABLE IF EXISTS commissioner_register;
CREATE TABLE commissioner_register (
  nhs_number text, dob date, ctr_date date, dsr_flag text, updated_at timestamp);
INSERT INTO commissioner_register VALUES
  ('9990000018', '1990-04-01', '2024-02-12', 'Y', '2024-03-10 09:00'),
  ('9990000026', '1985-11-30', NULL,         'N', '2024-03-30 17:45'),
  ('9990000034', '2001-07-15', '2024-03-20', NULL, '2024-04-02 08:00');
)sql";

core::PullContext cut_at(const char* iso) {
  core::PullContext ctx;
  ctx.cut = *core::parse_iso(iso);
  return ctx;
}

std::string yaml_for(const std::string& dsn, const std::string& query,
                     const std::string& params = "") {
  return "dsn: \"" + dsn + "\"\nquery: \"" + query + "\"\n" +
         (params.empty() ? "" : "params: " + params + "\n");
}

core::Expected<core::PullResult> pull(const std::string& yaml,
                                      const core::PullContext& ctx = cut_at("2024-03-31")) {
  auto source = make_source("postgres", "ccg_register", yaml);
  return source->pull(ctx);
}

}  // namespace

TEST_CASE("postgres: queries a real server", "[integration][postgres]") {
  auto& server = PostgresServer::shared();
  server.exec(kSchema);

  SECTION("$1 = cut selects the rows up to the cut; NULL becomes an empty value") {
    const auto result =
        pull(yaml_for(server.dsn(),
                      "select nhs_number, dob, ctr_date, dsr_flag from commissioner_register "
                      "where updated_at <= $1 order by nhs_number",
                      "[cut]"));
    REQUIRE(result.has_value());
    REQUIRE(result->batches.size() == 1);
    const auto& batch = result->batches[0];
    CHECK(batch.file == "postgres:127.0.0.1:" + std::to_string(server.port()) + "/register");
    CHECK(batch.header == std::vector<std::string>{"nhs_number", "dob", "ctr_date", "dsr_flag"});
    REQUIRE(batch.rows.size() == 2);
    CHECK(batch.rows[0].row == 2);
    CHECK(batch.rows[0].values ==
          std::vector<std::string>{"9990000018", "1990-04-01", "2024-02-12", "Y"});
    CHECK(batch.rows[1].row == 3);
    CHECK(batch.rows[1].values == std::vector<std::string>{"9990000026", "1985-11-30", "", "N"});
    CHECK(batch.rows[1].problem.empty());
  }

  SECTION("a later cut takes the later row too") {
    const auto result = pull(
        yaml_for(server.dsn(),
                 "select nhs_number from commissioner_register where updated_at <= $1", "[cut]"),
        cut_at("2024-04-30"));
    REQUIRE(result.has_value());
    CHECK(result->batches[0].rows.size() == 3);
  }

  SECTION("text params are bound, never pasted into the SQL") {
    auto result =
        pull(yaml_for(server.dsn(),
                      "select nhs_number from commissioner_register where dsr_flag = $2 and "
                      "updated_at <= $1",
                      "[cut, 'N']"));
    REQUIRE(result.has_value());
    REQUIRE(result->batches[0].rows.size() == 1);
    CHECK(result->batches[0].rows[0].values[0] == "9990000026");

    result = pull(yaml_for(server.dsn(),
                           "select nhs_number from commissioner_register where dsr_flag = $1",
                           "[\"N' or '1'='1\"]"));
    REQUIRE(result.has_value());
    CHECK(result->batches[0].rows.empty());
    CHECK(result->batches[0].header == std::vector<std::string>{"nhs_number"});
  }

  SECTION("50,000 rows stream through, numbered 2..50001") {
    const auto result = pull(yaml_for(
        server.dsn(),
        "select g as id, '999' || lpad(g::text, 7, '0') as nhs_number from generate_series(1, "
        "50000) g order by g"));
    REQUIRE(result.has_value());
    const auto& rows = result->batches[0].rows;
    REQUIRE(rows.size() == 50000);
    CHECK(rows.front().row == 2);
    CHECK(rows.front().values == std::vector<std::string>{"1", "9990000001"});
    CHECK(rows.back().row == 50001);
    CHECK(rows.back().values == std::vector<std::string>{"50000", "9990050000"});
  }

  SECTION("an SQL error names the source, the server's message and the SQLSTATE") {
    const auto result = pull(yaml_for(server.dsn(), "select * from no_such_table"));
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code() == core::ErrorCode::Config);
    CHECK(result.error().describe() ==
          "source 'ccg_register', file 'postgres:127.0.0.1:" + std::to_string(server.port()) +
              "/register': the query failed: relation \"no_such_table\" does not exist "
              "(SQLSTATE 42P01); check 'query' and 'params'");
  }

  SECTION("a data error does not quote the value") {
    const auto result =
        pull(yaml_for(server.dsn(), "select nhs_number::int from commissioner_register"));
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message().find("9990000018") == std::string::npos);
    CHECK(result.error().message().find("SQLSTATE 22") != std::string::npos);
  }

  SECTION("a connection dropped mid-stream is an error, not half a result") {
    const auto result =
        pull(yaml_for(server.dsn(),
                      "select g, case when g = 20000 then pg_terminate_backend(pg_backend_pid()) "
                      "end as t from generate_series(1, 40000) g"));
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code() == core::ErrorCode::Network);
    CHECK(result.error().message().find("the connection to PostgreSQL was lost") !=
          std::string::npos);
  }

  SECTION("a wrong password is an authentication error") {
    const auto result = pull(yaml_for(server.dsn("not-the-password"), "select 1"));
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code() == core::ErrorCode::Auth);
    CHECK(result.error().message().find("PostgreSQL refused the login") != std::string::npos);
    CHECK(result.error().message().find("check the user and password in 'dsn'") !=
          std::string::npos);
    CHECK(result.error().describe().find("not-the-password") == std::string::npos);
  }

  SECTION("a statement that returns no rows is refused") {
    const auto result = pull(yaml_for(server.dsn(), "create temporary table t (a int)"));
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message().find("it must be a SELECT") != std::string::npos);
  }
}

TEST_CASE("postgres: a stopped server is a connection error naming the source",
          "[integration][postgres]") {
  PostgresServer server;
  const std::string dsn = server.dsn();
  server.stop();
  const auto result = pull(yaml_for(dsn, "select 1"));
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code() == core::ErrorCode::Network);
  CHECK(result.error().where().source == "ccg_register");
  CHECK(result.error().message().find("cannot connect to PostgreSQL") != std::string::npos);
  CHECK(result.error().message().find("Connection refused") != std::string::npos);
  CHECK(result.error().message().find("check that the server is running") != std::string::npos);
}

}  // namespace atpipe::testing
