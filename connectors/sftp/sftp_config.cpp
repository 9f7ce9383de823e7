#include "connectors/sftp/sftp_config.hpp"

#include <utility>

namespace atpipe::connectors::sftp {
namespace {

std::string in_context(const config::NodeReader& reader) {
  const std::string& context = reader.context();
  return context.empty() ? "" : " in " + context;
}

// `private_key` names a key file; "file:" is accepted as well, for symmetry with secrets.
std::filesystem::path key_path(const config::NodeReader& reader, std::string text) {
  if (text.rfind("file:", 0) == 0) {
    text.erase(0, 5);
  }
  const std::filesystem::path given(text);
  if (given.is_absolute()) {
    return given.lexically_normal();
  }
  return (std::filesystem::absolute(reader.config_file()).parent_path() / given).lexically_normal();
}

// What `ssh-keygen -lf` prints after "SHA256:": 32 bytes in unpadded base64 (43 characters).
std::optional<std::string> fingerprint(std::string text) {
  if (text.rfind("SHA256:", 0) == 0) {
    text.erase(0, 7);
  }
  while (!text.empty() && text.back() == '=') {
    text.pop_back();
  }
  if (text.size() != 43) {
    return std::nullopt;
  }
  for (const char c : text) {
    const bool base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (!base64) {
      return std::nullopt;
    }
  }
  return text;
}

bool non_negative(const config::NodeReader& reader, const std::string& key, long minimum,
                  long& out) {
  auto value = reader.integer(key);
  if (!value) {
    return false;
  }
  if (*value < minimum) {
    reader.diagnostics().error(reader.mark_of(key), key_in(reader, key) + " must be " +
                                                        std::to_string(minimum) + " or more, got " +
                                                        std::to_string(*value));
    return false;
  }
  out = *value;
  return true;
}

// The `csv:` map, read through its own key table so unknown keys are caught there too.
bool read_csv(const config::NodeReader& parent, SftpConfig& out) {
  if (!parent.has("csv")) {
    return true;
  }
  config::NodeReader reader(parent.node("csv"), sftp_csv_keys(), "'csv'" + in_context(parent),
                            parent.diagnostics(), parent.config_file());
  bool ok = true;
  const auto encoding = reader.string("encoding");
  if (encoding == "utf-8") {
    out.encoding = csv::Encoding::Utf8;
  } else if (encoding == "windows-1252") {
    out.encoding = csv::Encoding::Windows1252;
  } else {
    ok = false;
  }
  if (auto text = reader.string("delimiter")) {
    const auto byte = text->empty() ? 0 : static_cast<unsigned char>(text->front());
    if (text->size() != 1 || byte >= 0x80 || byte == '"' || byte == '\r' || byte == '\n') {
      reader.diagnostics().error(reader.mark_of("delimiter"),
                                 key_in(reader, "delimiter") +
                                     " must be one ASCII character other than a quote or a line "
                                     "break, got '" +
                                     *text + "'");
      ok = false;
    } else {
      out.delimiter = text->front();
    }
  } else {
    ok = false;
  }
  long header_row = 1;
  if (non_negative(reader, "header_row", 1, header_row)) {
    out.header_row = static_cast<std::size_t>(header_row);
  } else {
    ok = false;
  }
  return ok;
}

bool read_url(const config::NodeReader& reader, SftpConfig& out) {
  auto text = reader.string("url");
  if (!text) {
    return false;
  }
  auto parsed = parse_sftp_url(*text);
  if (auto* problem = std::get_if<std::string>(&parsed)) {
    reader.diagnostics().error(reader.mark_of("url"), key_in(reader, "url") + " " + *problem);
    return false;
  }
  out.url = std::get<SftpUrl>(std::move(parsed));
  return true;
}

bool read_login(const config::NodeReader& reader, SftpConfig& out) {
  auto& diag = reader.diagnostics();
  bool ok = true;
  if (auto username = reader.string("username")) {
    out.username = std::move(*username);
  } else {
    ok = false;
  }
  if (reader.has("password")) {
    out.password = reader.secret("password");
    ok = ok && out.password.has_value();
  }
  if (reader.has("private_key")) {
    if (auto text = reader.string("private_key")) {
      out.private_key = key_path(reader, std::move(*text));
    } else {
      ok = false;
    }
  }
  if (reader.has("private_key_passphrase")) {
    out.private_key_passphrase = reader.secret("private_key_passphrase");
    ok = ok && out.private_key_passphrase.has_value();
    if (!reader.has("private_key")) {
      diag.error(reader.mark_of("private_key_passphrase"),
                 key_in(reader, "private_key_passphrase") + " needs 'private_key'");
      ok = false;
    }
  }
  if (!reader.has("password") && !reader.has("private_key")) {
    diag.error(reader.mark(), "missing 'private_key' or 'password'" + in_context(reader) +
                                  ": the SFTP login needs one of them");
    ok = false;
  }
  return ok;
}

// Host key checking cannot be switched off: one of the two keys must say what to expect.
bool read_host_key(const config::NodeReader& reader, SftpConfig& out) {
  auto& diag = reader.diagnostics();
  bool ok = true;
  if (reader.has("known_hosts")) {
    out.known_hosts = reader.path("known_hosts");
    ok = out.known_hosts.has_value();
  }
  if (reader.has("host_key_sha256")) {
    auto text = reader.string("host_key_sha256");
    out.host_key_sha256 = text ? fingerprint(*text) : std::nullopt;
    if (text && !out.host_key_sha256) {
      diag.error(reader.mark_of("host_key_sha256"),
                 key_in(reader, "host_key_sha256") +
                     " must be the SHA256 fingerprint 'ssh-keygen -lf' prints (SHA256: and 43 "
                     "base64 characters), got '" +
                     *text + "'");
    }
    ok = ok && out.host_key_sha256.has_value();
  }
  if (!reader.has("known_hosts") && !reader.has("host_key_sha256")) {
    diag.error(reader.mark(), "missing 'known_hosts' or 'host_key_sha256'" + in_context(reader) +
                                  ": the server's host key is always checked");
    ok = false;
  }
  return ok;
}

}  // namespace

const config::KeyTable& sftp_keys() {
  using config::KeyType;
  // clang-format off
  static const config::KeyTable table = {
      {"url", KeyType::String, true, "", {},
       "sftp://host[:port]/folder/pattern: the folder to list and the file names to take "
       "(* ? [...] in the last part only)"},
      {"username", KeyType::String, true, "", {}, "the account to log in as"},
      {"password", KeyType::Secret, false, "", {},
       "password login; give it as \"${ENV}\" or file:/path"},
      {"private_key", KeyType::String, false, "", {},
       "path of the private key file for key login (file:/path also accepted)"},
      {"private_key_passphrase", KeyType::Secret, false, "", {},
       "passphrase of an encrypted private key; \"${ENV}\" or file:/path"},
      {"known_hosts", KeyType::Path, false, "", {},
       "OpenSSH known_hosts file holding the server's host key"},
      {"host_key_sha256", KeyType::String, false, "", {},
       "the server's host key fingerprint as 'ssh-keygen -lf' prints it (SHA256:...)"},
      {"csv", KeyType::Map, false, "", {},
       "how the files are read: delimiter, encoding, header_row (as for type csv)"},
      {"stable_seconds", KeyType::Int, false, "0", {},
       "take a file only if its size and time are unchanged over this many seconds"},
      {"marker_suffix", KeyType::String, false, "", {},
       "take x.csv only once x.csv<suffix> (for example .done) exists"},
      {"timeout_seconds", KeyType::Int, false, "60", {},
       "give up when connecting, or when no data moves, for this long"},
  };
  // clang-format on
  return table;
}

const config::KeyTable& sftp_csv_keys() {
  using config::KeyType;
  // clang-format off
  static const config::KeyTable table = {
      {"delimiter", KeyType::String, false, ",", {}, "the character between fields"},
      {"encoding", KeyType::Enum, false, "utf-8", {"utf-8", "windows-1252"},
       "character set of the files; Excel's plain 'CSV' is windows-1252"},
      {"header_row", KeyType::Int, false, "1", {},
       "row that holds the column names; rows above it are skipped"},
  };
  // clang-format on
  return table;
}

SftpConfigPtr parse_sftp_config(const config::NodeReader& reader) {
  auto out = std::make_shared<SftpConfig>();
  bool ok = read_url(reader, *out);
  ok = read_login(reader, *out) && ok;
  ok = read_host_key(reader, *out) && ok;
  ok = read_csv(reader, *out) && ok;
  ok = non_negative(reader, "stable_seconds", 0, out->stable_seconds) && ok;
  ok = non_negative(reader, "timeout_seconds", 1, out->timeout_seconds) && ok;
  if (reader.has("marker_suffix")) {
    auto suffix = reader.string("marker_suffix");
    if (suffix && (suffix->empty() || suffix->find('/') != std::string::npos)) {
      reader.diagnostics().error(
          reader.mark_of("marker_suffix"),
          key_in(reader, "marker_suffix") + " must be a non-empty file-name ending such as .done");
      ok = false;
    } else if (suffix) {
      out->marker_suffix = std::move(*suffix);
    } else {
      ok = false;
    }
  }
  return ok ? out : nullptr;
}

}  // namespace atpipe::connectors::sftp
