#include "connectors/common/http/http_config.hpp"

#include <algorithm>
#include <utility>

#include "connectors/common/http/http_url.hpp"

namespace atpipe::connectors::http {
namespace {

constexpr long kMaxTimeoutSeconds = 3600;
constexpr long kMaxRetries = 10;

const config::KeyTable& auth_keys() {
  using config::KeyType;
  static const config::KeyTable table = {
      {"bearer", KeyType::Secret, false, "", {}, "a bearer token: \"${VAR}\" or file:/path"},
      {"basic", KeyType::Map, false, "", {}, "username and password for HTTP basic auth"},
  };
  return table;
}

const config::KeyTable& basic_keys() {
  using config::KeyType;
  static const config::KeyTable table = {
      {"username", KeyType::String, true, "", {}, "the user name"},
      {"password", KeyType::Secret, true, "", {}, "the password: \"${VAR}\" or file:/path"},
  };
  return table;
}

bool read_auth(const config::NodeReader& reader, HttpAuth& out) {
  if (!reader.has("auth")) {
    return true;
  }
  const YAML::Node node = reader.node("auth");
  if (!node.IsMap()) {
    return false;  // the reader has reported the shape
  }
  auto& diag = reader.diagnostics();
  const config::NodeReader auth(node, auth_keys(), key_in(reader, "auth"), diag,
                                reader.config_file());
  if (auth.has("bearer") == auth.has("basic")) {
    diag.error(auth.mark(), key_in(reader, "auth") + " needs exactly one of 'bearer' or 'basic'");
    return false;
  }
  if (auth.has("bearer")) {
    auto token = auth.secret("bearer");
    if (!token) {
      return false;
    }
    if (token->empty()) {
      diag.error(auth.mark_of("bearer"), key_in(auth, "bearer") + " is empty");
      return false;
    }
    out.kind = HttpAuth::Kind::Bearer;
    out.token = std::move(*token);
    return true;
  }
  const YAML::Node basic_node = auth.node("basic");
  if (!basic_node.IsMap()) {
    return false;
  }
  const config::NodeReader basic(basic_node, basic_keys(), key_in(auth, "basic"), diag,
                                 reader.config_file());
  auto username = basic.string("username");
  auto password = basic.secret("password");
  if (!username || !password) {
    return false;
  }
  if (username->find(':') != std::string::npos) {
    diag.error(basic.mark_of("username"), key_in(basic, "username") + " cannot contain ':'");
    return false;
  }
  out.kind = HttpAuth::Kind::Basic;
  out.username = std::move(*username);
  out.password = std::move(*password);
  return true;
}

}  // namespace

bool read_range(const config::NodeReader& reader, const std::string& key, long low, long high,
                long& out) {
  auto value = reader.integer(key);
  if (!value) {
    return false;
  }
  if (*value < low || *value > high) {
    reader.diagnostics().error(reader.mark_of(key),
                               key_in(reader, key) + " must be " + std::to_string(low) + " to " +
                                   std::to_string(high) + ", got " + std::to_string(*value));
    return false;
  }
  out = *value;
  return true;
}

const config::KeyTable& http_keys() {
  using config::KeyType;
  // clang-format off
  static const config::KeyTable table = {
      {"auth", KeyType::Map, false, "", {},
       "credentials: { bearer: \"${TOKEN}\" } or { basic: { username: u, password: \"${PW}\" } }"},
      {"client_cert", KeyType::Path, false, "", {},
       "PEM client certificate, for servers that require mutual TLS (needs 'client_key')"},
      {"client_key", KeyType::Path, false, "", {}, "PEM private key of 'client_cert'"},
      {"ca_bundle", KeyType::Path, false, "", {},
       "PEM file of the CAs to trust instead of the system's, for a private CA"},
      {"timeout_seconds", KeyType::Int, false, "30", {},
       "limit on each request, connecting included (1 to 3600)"},
      {"retries", KeyType::Int, false, "3", {},
       "extra attempts after HTTP 429, 5xx or a timeout, with growing waits (0 to 10)"},
  };
  // clang-format on
  return table;
}

bool read_http_settings(const config::NodeReader& reader, HttpSettings& out) {
  bool ok = read_auth(reader, out.auth);
  out.ca_bundle = reader.path("ca_bundle");
  out.client_cert = reader.path("client_cert");
  out.client_key = reader.path("client_key");
  ok = ok && (!reader.has("ca_bundle") || out.ca_bundle) &&
       (!reader.has("client_cert") || out.client_cert) &&
       (!reader.has("client_key") || out.client_key);
  auto& diag = reader.diagnostics();
  if (reader.has("client_cert") && !reader.has("client_key")) {
    diag.error(reader.mark_of("client_cert"),
               key_in(reader, "client_cert") + " needs 'client_key' as well");
    ok = false;
  } else if (reader.has("client_key") && !reader.has("client_cert")) {
    diag.error(reader.mark_of("client_key"),
               key_in(reader, "client_key") + " needs 'client_cert' as well");
    ok = false;
  }
  long timeout = 0;
  if (read_range(reader, "timeout_seconds", 1, kMaxTimeoutSeconds, timeout)) {
    out.timeout = std::chrono::seconds(timeout);
  } else {
    ok = false;
  }
  long retries = 0;
  if (read_range(reader, "retries", 0, kMaxRetries, retries)) {
    out.retries = static_cast<int>(retries);
  } else {
    ok = false;
  }
  return ok;
}

bool read_url(const config::NodeReader& reader, const std::string& key, std::string& out) {
  auto url = reader.string(key);
  if (!url) {
    return false;
  }
  std::string problem;
  if (!check_url(*url, problem)) {
    // The message shows the URL without query or credentials, like every other message.
    reader.diagnostics().error(reader.mark_of(key), key_in(reader, key) +
                                                        " must be an http:// or "
                                                        "https:// URL, but " +
                                                        problem);
    return false;
  }
  out = std::move(*url);
  return true;
}

bool read_string_map(const config::NodeReader& reader, const std::string& key, NameRule rule,
                     std::vector<std::pair<std::string, std::string>>& out) {
  const bool header = rule == NameRule::HeaderName;
  const char* forbidden = header ? ": \t\r\n" : "&=# \t\r\n";
  const std::string listed =
      header ? "':', spaces or line breaks" : "'&', '=', '#', spaces or line breaks";
  if (!reader.has(key)) {
    return true;
  }
  const YAML::Node node = reader.node(key);
  if (!node.IsMap()) {
    return false;
  }
  auto& diag = reader.diagnostics();
  bool ok = true;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node name = it->first;
    const YAML::Node value = it->second;
    if (!name.IsScalar() || name.Scalar().empty() || !value.IsScalar()) {
      diag.error(config::mark_of(name, reader.config_file()),
                 "entries of " + key_in(reader, key) + " must be 'name: value' pairs of text");
      ok = false;
      continue;
    }
    const auto name_mark = config::mark_of(name, reader.config_file());
    if (name.Scalar().find_first_of(forbidden) != std::string::npos) {
      diag.error(name_mark, "name '" + name.Scalar() + "' in " + key_in(reader, key) +
                                " cannot contain " + listed);
      ok = false;
      continue;
    }
    const bool repeated = std::any_of(
        out.begin(), out.end(), [&](const auto& entry) { return entry.first == name.Scalar(); });
    if (repeated) {
      diag.error(name_mark, "'" + name.Scalar() + "' given twice in " + key_in(reader, key));
      ok = false;
      continue;
    }
    const auto at = config::mark_of(value, reader.config_file());
    auto text = config::interpolate_env(value.Scalar(), at, diag);
    if (!text) {
      ok = false;
      continue;
    }
    if (text->find_first_of("\r\n") != std::string::npos) {
      // Never quote the value: it may be a secret.
      diag.error(at, "the value of '" + name.Scalar() + "' in " + key_in(reader, key) +
                         " cannot contain line breaks");
      ok = false;
      continue;
    }
    out.emplace_back(name.Scalar(), std::move(*text));
  }
  return ok;
}

}  // namespace atpipe::connectors::http
