#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "connectors/sftp/sftp_config.hpp"
#include "core/expected.hpp"
#include "core/provenance.hpp"

namespace atpipe::connectors::sftp {

// Size and modification time of one remote file, from an SFTP stat.
struct RemoteStat {
  std::int64_t size = -1;
  std::int64_t mtime = -1;  // seconds since the epoch, as the server reports it
};

// One SFTP session over libcurl (libssh2 underneath) for the length of one pull: the host key
// is always checked (known_hosts and/or the pinned SHA256), and curl keeps the SSH connection
// open between the listing, the stats and the downloads. Owned by one pull; one thread.
class SftpClient {
 public:
  SftpClient(const SftpConfig& config, core::Provenance where);
  ~SftpClient();
  SftpClient(const SftpClient&) = delete;
  SftpClient& operator=(const SftpClient&) = delete;

  // The names in the url's folder (not "." or ".."), in the server's order.
  [[nodiscard]] core::Expected<std::vector<std::string>> list();
  [[nodiscard]] core::Expected<RemoteStat> stat(const std::string& name);
  // The whole file; an error rather than part of it.
  [[nodiscard]] core::Expected<std::string> download(const std::string& name);

 private:
  // Runs one request on the shared handle; `what` says what was being done, for messages.
  [[nodiscard]] core::Expected<void> perform(const std::string& url, const std::string& what,
                                             const std::string& display);
  [[nodiscard]] core::Unexpected<core::Error> failure(int code, const std::string& what,
                                                      const std::string& display) const;

  const SftpConfig& config_;
  core::Provenance where_;
  void* curl_ = nullptr;  // CURL*, kept out of the header
  std::string body_;
  std::string error_buffer_;
};

}  // namespace atpipe::connectors::sftp
