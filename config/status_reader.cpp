#include <arpa/inet.h>

#include <charconv>
#include <string>

#include "config/loader_parts.hpp"

namespace atpipe::config {

bool is_loopback_host(const std::string& host) {
  if (host == "localhost" || host == "::1") {
    return true;
  }
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  return inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

std::optional<ListenAddress> parse_listen(const std::string& text) {
  std::string host;
  std::string port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find("]:");
    if (close == std::string::npos) {
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || text.find(':') != colon) {
      return std::nullopt;
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (host.empty() || port.empty() || ec != std::errc() || end != port.data() + port.size() ||
      value > 65535) {
    return std::nullopt;
  }
  return ListenAddress{host, static_cast<std::uint16_t>(value)};
}

bool StatusSpec::token_required() const {
  return token.has_value() || !is_loopback_host(host);
}

std::string StatusSpec::listen() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

core::Expected<StatusSpec> override_listen(StatusSpec spec, const std::string& text) {
  auto address = parse_listen(text);
  if (!address) {
    return core::fail(core::ErrorCode::Parse, "--status-listen must be HOST:PORT");
  }
  spec.host = address->host;
  spec.port = address->port;
  if (spec.token_required() && !spec.token) {
    std::string message = spec.host;
    message += " is not a loopback address; give status.token in the config";
    return core::fail(core::ErrorCode::Config, std::move(message));
  }
  return spec;
}

namespace detail {
namespace {

const KeyTable kStatusKeys = {
    {"listen",
     KeyType::String,
     false,
     "127.0.0.1:8470",
     {},
     "HOST:PORT of the status API and dashboard; anything but loopback needs a token"},
    {"token",
     KeyType::Secret,
     false,
     "",
     {},
     "bearer token: \"${ENV_VAR}\" or \"file:/path\"; asked for whenever given, and required "
     "off loopback"},
    {"tls", KeyType::Map, false, "", {}, "{ cert: PEM file, key: PEM file } to serve HTTPS"},
};

const KeyTable kTlsKeys = {
    {"cert", KeyType::Path, true, "", {}, "server certificate chain (PEM)"},
    {"key", KeyType::Path, true, "", {}, "its private key (PEM)"},
};

void read_tls(const NodeReader& status, StatusSpec& out) {
  const YAML::Node node = status.node("tls");
  if (!node || !node.IsMap()) {
    return;
  }
  NodeReader tls(node, kTlsKeys, "status.tls", status.diagnostics(), status.config_file());
  out.tls_cert = tls.path("cert");
  out.tls_key = tls.path("key");
  for (const char* key : {"cert", "key"}) {
    const auto path = tls.path(key);
    std::error_code ec;
    if (path && !std::filesystem::is_regular_file(*path, ec)) {
      std::string message = "'";
      message += key;
      message += "' in status.tls ('";
      message += path->string();
      message += "') is not a readable file";
      tls.diagnostics().error(tls.mark_of(key), message);
    }
  }
}

}  // namespace

void read_status(const NodeReader& top, StatusSpec& out) {
  if (!top.has("status") || !top.node("status").IsMap()) {
    return;
  }
  NodeReader reader(top.node("status"), kStatusKeys, "status", top.diagnostics(),
                    top.config_file());
  out.configured = true;
  out.mark = reader.mark();
  const std::string listen = reader.string("listen").value_or("127.0.0.1:8470");
  if (auto address = parse_listen(listen); address && address->port != 0) {
    out.host = address->host;
    out.port = address->port;
  } else {
    reader.diagnostics().error(reader.mark_of("listen"),
                               "'listen' in status must be HOST:PORT with a port from 1 to 65535 "
                               "(such as 127.0.0.1:8470 or [::1]:8470), got '" +
                                   listen + "'");
  }
  // The token itself never sits in the YAML, which is read by more people than the secret is.
  if (const YAML::Node raw = reader.node("token"); raw && raw.IsScalar()) {
    const std::string& text = raw.Scalar();
    if (text.find("${") == std::string::npos && text.rfind("file:", 0) != 0) {
      reader.diagnostics().error(reader.mark_of("token"),
                                 "'token' in status must be a reference, \"${ENV_VAR}\" or "
                                 "\"file:/path\", not the token itself");
    }
  }
  out.token = reader.secret("token");
  if (out.token && out.token->empty()) {
    reader.diagnostics().error(reader.mark_of("token"), "'token' in status is empty");
    out.token.reset();
  }
  read_tls(reader, out);
  if (!is_loopback_host(out.host) && !reader.has("token")) {
    reader.diagnostics().error(reader.mark_of("listen"),
                               "status listens on '" + out.host +
                                   "', which is not a loopback address, but has no 'token': give "
                                   "token: \"${ENV_VAR}\" or token: \"file:/path\"");
  }
}

}  // namespace detail
}  // namespace atpipe::config
