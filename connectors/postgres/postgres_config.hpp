#pragma once

#include <memory>
#include <optional>
#include <string>

#include "config/key_table.hpp"
#include "config/model.hpp"
#include "connectors/common/sql/sql_query.hpp"

namespace atpipe::connectors::postgres {

// The settings of one `type: postgres` source, checked once by parse_postgres_config() and
// then shared read-only by the factory and every PostgresSource made from it.
struct PostgresConfig : config::ConnectorConfig {
  std::string dsn;     // secret: may hold a password, so it is never logged or shown
  std::string target;  // "postgres:host:port/db" from the dsn, for provenance; no credentials
  sql::SqlQuery query;
  long connect_timeout_seconds = 15;
};

using PostgresConfigPtr = std::shared_ptr<const PostgresConfig>;

// The key table of `type: postgres` (style.md rule 4).
[[nodiscard]] const config::KeyTable& postgres_keys();

// Builds the config from a reader over the source's mapping; adds cross-key errors to the
// reader's diagnostics and returns nullptr when the config is unusable.
[[nodiscard]] PostgresConfigPtr parse_postgres_config(const config::NodeReader& reader);

// "postgres:" + host[:port] + "/" + database, read from a libpq connection string or URI; the
// user and password are left out. nullopt when libpq cannot parse `dsn`.
[[nodiscard]] std::optional<std::string> postgres_target(const std::string& dsn);

}  // namespace atpipe::connectors::postgres
