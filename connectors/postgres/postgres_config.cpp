#include "connectors/postgres/postgres_config.hpp"

#include <libpq-fe.h>

#include <memory>
#include <string_view>
#include <utility>

namespace atpipe::connectors::postgres {
namespace {

struct OptionsFree {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};

}  // namespace

const config::KeyTable& postgres_keys() {
  using config::KeyType;
  static const config::KeyTable table = [] {
    // clang-format off
    config::KeyTable keys = {
        {"dsn", KeyType::Secret, true, "", {},
         "libpq connection string or postgresql:// URI; give it as \"${ENV}\" or file:/path"},
    };
    // clang-format on
    for (auto& key : sql::sql_query_keys("$1, $2 …")) {
      keys.push_back(std::move(key));
    }
    keys.push_back({"connect_timeout_seconds",
                    KeyType::Int,
                    false,
                    "15",
                    {},
                    "how long to wait for the server to answer a connection"});
    return keys;
  }();
  return table;
}

std::optional<std::string> postgres_target(const std::string& dsn) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, OptionsFree> options(PQconninfoParse(dsn.c_str(), &error));
  if (!options) {
    // The message may quote part of the string, and so part of a password: not shown.
    PQfreemem(error);
    return std::nullopt;
  }
  std::string host;
  std::string port;
  std::string dbname;
  std::string user;
  for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    const std::string_view keyword = option->keyword;
    const std::string value = option->val != nullptr ? option->val : "";
    if (keyword == "host" || (keyword == "hostaddr" && host.empty())) {
      host = value;
    } else if (keyword == "port") {
      port = value;
    } else if (keyword == "dbname") {
      dbname = value;
    } else if (keyword == "user") {
      user = value;
    }
  }
  // libpq's own defaults, so that the provenance names the server it will actually reach.
  std::string out = "postgres:" + (host.empty() ? std::string("localhost") : host);
  if (!port.empty()) {
    out += ":" + port;
  }
  return out + "/" + (dbname.empty() ? user : dbname);
}

PostgresConfigPtr parse_postgres_config(const config::NodeReader& reader) {
  auto out = std::make_shared<PostgresConfig>();
  bool ok = true;
  if (auto dsn = reader.secret("dsn")) {
    auto target = postgres_target(*dsn);
    if (target) {
      out->dsn = std::move(*dsn);
      out->target = std::move(*target);
    } else {
      reader.diagnostics().error(reader.mark_of("dsn"),
                                 key_in(reader, "dsn") +
                                     " is not a libpq connection string (host=… dbname=… user=…) "
                                     "or a postgresql:// URI");
      ok = false;
    }
  } else {
    ok = false;
  }
  ok = sql::parse_sql_query(reader, out->query) && ok;
  ok = sql::parse_connect_timeout(reader, out->connect_timeout_seconds) && ok;
  return ok ? out : nullptr;
}

}  // namespace atpipe::connectors::postgres
