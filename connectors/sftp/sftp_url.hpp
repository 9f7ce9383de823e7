#pragma once

#include <string>
#include <variant>

namespace atpipe::connectors::sftp {

// The parts of a source's `url` (sftp://host[:port]/dir/pattern): the folder to list and the
// file-name pattern to match in it. Plain values; made once by the config parser.
struct SftpUrl {
  std::string host;  // as written; an IPv6 address keeps its brackets
  int port = 22;
  std::string dir;      // from the first '/' to the last, both kept: "/outbound/"
  std::string pattern;  // the last part: "ld_inpatients_*.csv" (* ? [...] allowed)

  // sftp://host:port/dir/ — what is listed.
  [[nodiscard]] std::string dir_url() const;
  // The URL of one file in `dir`; `name` is percent-encoded where a URL needs it.
  [[nodiscard]] std::string file_url(const std::string& name) const;
  // The same URL as people read it (name not encoded), for provenance; never has credentials.
  [[nodiscard]] std::string display(const std::string& name) const;
};

// Parses `text`, or returns what is wrong with it (to follow "'url' in source 'x' ").
[[nodiscard]] std::variant<SftpUrl, std::string> parse_sftp_url(const std::string& text);

// True when `text` holds a glob wildcard (* ? [).
[[nodiscard]] bool has_wildcard(const std::string& text);

}  // namespace atpipe::connectors::sftp
