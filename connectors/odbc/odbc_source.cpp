#include "connectors/odbc/odbc_source.hpp"

#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "config/basic_factory.hpp"
#include "config/source_factory.hpp"
#include "config/source_registry.hpp"

namespace atpipe::connectors::odbc {
namespace {

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

bool starts(const std::string& state, const char* prefix) {
  return state.rfind(prefix, 0) == 0;
}

// One column of the current row as UTF-8, read in pieces so no length limit applies. NULL
// becomes "". Fails (false) on a driver error.
bool read_column(SQLHSTMT stmt, SQLUSMALLINT column, std::string& out) {
  out.clear();
  SQLWCHAR buffer[2048];
  while (true) {
    SQLLEN indicator = 0;
    const SQLRETURN rc = SQLGetData(stmt, column, SQL_C_WCHAR, buffer, sizeof buffer, &indicator);
    if (rc == SQL_NO_DATA) {
      return true;
    }
    if (!succeeded(rc)) {
      return false;
    }
    if (indicator == SQL_NULL_DATA) {
      return true;
    }
    // A piece fills the buffer minus its terminator unless it is the last one.
    const std::size_t room = std::size(buffer) - 1;
    const std::size_t units =
        indicator == SQL_NO_TOTAL || static_cast<std::size_t>(indicator) / sizeof(SQLWCHAR) > room
            ? room
            : static_cast<std::size_t>(indicator) / sizeof(SQLWCHAR);
    out += to_utf8(buffer, units);
    if (rc == SQL_SUCCESS) {
      return true;
    }
  }
}

}  // namespace

OdbcSource::OdbcSource(std::string name, OdbcConfigPtr config)
    : SourceBase(std::move(name), "odbc"), config_(std::move(config)) {}

core::Unexpected<core::Error> OdbcSource::connect_error(const Handle& dbc) const {
  const core::Provenance where{name(), config_->target, 0, ""};
  const Diagnostic diag = first_diagnostic(dbc);
  const std::string detail = sql::one_line(diag.message) + " (SQLSTATE " + diag.state + ")";
  // Drivers disagree on the SQLSTATE for a refused login (SQL Server: 28000; psqlODBC: 08001
  // with the server's text), so the message is looked at too.
  if (starts(diag.state, "28") || contains(diag.message, "password authentication failed") ||
      contains(diag.message, "Login failed")) {
    return core::fail(core::ErrorCode::Auth,
                      "the database refused the login: " + detail +
                          "; check the user and password in 'connection_string'",
                      where);
  }
  // unixODBC reports a driver library it cannot load as a bare 01000 warning.
  if (starts(diag.state, "IM") || contains(diag.message, "Can't open lib") ||
      contains(diag.message, "Data source name not found")) {
    return core::fail(core::ErrorCode::Config,
                      "the ODBC driver manager cannot use 'connection_string': " + detail +
                          "; check the Driver= (or DSN=) part and that the driver is installed",
                      where);
  }
  return core::fail(core::ErrorCode::Network,
                    "cannot connect through ODBC: " + detail +
                        "; check that the server is running and that 'connection_string' names "
                        "the right server, port and database",
                    where);
}

core::Unexpected<core::Error> OdbcSource::query_error(const Handle& stmt, std::size_t rows) const {
  const core::Provenance where{name(), config_->target, 0, ""};
  const Diagnostic diag = first_diagnostic(stmt);
  if (starts(diag.state, "08") || starts(diag.state, "57")) {
    return core::fail(core::ErrorCode::Network,
                      "the database connection was lost after " + std::to_string(rows) +
                          " row(s) (" + sql::one_line(diag.message) + ", SQLSTATE " + diag.state +
                          "); none of them were kept; check the server and the network",
                      where);
  }
  // Data exceptions quote the offending value, which may be patient data.
  const std::string detail =
      starts(diag.state, "22")
          ? "a value could not be converted or computed (the driver's message is not shown, as "
            "it may quote patient data)"
          : sql::one_line(diag.message);
  return core::fail(
      starts(diag.state, "28") ? core::ErrorCode::Auth : core::ErrorCode::Config,
      "the query failed: " + detail + " (SQLSTATE " + diag.state + "); check 'query' and 'params'",
      where);
}

core::Expected<core::PullResult> OdbcSource::fetch_all(const Handle& stmt) const {
  const core::Provenance where{name(), config_->target, 0, ""};
  SQLSMALLINT columns = 0;
  if (!succeeded(SQLNumResultCols(stmt.get(), &columns))) {
    return query_error(stmt, 0);
  }
  if (columns <= 0) {
    return core::fail(core::ErrorCode::Config,
                      "'query' returned no columns; it must be a SELECT (or another statement "
                      "that returns rows)",
                      where);
  }
  std::vector<std::string> header;
  for (SQLUSMALLINT c = 1; c <= static_cast<SQLUSMALLINT>(columns); ++c) {
    SQLWCHAR label[512] = {};
    SQLSMALLINT length = 0;
    if (!succeeded(SQLDescribeColW(stmt.get(), c, label, static_cast<SQLSMALLINT>(std::size(label)),
                                   &length, nullptr, nullptr, nullptr, nullptr))) {
      return query_error(stmt, 0);
    }
    header.push_back(to_utf8(
        label, std::min<std::size_t>(static_cast<std::size_t>(length), std::size(label) - 1)));
  }
  sql::BatchBuilder batch(config_->target, where);
  if (auto named = batch.set_header(std::move(header)); !named) {
    return core::fail(named.error());
  }
  while (true) {
    const SQLRETURN rc = SQLFetch(stmt.get());
    if (rc == SQL_NO_DATA) {
      break;
    }
    if (!succeeded(rc)) {
      return query_error(stmt, batch.rows());
    }
    std::vector<std::string> values(static_cast<std::size_t>(columns));
    for (SQLUSMALLINT c = 1; c <= static_cast<SQLUSMALLINT>(columns); ++c) {
      if (!read_column(stmt.get(), c, values[c - 1])) {
        return query_error(stmt, batch.rows());
      }
    }
    batch.add_row(std::move(values));
  }
  core::PullResult out;
  out.batches.push_back(batch.take());
  log().info("query returned {} row(s) with {} column(s)", out.batches.back().rows.size(),
             out.batches.back().header.size());
  return out;
}

core::Expected<core::PullResult> OdbcSource::do_pull(const core::PullContext& ctx) {
  const core::Provenance where{name(), config_->target, 0, ""};
  Handle env(SQL_HANDLE_ENV, SQL_NULL_HANDLE);
  if (!env.ok() || !succeeded(SQLSetEnvAttr(env.get(), SQL_ATTR_ODBC_VERSION,
                                            reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3), 0))) {
    return core::fail(core::ErrorCode::Internal, "the ODBC driver manager did not start", where);
  }
  Handle dbc(SQL_HANDLE_DBC, env.get());
  if (!dbc.ok()) {
    return core::fail(core::ErrorCode::Internal, "the ODBC driver manager did not start", where);
  }
  SQLSetConnectAttr(dbc.get(), SQL_ATTR_LOGIN_TIMEOUT,
                    reinterpret_cast<SQLPOINTER>(config_->connect_timeout_seconds), 0);
  auto connection = to_wide(config_->connection_string);
  if (!succeeded(SQLDriverConnectW(dbc.get(), nullptr, connection.data(), SQL_NTS, nullptr, 0,
                                   nullptr, SQL_DRIVER_NOPROMPT))) {
    return connect_error(dbc);
  }
  dbc.set_connected();

