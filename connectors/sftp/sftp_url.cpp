#include "connectors/sftp/sftp_url.hpp"

#include <charconv>

namespace atpipe::connectors::sftp {
namespace {

constexpr std::string_view kScheme = "sftp://";

// RFC 3986 unreserved characters pass; everything else in a file name is %XX.
std::string percent_encode(const std::string& name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                       (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (plain) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4U];
      out += kHex[byte & 0xFU];
    }
  }
  return out;
}

}  // namespace

bool has_wildcard(const std::string& text) {
  return text.find_first_of("*?[") != std::string::npos;
}

std::string SftpUrl::dir_url() const {
  return std::string(kScheme) + host + ":" + std::to_string(port) + dir;
}

std::string SftpUrl::file_url(const std::string& name) const {
  return dir_url() + percent_encode(name);
}

std::string SftpUrl::display(const std::string& name) const {
  return dir_url() + name;
}

std::variant<SftpUrl, std::string> parse_sftp_url(const std::string& text) {
  if (text.compare(0, kScheme.size(), kScheme) != 0) {
    return "must start with sftp://, got '" + text + "'";
  }
  const std::size_t slash = text.find('/', kScheme.size());
  const std::string authority = text.substr(kScheme.size(), slash - kScheme.size());
  if (authority.find('@') != std::string::npos) {
    // The text is not repeated: it may hold a password.
    return "cannot hold a user name or password; give them as 'username' and 'password' or "
           "'private_key'";
  }
  SftpUrl out;
  std::string port;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string::npos) {
      return "has an unclosed '[' in its host, got '" + text + "'";
    }
    out.host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') {
        return "has text after the ']' of its host, got '" + text + "'";
      }
      port = authority.substr(close + 2);
    }
  } else {
    const std::size_t colon = authority.find(':');
    out.host = authority.substr(0, colon);
    if (colon != std::string::npos) {
      port = authority.substr(colon + 1);
    }
  }
  if (out.host.empty() || out.host == "[]") {
    return "has no host, got '" + text + "'";
  }
  if (!port.empty() || authority.find(':') == authority.size() - 1) {
    int value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535) {
      return "has a port that is not a number from 1 to 65535, got '" + text + "'";
    }
    out.port = value;
  }
  const std::size_t last = text.rfind('/');
  if (slash == std::string::npos || last + 1 >= text.size()) {
    return "must end with a file name or pattern such as /outbound/extract_*.csv, got '" + text +
           "'";
  }
  out.dir = text.substr(slash, last - slash + 1);
  out.pattern = text.substr(last + 1);
  if (has_wildcard(out.dir)) {
    return "may have wildcards only in its last part, not in its folders, got '" + text + "'";
  }
  return out;
}

}  // namespace atpipe::connectors::sftp
