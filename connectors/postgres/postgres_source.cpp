#include "connectors/postgres/postgres_source.hpp"

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "config/basic_factory.hpp"
#include "config/source_factory.hpp"
#include "config/source_registry.hpp"

namespace atpipe::connectors::postgres {
namespace {

struct ConnFinish {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnFinish>;
struct ResultClear {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultClear>;

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// libpq reports a refused login in its message only; SQLSTATE 28xxx is not available before
// the connection exists.
bool is_auth_failure(std::string_view message) {
  return contains(message, "password authentication failed") ||
         contains(message, "no password supplied") || contains(message, "pg_hba.conf") ||
         contains(message, "authentication failed") ||
         (contains(message, "role \"") && contains(message, "does not exist"));
}

core::Unexpected<core::Error> connect_error(PGconn* conn, const core::Provenance& where) {
  const std::string message =
      sql::one_line(conn != nullptr ? PQerrorMessage(conn) : "out of memory");
  if (is_auth_failure(message)) {
    return core::fail(
        core::ErrorCode::Auth,
        "PostgreSQL refused the login (" + message + "); check the user and password in 'dsn'",
        where);
  }
  return core::fail(core::ErrorCode::Network,
                    "cannot connect to PostgreSQL (" + message +
                        "); check that the server is running and that 'dsn' names the right "
                        "host, port and database",
                    where);
}

// A failed query, or a connection lost while the rows were arriving. SQLSTATE class 22 (data
// exception) messages quote the offending value, which may be patient data, so only the code
// is kept for those.
core::Unexpected<core::Error> query_error(PGconn* conn, const PGresult* result,
                                          std::size_t rows_so_far, const core::Provenance& where) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state != nullptr ? state : "";
  // Class 08 (connection exception) and 57 (operator intervention: shutdown, terminated
  // backend) mean the server went away, not that the query is wrong.
  if (PQstatus(conn) == CONNECTION_BAD || sqlstate.rfind("08", 0) == 0 ||
      sqlstate.rfind("57", 0) == 0) {
    return core::fail(core::ErrorCode::Network,
                      "the connection to PostgreSQL was lost after " + std::to_string(rows_so_far) +
                          " row(s) (" + sql::one_line(PQerrorMessage(conn)) +
                          "); none of them were kept; check the server and the network",
                      where);
  }
  const char* primary =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string detail = primary != nullptr ? primary : sql::one_line(PQerrorMessage(conn));
  if (sqlstate.rfind("22", 0) == 0) {
    detail =
        "a value could not be converted or computed (the server's message is not shown, "
        "as it may quote patient data)";
  }
  const auto code = sqlstate.rfind("28", 0) == 0 || sqlstate.rfind("42501", 0) == 0
                        ? core::ErrorCode::Auth
                        : core::ErrorCode::Config;
  return core::fail(code,
                    "the query failed: " + detail +
                        (sqlstate.empty() ? "" : " (SQLSTATE " + sqlstate + ")") +
                        "; check 'query' and 'params'",
                    where);
}

std::vector<std::string> column_names(const PGresult* result) {
  std::vector<std::string> names;
  const int columns = PQnfields(result);
  names.reserve(static_cast<std::size_t>(columns));
  for (int c = 0; c < columns; ++c) {
    names.emplace_back(PQfname(result, c));
  }
  return names;
}

std::vector<std::string> row_values(const PGresult* result) {
  std::vector<std::string> values;
  const int columns = PQnfields(result);
  values.reserve(static_cast<std::size_t>(columns));
  for (int c = 0; c < columns; ++c) {
    // NULL and '' both become "": a RawRow has no null, and a blank is "no value" downstream.
    if (PQgetisnull(result, 0, c) != 0) {
      values.emplace_back();
    } else {
      values.emplace_back(PQgetvalue(result, 0, c),
                          static_cast<std::size_t>(PQgetlength(result, 0, c)));
    }
  }
  return values;
}

}  // namespace

PostgresSource::PostgresSource(std::string name, PostgresConfigPtr config)
    : SourceBase(std::move(name), "postgres"), config_(std::move(config)) {}

core::Expected<core::PullResult> PostgresSource::do_pull(const core::PullContext& ctx) {
  const core::Provenance where{name(), config_->target, 0, ""};
  // Keywords are read in order and the last one wins, so the dsn's own connect_timeout and
  // application_name override these defaults.
  const std::string timeout = std::to_string(config_->connect_timeout_seconds);
  const char* keywords[] = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
  const char* values[] = {timeout.c_str(), "atpipe", config_->dsn.c_str(), nullptr};
  ConnPtr conn(PQconnectdbParams(keywords, values, 1));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    return connect_error(conn.get(), where);
  }
  // libpq prints server notices to stderr by default; a RAISE NOTICE in a view could carry
  // patient values, so they are dropped.
  PQsetNoticeProcessor(
      conn.get(), [](void*, const char*) {}, nullptr);

