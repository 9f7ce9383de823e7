#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>

#include "connectors/mesh/mesh_config.hpp"
#include "core/expected.hpp"

namespace atpipe::connectors::mesh {

// What `atpipe mesh check` reports about one mailbox.
struct MeshCheckReport {
  std::size_t inbox_count = 0;
  long certificate_days_left = 0;     // negative once it has expired
  std::string certificate_not_after;  // "Dec  3 12:00:00 2027 GMT", as OpenSSL prints it
};

// The whole days from `now` until the PEM certificate at `file` expires (negative when it
// already has), and its notAfter text. Fails (Config) when the file is not a PEM certificate.
[[nodiscard]] core::Expected<std::pair<long, std::string>> certificate_days_left(
    const std::filesystem::path& file, std::chrono::system_clock::time_point now);

// Handshake, inbox count and certificate expiry for the mailbox in `config`, in that order;
// fails at the first step that fails.
[[nodiscard]] core::Expected<MeshCheckReport> check_mailbox(const std::string& name,
                                                            MeshConfigPtr config);

}  // namespace atpipe::connectors::mesh
