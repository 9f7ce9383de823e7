#include <catch2/catch.hpp>
#include <optional>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store/source_state_sqlite.hpp"
#include "tests/integration/support/make_source.hpp"
#include "tests/integration/support/sshd_server.hpp"

namespace atpipe::testing {
namespace {

// The trust's outbound folder as a real server shows it; NHS numbers are fictional (999).
struct Outbound {
  explicit Outbound(const SshdServer& server) : dir(server.dir() / "outbound") {
    std::filesystem::create_directories(dir);
  }
  void write(const std::string& name, const std::string& bytes) const {
    std::ofstream(dir / name, std::ios::binary) << bytes;
  }
  std::filesystem::path dir;
};

std::string url_of(const SshdServer& server, const std::string& pattern) {
  return "sftp://127.0.0.1:" + std::to_string(server.port()) + server.dir().string() +
         "/outbound/" + pattern;
}

std::string key_login(const SshdServer& server, const std::string& pattern) {
  return "url: " + url_of(server, pattern) + "\nusername: " + server.user() +
         "\nprivate_key: " + server.user_key().string() + "\n";
}

core::Expected<core::PullResult> pull(const std::string& yaml, core::SourceState* state = nullptr) {
  auto source = make_source("sftp", "nhft_inpatients", yaml);
  core::PullContext ctx;
  ctx.state = state;
  return source->pull(ctx);
}

}  // namespace

TEST_CASE("sftp: pulls new CSV files with key login once each", "[integration][sftp]") {
  SshdServer server;
  Outbound out(server);
  out.write("ld_inpatients_2024-02.csv", "Patient ID,NHS Number\r\nP1,9990000018\r\n");
  // windows-1252 bytes (é) and a row with a missing field.
  out.write("ld_inpatients_2024-03.csv", "Patient ID,NHS Number\r\nP2,9990000026\r\nRen\xE9\r\n");
  out.write("other.csv", "x\n1\n");
  out.write(".ld_inpatients_2024-04.csv", "uploading\n");

  const std::string yaml = key_login(server, "ld_inpatients_*.csv") +
                           "known_hosts: " + server.known_hosts().string() +
                           "\ncsv: { encoding: windows-1252 }\n";
  const auto state_db = server.dir() / "state.db";
  auto db = store::Database::open(state_db);
  REQUIRE(db.has_value());
  auto state = std::make_optional<store::SqliteSourceState>(*db, "2024-04-01T00:00:00Z");

  auto result = pull(yaml, &*state);
  REQUIRE(result.has_value());
  REQUIRE(result->batches.size() == 2);
  const auto& first = result->batches[0];
  CHECK(first.file == url_of(server, "ld_inpatients_2024-02.csv"));
  CHECK(first.header == std::vector<std::string>{"Patient ID", "NHS Number"});
  REQUIRE(first.rows.size() == 1);
  CHECK(first.rows[0].row == 2);
  CHECK(first.rows[0].values == std::vector<std::string>{"P1", "9990000018"});
  const auto& second = result->batches[1];
  CHECK(second.file == url_of(server, "ld_inpatients_2024-03.csv"));
  REQUIRE(second.rows.size() == 2);
  CHECK(second.rows[1].row == 3);
  CHECK(second.rows[1].values[0] == "Ren\xC3\xA9");
  CHECK_FALSE(second.rows[1].problem.empty());
  CHECK(std::filesystem::status(state_db).permissions() ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));

  SECTION("a second pull takes nothing new, even from a reopened state store") {
    auto db2 = store::Database::open(state_db);
    REQUIRE(db2.has_value());
    auto reopened = std::make_optional<store::SqliteSourceState>(*db2, "2024-04-01T00:00:00Z");
    result = pull(yaml, &*reopened);
    REQUIRE(result.has_value());
    CHECK(result->batches.empty());
  }

  SECTION("a new file, or a changed one, is taken on the next pull") {
    out.write("ld_inpatients_2024-04.csv", "Patient ID,NHS Number\nP3,9990000034\n");
    out.write("ld_inpatients_2024-02.csv", "Patient ID,NHS Number\nP1,9990000018\nP4,9990000042\n");
    result = pull(yaml, &*state);
    REQUIRE(result.has_value());
    REQUIRE(result->batches.size() == 2);
    CHECK(result->batches[0].file == url_of(server, "ld_inpatients_2024-02.csv"));
    CHECK(result->batches[0].rows.size() == 2);
    CHECK(result->batches[1].file == url_of(server, "ld_inpatients_2024-04.csv"));
  }

