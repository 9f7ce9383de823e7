#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "connectors/common/source_base.hpp"
#include "connectors/sftp/sftp_client.hpp"
#include "connectors/sftp/sftp_config.hpp"

namespace atpipe::connectors::sftp {

// A `type: sftp` source: lists the url's folder, takes the matching files that are complete
// (stable, or with their marker) and not taken before (PullContext::state), downloads each
// and parses it exactly as the csv connector would, one RawBatch per file. Made by the sftp
// factory, owned by the pipeline, pulled from the run's thread; reads only its SftpConfig.
class SftpSource final : public SourceBase {
 public:
  // `max_field_length` is the source's common key, passed to the csv parser (see CsvSource).
  SftpSource(std::string name, SftpConfigPtr config, std::size_t max_field_length);

 protected:
  // SourceBase
  [[nodiscard]] core::Expected<core::PullResult> do_pull(const core::PullContext& ctx) override;

 private:
  // A remote file that matched, with its stat and its "already pulled?" key.
  struct Candidate {
    std::string name;
    RemoteStat stat;
    std::string key;  // name|size|mtime
  };

  [[nodiscard]] core::Expected<std::vector<Candidate>> candidates(SftpClient& client,
                                                                  const core::PullContext& ctx);
  [[nodiscard]] core::Expected<std::vector<Candidate>> keep_stable(SftpClient& client,
                                                                   std::vector<Candidate> found);

  SftpConfigPtr config_;
  std::size_t max_field_length_;
};

}  // namespace atpipe::connectors::sftp
