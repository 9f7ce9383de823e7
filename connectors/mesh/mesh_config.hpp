#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "config/key_table.hpp"
#include "config/model.hpp"

namespace atpipe::connectors::mesh {

// The settings of one `type: mesh` sink, checked once by parse_mesh_config() and then shared
// read-only by the factory, the sink and `atpipe mesh check`. Holds the mailbox password and
// the shared secret, so it is never printed.
struct MeshConfig : config::ConnectorConfig {
  std::string url;      // base URL, "https://msg.intspineservices.nhs.uk"
  std::string mailbox;  // upper-case
  std::string password;
  std::string shared_secret;
  std::string to;  // the recipient's mailbox, upper-case
  std::string workflow_id;
  std::string content_type = "text/csv";  // sent as mex-Content-Type
  std::filesystem::path client_cert;
  std::filesystem::path client_key;
  std::optional<std::filesystem::path> ca_bundle;
  std::size_t chunk_size = std::size_t{75} * 1024 * 1024;  // uncompressed bytes per chunk
  bool compress = true;
  std::chrono::seconds timeout{600};  // per request, as mesh-client
  std::chrono::seconds connect_timeout{30};
  int retries = 3;  // extra attempts for requests that are safe to repeat
  std::size_t max_inbox_pages = 100;
};

using MeshConfigPtr = std::shared_ptr<const MeshConfig>;

// The key table of `type: mesh` (style.md rule 4).
[[nodiscard]] const config::KeyTable& mesh_keys();

// Builds the config from a reader over the sink's mapping, with the cross-key checks; reports
// into the reader's diagnostics and returns nullptr when the config is unusable.
[[nodiscard]] std::shared_ptr<const MeshConfig> parse_mesh_config(const config::NodeReader& reader);

}  // namespace atpipe::connectors::mesh
