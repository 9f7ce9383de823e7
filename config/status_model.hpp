#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "config/diagnostics.hpp"
#include "core/expected.hpp"

namespace atpipe::config {

// `status:`: where the status API and dashboard listen and how they are protected. Plain
// values, read once by read_status(); the server only reads them.
struct StatusSpec {
  bool configured = false;  // the section is present (the defaults apply either way)
  std::string host = "127.0.0.1";
  std::uint16_t port = 8470;
  // The bearer token, already resolved from `${ENV}` or `file:`; never logged or printed.
  std::optional<std::string> token;
  std::optional<std::filesystem::path> tls_cert;  // PEM; both or neither with tls_key
  std::optional<std::filesystem::path> tls_key;
  Mark mark;

  // A token, once given, is always asked for; off loopback one must be given.
  [[nodiscard]] bool token_required() const;
  [[nodiscard]] bool tls() const { return tls_cert.has_value() && tls_key.has_value(); }
  // "127.0.0.1:8470", "[::1]:8470".
  [[nodiscard]] std::string listen() const;
};

// True for 127.0.0.0/8, ::1 and "localhost".
[[nodiscard]] bool is_loopback_host(const std::string& host);

// "HOST:PORT" or "[V6]:PORT" split; nullopt when it is not that shape or the port is over
// 65535. Port 0 (any free port) is for tests and `serve-status --status-listen`; the YAML
// refuses it.
struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};
[[nodiscard]] std::optional<ListenAddress> parse_listen(const std::string& text);

// `spec` listening on `text` (HOST:PORT, from --status-listen) instead of `status.listen`:
// ErrorCode::Parse when the text is not HOST:PORT, ErrorCode::Config when the address is off
// loopback and the config gives no token.
[[nodiscard]] core::Expected<StatusSpec> override_listen(StatusSpec spec, const std::string& text);

}  // namespace atpipe::config
