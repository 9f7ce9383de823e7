#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "config/key_table.hpp"
#include "config/model.hpp"
#include "connectors/csv/csv_config.hpp"
#include "connectors/sftp/sftp_url.hpp"

namespace atpipe::connectors::sftp {

// The settings of one `type: sftp` source, checked once by parse_sftp_config() and then
// shared read-only by the factory and every SftpSource made from it. Holds secrets (password,
// passphrase), so it is never logged.
struct SftpConfig : config::ConnectorConfig {
  SftpUrl url;
  std::string username;
  std::optional<std::string> password;
  std::optional<std::filesystem::path> private_key;
  std::optional<std::string> private_key_passphrase;
  std::optional<std::filesystem::path> known_hosts;
  std::optional<std::string> host_key_sha256;  // base64 without "SHA256:" or padding
  // How each downloaded file is read: the csv connector's parser and rules.
  csv::Encoding encoding = csv::Encoding::Utf8;
  char delimiter = ',';
  std::size_t header_row = 1;
  long stable_seconds = 0;
  std::string marker_suffix;  // "" = no marker files
  long timeout_seconds = 60;
};

using SftpConfigPtr = std::shared_ptr<const SftpConfig>;

// The key tables of `type: sftp` and of its `csv:` map (style.md rule 4).
[[nodiscard]] const config::KeyTable& sftp_keys();
[[nodiscard]] const config::KeyTable& sftp_csv_keys();

// Builds the config from a reader over the source's mapping; adds cross-key errors to the
// reader's diagnostics and returns nullptr when the config is unusable.
[[nodiscard]] SftpConfigPtr parse_sftp_config(const config::NodeReader& reader);

}  // namespace atpipe::connectors::sftp
