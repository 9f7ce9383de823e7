#include "connectors/sftp/sftp_client.hpp"

#include <curl/curl.h>

#include <mutex>
#include <sstream>
#include <utility>

namespace atpipe::connectors::sftp {
namespace {

CURL* handle(void* curl) {
  return static_cast<CURL*>(curl);
}

size_t append_body(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

void global_init() {
  // curl_global_init is not thread-safe on every build; once per process is enough.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

SftpClient::SftpClient(const SftpConfig& config, core::Provenance where)
    : config_(config), where_(std::move(where)), error_buffer_(CURL_ERROR_SIZE + 1, '\0') {
  global_init();
  curl_ = curl_easy_init();
  CURL* curl = handle(curl_);
  if (curl == nullptr) {
    return;
  }
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "sftp");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer_.data());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body_);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, config_.timeout_seconds);
  // A stalled transfer fails after timeout_seconds without a byte; a slow big one is fine.
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, config_.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_USERNAME, config_.username.c_str());
  long auth = 0;
  if (config_.private_key) {
    auth |= CURLSSH_AUTH_PUBLICKEY;
    curl_easy_setopt(curl, CURLOPT_SSH_PRIVATE_KEYFILE, config_.private_key->c_str());
    // Empty: libssh2 derives the public key from the private one.
    curl_easy_setopt(curl, CURLOPT_SSH_PUBLIC_KEYFILE, "");
    if (config_.private_key_passphrase) {
      curl_easy_setopt(curl, CURLOPT_KEYPASSWD, config_.private_key_passphrase->c_str());
    }
  }
  if (config_.password) {
    auth |= CURLSSH_AUTH_PASSWORD;
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.password->c_str());
  }
  curl_easy_setopt(curl, CURLOPT_SSH_AUTH_TYPES, auth);
  // Without a key callback curl rejects a host whose key is missing from known_hosts or
  // differs from it, and a key whose SHA256 differs from the pin: checking cannot be skipped.
  if (config_.known_hosts) {
    curl_easy_setopt(curl, CURLOPT_SSH_KNOWNHOSTS, config_.known_hosts->c_str());
  }
  if (config_.host_key_sha256) {
    curl_easy_setopt(curl, CURLOPT_SSH_HOST_PUBLIC_KEY_SHA256, config_.host_key_sha256->c_str());
  }
}

SftpClient::~SftpClient() {
  curl_easy_cleanup(handle(curl_));
}

core::Unexpected<core::Error> SftpClient::failure(int code, const std::string& what,
                                                  const std::string& display) const {
  const auto rc = static_cast<CURLcode>(code);
  std::string detail = error_buffer_.c_str();
  if (detail.empty()) {
    detail = curl_easy_strerror(rc);
  }
  const std::string server = config_.url.host + ":" + std::to_string(config_.url.port);
  core::Provenance where = where_;
  where.file = display;
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
      return core::fail(core::ErrorCode::Network,
                        "cannot connect to the SFTP server " + server + " (" + detail +
                            "); check that it is running and that 'url' names the right host "
                            "and port",
                        where);
    case CURLE_PEER_FAILED_VERIFICATION:
      return core::fail(
          core::ErrorCode::Auth,
          "the SFTP server's host key does not match " +
              std::string(config_.host_key_sha256 ? "'host_key_sha256'" : "'known_hosts'") + " (" +
              detail +
              "); nothing was downloaded. If the server's key really changed, "
              "confirm the new fingerprint with its administrators first",
          where);
    case CURLE_LOGIN_DENIED:
      return core::fail(core::ErrorCode::Auth,
                        "the SFTP server refused the login for user '" + config_.username + "' (" +
                            detail + "); check 'username' and " +
                            (config_.private_key ? "'private_key'" : "'password'"),
                        where);
    case CURLE_REMOTE_FILE_NOT_FOUND:
      return core::fail(core::ErrorCode::NotFound,
                        "cannot " + what + ": it does not exist on the server (" + detail + ")",
                        where);
    case CURLE_REMOTE_ACCESS_DENIED:
      return core::fail(core::ErrorCode::Auth,
                        "cannot " + what + ": permission denied (" + detail + ")", where);
    default:
      return core::fail(
          core::ErrorCode::Network,
          "cannot " + what + " (" + detail + ", curl error " + std::to_string(code) + ")", where);
  }
}

core::Expected<void> SftpClient::perform(const std::string& url, const std::string& what,
                                         const std::string& display) {
  CURL* curl = handle(curl_);
  if (curl == nullptr) {
    return core::fail(core::ErrorCode::Internal, "libcurl could not make a handle", where_);
  }
  body_.clear();
  error_buffer_.assign(error_buffer_.size(), '\0');
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  const CURLcode rc = curl_easy_perform(curl);
  if (rc != CURLE_OK) {
    body_.clear();
    return failure(rc, what, display);
  }
  return {};
}

core::Expected<std::vector<std::string>> SftpClient::list() {
  CURL* curl = handle(curl_);
  curl_easy_setopt(curl, CURLOPT_NOBODY, 0L);
  curl_easy_setopt(curl, CURLOPT_DIRLISTONLY, 1L);
  curl_easy_setopt(curl, CURLOPT_FILETIME, 0L);
  const std::string url = config_.url.dir_url();
  auto done = perform(url, "list the folder '" + config_.url.dir + "'", url);
  curl_easy_setopt(curl, CURLOPT_DIRLISTONLY, 0L);
  if (!done) {
    return core::fail(done.error());
  }
  std::vector<std::string> names;
  std::istringstream lines(body_);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (!line.empty() && line != "." && line != "..") {
      names.push_back(std::move(line));
    }
  }
  return names;
}

core::Expected<RemoteStat> SftpClient::stat(const std::string& name) {
  CURL* curl = handle(curl_);
  // NOBODY + FILETIME: curl stats the file (size and mtime) without reading it.
  curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  curl_easy_setopt(curl, CURLOPT_FILETIME, 1L);
  auto done =
      perform(config_.url.file_url(name), "look at '" + name + "'", config_.url.display(name));
  curl_easy_setopt(curl, CURLOPT_NOBODY, 0L);
  curl_easy_setopt(curl, CURLOPT_FILETIME, 0L);
  if (!done) {
    return core::fail(done.error());
  }
  RemoteStat out;
  curl_off_t value = -1;
  if (curl_easy_getinfo(curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &value) == CURLE_OK) {
    out.size = value;
  }
  value = -1;
  if (curl_easy_getinfo(curl, CURLINFO_FILETIME_T, &value) == CURLE_OK) {
    out.mtime = value;
  }
  return out;
}

core::Expected<std::string> SftpClient::download(const std::string& name) {
  CURL* curl = handle(curl_);
  curl_easy_setopt(curl, CURLOPT_NOBODY, 0L);
  auto done =
      perform(config_.url.file_url(name), "download '" + name + "'", config_.url.display(name));
  if (!done) {
    return core::fail(done.error());
  }
  return std::exchange(body_, std::string());
}

}  // namespace atpipe::connectors::sftp