  std::vector<std::string> texts;
  texts.reserve(config_->query.params.size());
  for (const auto& param : config_->query.params) {
    texts.push_back(sql::param_text(param, ctx));
  }
  std::vector<const char*> pointers;
  for (const auto& text : texts) {
    pointers.push_back(text.c_str());
  }
  // Parameter types are left to the server, which infers them from the query ($1 compared
  // with a date column is a date), exactly as if the value had been a quoted literal.
  if (PQsendQueryParams(conn.get(), config_->query.query.c_str(), static_cast<int>(texts.size()),
                        nullptr, pointers.data(), nullptr, nullptr, 0) == 0) {
    return query_error(conn.get(), nullptr, 0, where);
  }
  // Single-row mode: libpq hands over each row as it arrives instead of buffering the whole
  // result, so a big register costs one RawRow per row and nothing more.
  if (PQsetSingleRowMode(conn.get()) == 0) {
    return core::fail(core::ErrorCode::Internal, "libpq refused single-row mode", where);
  }

  sql::BatchBuilder batch(config_->target, where);
  bool have_header = false;
  std::optional<core::Unexpected<core::Error>> failure;
  bool command_only = false;
  // Drain every result, even after a failure, so libpq ends the query cleanly.
  while (ResultPtr result{PQgetResult(conn.get())}) {
    if (failure || command_only) {
      continue;
    }
    const ExecStatusType status = PQresultStatus(result.get());
    if (status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK) {
      if (!have_header) {
        if (auto header = batch.set_header(column_names(result.get())); !header) {
          failure = core::fail(header.error());
          continue;
        }
        have_header = true;
      }
      if (status == PGRES_SINGLE_TUPLE) {
        batch.add_row(row_values(result.get()));
      }
    } else if (status == PGRES_COMMAND_OK) {
      command_only = true;
    } else {
      failure = query_error(conn.get(), result.get(), batch.rows(), where);
    }
  }
  if (!failure && PQstatus(conn.get()) == CONNECTION_BAD) {
    failure = query_error(conn.get(), nullptr, batch.rows(), where);
  }
  if (failure) {
    return std::move(*failure);
  }
  if (command_only || !have_header) {
    return core::fail(core::ErrorCode::Config,
                      "'query' returned no rows and no columns; it must be a SELECT (or another "
                      "statement that returns rows)",
                      where);
  }
  core::PullResult out;
  out.batches.push_back(batch.take());
  log().info("query returned {} row(s) with {} column(s)", out.batches.back().rows.size(),
             out.batches.back().header.size());
  return out;
}

namespace {

// Makes postgres sources (style.md "Plugins"): stateless; the keys and their checks live in
// postgres_config.cpp, so this only connects them to the registry.
struct PostgresTraits {
  using Config = PostgresConfig;
  static constexpr std::string_view kType = "postgres";
  static constexpr std::string_view kSummary = "runs a query on a PostgreSQL database (libpq)";
  static const config::KeyTable& keys() { return postgres_keys(); }
  static config::ConnectorConfigPtr parse(const config::NodeReader& reader) {
    return parse_postgres_config(reader);
  }
  static core::Expected<core::SourcePtr> make(const config::SourceSpec& spec,
                                              std::shared_ptr<const PostgresConfig> typed) {
    return core::SourcePtr(std::make_unique<PostgresSource>(spec.name, std::move(typed)));
  }
};

using PostgresFactory = config::BasicSourceFactory<PostgresTraits>;

}  // namespace

ATPIPE_REGISTER_SOURCE("postgres", PostgresFactory)

}  // namespace atpipe::connectors::postgres
