#pragma once

#include <memory>
#include <optional>
#include <string>

#include "config/key_table.hpp"
#include "config/model.hpp"
#include "connectors/common/sql/sql_query.hpp"

namespace atpipe::connectors::odbc {

// The settings of one `type: odbc` source, checked once by parse_odbc_config() and then
// shared read-only by the factory and every OdbcSource made from it.
struct OdbcConfig : config::ConnectorConfig {
  std::string connection_string;  // secret: holds Pwd=, so never logged or shown
  std::string target;             // "odbc:server/database" or "odbc:dsn"; no credentials
  sql::SqlQuery query;
  long connect_timeout_seconds = 15;
};

using OdbcConfigPtr = std::shared_ptr<const OdbcConfig>;

// The key table of `type: odbc` (style.md rule 4).
[[nodiscard]] const config::KeyTable& odbc_keys();

// Builds the config from a reader over the source's mapping; adds cross-key errors to the
// reader's diagnostics and returns nullptr when the config is unusable.
[[nodiscard]] OdbcConfigPtr parse_odbc_config(const config::NodeReader& reader);

// "odbc:" + Server[:Port] + "/" + Database (or "odbc:" + DSN) read from a connection string
// ("Driver=…;Server=…;Database=…;Uid=…;Pwd=…", values may be {braced}); the user and password
// are left out. nullopt when the string is not key=value pairs.
[[nodiscard]] std::optional<std::string> odbc_target(const std::string& connection_string);

}  // namespace atpipe::connectors::odbc
