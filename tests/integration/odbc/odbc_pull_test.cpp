#include <pwd.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "core/date_value.hpp"
#include "tests/integration/support/make_source.hpp"
#include "tests/integration/support/postgres_server.hpp"

namespace atpipe::testing {
namespace {

// Debian's psqlODBC (odbc-postgresql) stands in for SQL Server via FreeTDS: the connector only
// speaks ODBC, so the same calls reach either. NHS numbers are fictional (999 range).
const std::filesystem::path kDriver = "/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so";

// Its own table, dropped and created afresh (postgres_pull_test uses commissioner_register), so the
// two tests pass in any order against one server.
constexpr const char* kSchema = R"sql(
DROP TABLE IF EXISTS provider_register;
CREATE TABLE provider_register (
  nhs_number text, surname text, ctr_date date, updated_at timestamp);
INSERT INTO provider_register VALUES
  ('9990000018', 'Zoë', '2024-02-12', '2024-03-10 09:00'),
  ('9990000026', 'Ng',  NULL,         '2024-03-30 17:45'),
  ('9990000034', 'Li',  '2024-03-20', '2024-04-02 08:00');
)sql";

std::string connection_string(const PostgresServer& server,
                              const std::string& password = PostgresServer::kPassword) {
  return "Driver=" + kDriver.string() + ";Server=127.0.0.1;Port=" + std::to_string(server.port()) +
         ";Database=" + PostgresServer::kDatabase + ";Uid=" + PostgresServer::kUser + ";Pwd={" +
         password + "}";
}

core::Expected<core::PullResult> pull(const std::string& connection, const std::string& query,
                                      const std::string& params = "") {
  auto source = make_source("odbc", "register_mssql",
                            "connection_string: \"" + connection + "\"\nquery: \"" + query +
                                "\"\n" + (params.empty() ? "" : "params: " + params + "\n"));
  core::PullContext ctx;
  ctx.cut = *core::parse_iso("2024-03-31");
  return source->pull(ctx);
}

// psqlODBC leaves a small trace file (PQfinish lines, no credentials) in /tmp for each
// process; removed so test runs leave nothing behind.
struct DriverTraceCleanup {
  ~DriverTraceCleanup() {
    const passwd* me = ::getpwuid(::geteuid());
    std::error_code ec;
    std::filesystem::remove(
        std::filesystem::temp_directory_path() /
            ("psqlodbc_atpipe_integration_tests_" + std::string(me != nullptr ? me->pw_name : "") +
             std::to_string(::getpid()) + ".log"),
        ec);
  }
};

}  // namespace

TEST_CASE("odbc: queries PostgreSQL through the psqlODBC driver", "[integration][odbc]") {
  const DriverTraceCleanup cleanup;
  REQUIRE(std::filesystem::exists(kDriver));
  auto& server = PostgresServer::shared();
  server.exec(kSchema);

  SECTION("? = cut is bound as a date; NULL becomes empty; text stays UTF-8") {
    const auto result = pull(connection_string(server),
                             "select nhs_number, surname, ctr_date from provider_register "
                             "where updated_at <= ? order by nhs_number",
                             "[cut]");
    REQUIRE(result.has_value());
    REQUIRE(result->batches.size() == 1);
    const auto& batch = result->batches[0];
    CHECK(batch.file == "odbc:127.0.0.1:" + std::to_string(server.port()) + "/register");
    CHECK(batch.header == std::vector<std::string>{"nhs_number", "surname", "ctr_date"});
    REQUIRE(batch.rows.size() == 2);
    CHECK(batch.rows[0].row == 2);
    CHECK(batch.rows[0].values ==
          std::vector<std::string>{"9990000018", "Zo\xC3\xAB", "2024-02-12"});
    CHECK(batch.rows[1].row == 3);
    CHECK(batch.rows[1].values == std::vector<std::string>{"9990000026", "Ng", ""});
  }

  SECTION("text params are bound, never pasted into the SQL") {
    auto result =
        pull(connection_string(server),
             "select nhs_number from provider_register where surname = ? and updated_at <= ?",
             "['Zoë', cut]");
    REQUIRE(result.has_value());
    REQUIRE(result->batches[0].rows.size() == 1);
    CHECK(result->batches[0].rows[0].values[0] == "9990000018");

    result =
        pull(connection_string(server),
             "select nhs_number from provider_register where surname = ?", "[\"Ng' or '1'='1\"]");
    REQUIRE(result.has_value());
    CHECK(result->batches[0].rows.empty());
  }

  SECTION("an SQL error names the source and the SQLSTATE") {
    const auto result = pull(connection_string(server), "select * from no_such_table");
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code() == core::ErrorCode::Config);
    CHECK(result.error().where().source == "register_mssql");
    CHECK(result.error().message().find("no_such_table") != std::string::npos);
    CHECK(result.error().message().find("SQLSTATE 42P01") != std::string::npos);
  }

  SECTION("a wrong password is an authentication error") {
    const auto result = pull(connection_string(server, "not-the-password"), "select 1");
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code() == core::ErrorCode::Auth);
    CHECK(result.error().message().find("the database refused the login") != std::string::npos);
    CHECK(result.error().describe().find("not-the-password") == std::string::npos);
  }

  SECTION("a missing driver is a config error") {
    const auto result = pull("Driver=/nonexistent/libnothing.so;Server=127.0.0.1", "select 1");
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code() == core::ErrorCode::Config);
  }
}

}  // namespace atpipe::testing
