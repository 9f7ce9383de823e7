#include "connectors/odbc/odbc_config.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

namespace atpipe::connectors::odbc {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) {
    return "";
  }
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// ODBC connection-string syntax: key=value pairs separated by ';', a value in {braces} may
// hold ';' (and '}}' for a brace). Keys are case-insensitive.
std::optional<std::map<std::string, std::string>> split_pairs(const std::string& text) {
  std::map<std::string, std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t equals = text.find('=', i);
    const std::size_t semicolon = text.find(';', i);
    if (equals == std::string::npos || (semicolon != std::string::npos && semicolon < equals)) {
      if (trim(text.substr(i, semicolon - i)).empty()) {
        i = semicolon == std::string::npos ? text.size() : semicolon + 1;
        continue;
      }
      return std::nullopt;
    }
    const std::string key = lower(trim(text.substr(i, equals - i)));
    std::size_t j = equals + 1;
    while (j < text.size() && text[j] == ' ') {
      ++j;
    }
    std::string value;
    if (j < text.size() && text[j] == '{') {
      ++j;
      while (true) {
        if (j >= text.size()) {
          return std::nullopt;  // unclosed brace
        }
        if (text[j] == '}') {
          if (j + 1 < text.size() && text[j + 1] == '}') {
            value += '}';
            j += 2;
            continue;
          }
          ++j;
          break;
        }
        value += text[j++];
      }
      const std::size_t end = text.find(';', j);
      if (!trim(text.substr(j, end - j)).empty()) {
        return std::nullopt;
      }
      i = end == std::string::npos ? text.size() : end + 1;
    } else {
      const std::size_t end = text.find(';', j);
      value = trim(text.substr(j, end - j));
      i = end == std::string::npos ? text.size() : end + 1;
    }
    if (key.empty()) {
      return std::nullopt;
    }
    out[key] = std::move(value);
  }
  return out;
}

}  // namespace

const config::KeyTable& odbc_keys() {
  using config::KeyType;
  static const config::KeyTable table = [] {
    // clang-format off
    config::KeyTable keys = {
        {"connection_string", KeyType::Secret, true, "", {},
         "ODBC connection string (Driver=…;Server=…;Database=…;Uid=…;Pwd=…); give it as "
         "\"${ENV}\" or file:/path"},
    };
    // clang-format on
    for (auto& key : sql::sql_query_keys("?")) {
      keys.push_back(std::move(key));
    }
    keys.push_back({"connect_timeout_seconds",
                    KeyType::Int,
                    false,
                    "15",
                    {},
                    "how long to wait for the login to the server"});
    return keys;
  }();
  return table;
}

std::optional<std::string> odbc_target(const std::string& connection_string) {
  auto pairs = split_pairs(connection_string);
  if (!pairs || pairs->empty()) {
    return std::nullopt;
  }
  const auto get = [&](std::initializer_list<const char*> keys) -> std::string {
    for (const char* key : keys) {
      if (auto it = pairs->find(key); it != pairs->end() && !it->second.empty()) {
        return it->second;
      }
    }
    return "";
  };
  const std::string server = get({"server", "servername", "host", "hostname", "address"});
  const std::string dsn = get({"dsn"});
  if (server.empty()) {
    return "odbc:" + (dsn.empty() ? std::string("(no server named)") : dsn);
  }
  const std::string port = get({"port"});
  return "odbc:" + server + (port.empty() ? "" : ":" + port) + "/" +
         get({"database", "db", "initial catalog"});
}

OdbcConfigPtr parse_odbc_config(const config::NodeReader& reader) {
  auto out = std::make_shared<OdbcConfig>();
  bool ok = true;
  if (auto text = reader.secret("connection_string")) {
    if (auto target = odbc_target(*text)) {
      out->connection_string = std::move(*text);
      out->target = std::move(*target);
    } else {
      reader.diagnostics().error(reader.mark_of("connection_string"),
                                 key_in(reader, "connection_string") +
                                     " is not an ODBC connection string (Key=value pairs "
                                     "separated by ';')");
      ok = false;
    }
  } else {
    ok = false;
  }
  ok = sql::parse_sql_query(reader, out->query) && ok;
  ok = sql::parse_connect_timeout(reader, out->connect_timeout_seconds) && ok;
  return ok ? out : nullptr;
}

}  // namespace atpipe::connectors::odbc