  Handle stmt(SQL_HANDLE_STMT, dbc.get());
  auto query = to_wide(config_->query.query);
  if (!stmt.ok() || !succeeded(SQLPrepareW(stmt.get(), query.data(), SQL_NTS))) {
    return query_error(stmt, 0);
  }
  // The bound buffers must stay put until SQLExecute: sized once, never grown after binding.
  const std::size_t count = config_->query.params.size();
  std::vector<std::vector<SQLWCHAR>> texts(count);
  std::vector<SQL_DATE_STRUCT> dates(count);
  std::vector<SQLLEN> lengths(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto& param = config_->query.params[i];
    const auto number = static_cast<SQLUSMALLINT>(i + 1);
    SQLRETURN rc = SQL_SUCCESS;
    if (param.kind == sql::SqlParam::Kind::Cut) {
      // A real date parameter, so `where updated_at <= ?` compares dates on every driver.
      const auto& cut = ctx.cut;
      dates[i] = {static_cast<SQLSMALLINT>(static_cast<int>(cut.year())),
                  static_cast<SQLUSMALLINT>(static_cast<unsigned>(cut.month())),
                  static_cast<SQLUSMALLINT>(static_cast<unsigned>(cut.day()))};
      lengths[i] = sizeof(SQL_DATE_STRUCT);
      rc = SQLBindParameter(stmt.get(), number, SQL_PARAM_INPUT, SQL_C_TYPE_DATE, SQL_TYPE_DATE, 10,
                            0, &dates[i], sizeof(SQL_DATE_STRUCT), &lengths[i]);
    } else {
      texts[i] = to_wide(param.text);
      const std::size_t units = texts[i].size() - 1;
      lengths[i] = static_cast<SQLLEN>(units * sizeof(SQLWCHAR));
      rc = SQLBindParameter(stmt.get(), number, SQL_PARAM_INPUT, SQL_C_WCHAR, SQL_WVARCHAR,
                            std::max<SQLULEN>(units, 1), 0, texts[i].data(),
                            static_cast<SQLLEN>(texts[i].size() * sizeof(SQLWCHAR)), &lengths[i]);
    }
    if (!succeeded(rc)) {
      return query_error(stmt, 0);
    }
  }
  const SQLRETURN executed = SQLExecute(stmt.get());
  if (executed == SQL_NO_DATA || !succeeded(executed)) {
    if (executed == SQL_NO_DATA) {
      return core::fail(core::ErrorCode::Config,
                        "'query' returned no columns; it must be a SELECT (or another statement "
                        "that returns rows)",
                        where);
    }
    return query_error(stmt, 0);
  }
  return fetch_all(stmt);
}

namespace {

// Makes odbc sources (style.md "Plugins"): stateless; the keys and their checks live in
// odbc_config.cpp, so this only connects them to the registry.
struct OdbcTraits {
  using Config = OdbcConfig;
  static constexpr std::string_view kType = "odbc";
  static constexpr std::string_view kSummary =
      "runs a query through an ODBC driver (unixODBC), for example SQL Server via FreeTDS";
  static const config::KeyTable& keys() { return odbc_keys(); }
  static config::ConnectorConfigPtr parse(const config::NodeReader& reader) {
    return parse_odbc_config(reader);
  }
  static core::Expected<core::SourcePtr> make(const config::SourceSpec& spec,
                                              std::shared_ptr<const OdbcConfig> typed) {
    return core::SourcePtr(std::make_unique<OdbcSource>(spec.name, std::move(typed)));
  }
};

using OdbcFactory = config::BasicSourceFactory<OdbcTraits>;

}  // namespace

ATPIPE_REGISTER_SOURCE("odbc", OdbcFactory)

}  // namespace atpipe::connectors::odbc
