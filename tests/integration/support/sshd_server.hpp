#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "tests/integration/support/child_process.hpp"

namespace atpipe::testing {

// A throwaway OpenSSH server for the sftp tests: a fresh host key and user key from
// ssh-keygen, `sshd -D -e` on 127.0.0.1 at a free port with internal-sftp, authorized_keys in
// its own temp folder, and password logins allowed so that a wrong password is refused by a
// real server. Owned by one test case; stopped at the end. Not thread-safe.
class SshdServer {
 public:
  SshdServer();
  ~SshdServer();
  SshdServer(const SshdServer&) = delete;
  SshdServer& operator=(const SshdServer&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_->path(); }
  // The account the tests log in as (the one running them).
  [[nodiscard]] const std::string& user() const { return user_; }
  [[nodiscard]] std::filesystem::path user_key() const { return dir() / "user_key"; }
  // A known_hosts file with this server's key under [127.0.0.1]:port.
  [[nodiscard]] std::filesystem::path known_hosts() const { return dir() / "known_hosts"; }
  // The host key's fingerprint as `ssh-keygen -lf` prints it: "SHA256:…".
  [[nodiscard]] const std::string& fingerprint() const { return fingerprint_; }
  void stop();

 private:
  std::unique_ptr<ServerDir> dir_;
  int port_ = 0;
  std::string user_;
  std::string fingerprint_;
  ChildProcess server_;
};

}  // namespace atpipe::testing
