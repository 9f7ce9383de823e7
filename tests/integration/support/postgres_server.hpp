#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "tests/integration/support/child_process.hpp"

namespace atpipe::testing {

// A throwaway PostgreSQL 15 cluster for the integration tests: initdb into a temp folder,
// `postgres` listening on 127.0.0.1 at a free port (and a socket in the same folder), run as
// the `postgres` account when the tests run as root. TCP logins need a SCRAM password, so a
// wrong password really is refused. Owned by one test process; stopped by stop() or at the
// end. Not thread-safe.
class PostgresServer {
 public:
  static constexpr const char* kUser = "atpipe_test";
  static constexpr const char* kPassword = "test-only-pw-7Q";
  static constexpr const char* kDatabase = "register";

  PostgresServer();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // One server per test process, started on first use and shared by the sections of a test
  // case (each discovered test case is its own process).
  static PostgresServer& shared();

  [[nodiscard]] int port() const { return port_; }
  // A libpq key=value string for the test role over TCP.
  [[nodiscard]] std::string dsn(const std::string& password = kPassword) const;
  // Runs `sql` as the test role in the test database; throws with the server's message.
  void exec(const std::string& sql) const;
  void stop();

 private:
  void admin_exec(const std::string& dbname, const std::string& sql) const;

  std::optional<RunAs> as_;
  std::unique_ptr<ServerDir> dir_;
  int port_ = 0;
  ChildProcess server_;
};

}  // namespace atpipe::testing
