#include "tests/integration/support/postgres_server.hpp"

#include <libpq-fe.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace atpipe::testing {
namespace {

const std::filesystem::path kBin = "/usr/lib/postgresql/15/bin";
constexpr const char* kAdmin = "atpipe_admin";

struct ConnFinish {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};

void run_sql(const std::string& conninfo, const std::string& sql) {
  std::unique_ptr<PGconn, ConnFinish> conn(PQconnectdb(conninfo.c_str()));
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    throw std::runtime_error("test setup cannot connect: " +
                             std::string(PQerrorMessage(conn.get())));
  }
  PQsetNoticeProcessor(
      conn.get(), [](void*, const char*) {}, nullptr);
  PGresult* result = PQexec(conn.get(), sql.c_str());
  const auto status = PQresultStatus(result);
  const std::string message = PQresultErrorMessage(result);
  PQclear(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error("test setup SQL failed: " + message);
  }
}

}  // namespace

PostgresServer::PostgresServer() : as_(postgres_account_if_root()) {
  if (!std::filesystem::exists(kBin / "postgres")) {
    throw std::runtime_error("PostgreSQL 15 is not installed (" + kBin.string() + ")");
  }
  dir_ = std::make_unique<ServerDir>("pg", as_);
  const auto data = dir_->path() / "data";
  const auto log = dir_->path() / "server.log";
  if (run_command({(kBin / "initdb").string(), "-D", data.string(), "-U", kAdmin, "-E", "UTF8",
                   "--locale=C", "-N", "--auth-local=trust", "--auth-host=scram-sha-256"},
                  log, as_) != 0) {
    throw std::runtime_error("initdb failed:\n" + slurp(log));
  }
  port_ = free_local_port();
  server_ =
      ChildProcess({(kBin / "postgres").string(), "-D", data.string(), "-k", dir_->path().string(),
                    "-p", std::to_string(port_), "-c", "listen_addresses=127.0.0.1", "-c",
                    "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off"},
                   log, as_);
  const std::string admin = "host=" + dir_->path().string() + " port=" + std::to_string(port_) +
                            " user=" + kAdmin + " dbname=postgres connect_timeout=2";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (PQping(admin.c_str()) != PQPING_OK) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("PostgreSQL did not start within 30 s:\n" + slurp(log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  admin_exec("postgres",
             std::string("CREATE ROLE ") + kUser + " LOGIN PASSWORD '" + kPassword + "'");
  admin_exec("postgres", std::string("CREATE DATABASE ") + kDatabase + " OWNER " + kUser);
}

PostgresServer::~PostgresServer() {
  stop();
}

PostgresServer& PostgresServer::shared() {
  static PostgresServer server;
  return server;
}

void PostgresServer::admin_exec(const std::string& dbname, const std::string& sql) const {
  run_sql("host=" + dir_->path().string() + " port=" + std::to_string(port_) + " user=" + kAdmin +
              " dbname=" + dbname,
          sql);
}

std::string PostgresServer::dsn(const std::string& password) const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " dbname=" + kDatabase +
         " user=" + kUser + " password=" + password;
}

void PostgresServer::exec(const std::string& sql) const {
  run_sql(dsn(), sql);
}

void PostgresServer::stop() {
  // SIGINT is PostgreSQL's "fast" shutdown: clients are disconnected, no wait for them.
  server_.stop(SIGINT);
}

}  // namespace atpipe::testing