  SECTION("without a state every matching file is taken") {
    result = pull(yaml);
    REQUIRE(result.has_value());
    CHECK(result->batches.size() == 2);
  }
}

TEST_CASE("sftp: a file waits for its marker and stable files are taken", "[integration][sftp]") {
  SshdServer server;
  Outbound out(server);
  out.write("a.csv", "id\n1\n");
  out.write("a.csv.done", "");
  out.write("b.csv", "id\n2\n");

  auto result = pull(key_login(server, "*") + "host_key_sha256: " + server.fingerprint() +
                     "\nmarker_suffix: .done\n");
  REQUIRE(result.has_value());
  REQUIRE(result->batches.size() == 1);
  CHECK(result->batches[0].file == url_of(server, "a.csv"));

  result = pull(key_login(server, "*.csv") + "host_key_sha256: " + server.fingerprint() +
                "\nstable_seconds: 1\n");
  REQUIRE(result.has_value());
  CHECK(result->batches.size() == 2);
}

TEST_CASE("sftp: the host key is always checked", "[integration][sftp]") {
  SshdServer server;
  Outbound out(server);
  out.write("x.csv", "id\n9990000018\n");

  SECTION("the right pin works") {
    auto result =
        pull(key_login(server, "x.csv") + "host_key_sha256: " + server.fingerprint() + "\n");
    REQUIRE(result.has_value());
    CHECK(result->batches.size() == 1);
  }
  SECTION("a wrong pin is refused before anything is downloaded") {
    auto result = pull(key_login(server, "x.csv") +
                       "host_key_sha256: SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n");
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code() == core::ErrorCode::Auth);
    CHECK(result.error().message().find("host key does not match 'host_key_sha256'") !=
          std::string::npos);
  }
  SECTION("a known_hosts file with another key is refused") {
    const auto other = server.dir() / "other_known_hosts";
    std::ofstream(other)
        << "[127.0.0.1]:" << server.port()
        << " ssh-ed25519 "
           "AAAAC3NzaC1lZDI1NTE5AAAAIBx6yHf9uZ2n3nWdE0dtmlx7cZ4R6Ql6qkG1FhYqwIMO\n";
    auto result = pull(key_login(server, "x.csv") + "known_hosts: " + other.string() + "\n");
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code() == core::ErrorCode::Auth);
    CHECK(result.error().message().find("host key does not match 'known_hosts'") !=
          std::string::npos);
  }
}

TEST_CASE("sftp: login and connection failures name the source", "[integration][sftp]") {
  SshdServer server;
  Outbound out(server);
  out.write("x.csv", "id\n9990000018\n");
  const std::string pin = "host_key_sha256: " + server.fingerprint() + "\n";

  SECTION("a wrong password is an authentication error") {
    auto result = pull("url: " + url_of(server, "x.csv") + "\nusername: " + server.user() +
                       "\npassword: not-the-password\n" + pin);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code() == core::ErrorCode::Auth);
    CHECK(result.error().where().source == "nhft_inpatients");
    CHECK(result.error().message().find("refused the login for user '" + server.user() + "'") !=
          std::string::npos);
    CHECK(result.error().describe().find("not-the-password") == std::string::npos);
  }
  SECTION("a key the server does not know is an authentication error") {
    std::filesystem::remove(server.dir() / "authorized_keys");
    auto result = pull(key_login(server, "x.csv") + pin);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code() == core::ErrorCode::Auth);
  }
  SECTION("a missing folder is reported as such") {
    auto result = pull("url: sftp://127.0.0.1:" + std::to_string(server.port()) +
                       "/no/such/dir/*.csv\nusername: " + server.user() +
                       "\nprivate_key: " + server.user_key().string() + "\n" + pin);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code() == core::ErrorCode::NotFound);
  }
  SECTION("an unterminated quote fails the whole source") {
    out.write("y.csv", "id,name\n1,\"open\n");
    auto result = pull(key_login(server, "*.csv") + pin);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().where().file == url_of(server, "y.csv"));
  }
  SECTION("a stopped server is a connection error") {
    server.stop();
    auto result = pull(key_login(server, "x.csv") + pin);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code() == core::ErrorCode::Network);
    CHECK(result.error().describe().find("source 'nhft_inpatients'") != std::string::npos);
    CHECK(result.error().message().find("cannot connect to the SFTP server 127.0.0.1:" +
                                        std::to_string(server.port())) != std::string::npos);
  }
}

}  // namespace atpipe::testing
