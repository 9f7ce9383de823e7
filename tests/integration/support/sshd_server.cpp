#include "tests/integration/support/sshd_server.hpp"

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace atpipe::testing {
namespace {

const std::filesystem::path kSshd = "/usr/sbin/sshd";  // sshd insists on an absolute path
const std::filesystem::path kKeygen = "/usr/bin/ssh-keygen";

void keygen(const std::filesystem::path& file, const std::filesystem::path& log) {
  if (run_command({kKeygen.string(), "-q", "-t", "ed25519", "-N", "", "-C", "atpipe-test", "-f",
                   file.string()},
                  log) != 0) {
    throw std::runtime_error("ssh-keygen failed:\n" + slurp(log));
  }
}

}  // namespace

SshdServer::SshdServer() {
  if (!std::filesystem::exists(kSshd) || !std::filesystem::exists(kKeygen)) {
    throw std::runtime_error("sshd or ssh-keygen is missing (openssh-server, openssh-client)");
  }
  const passwd* me = ::getpwuid(::geteuid());
  if (me == nullptr) {
    throw std::runtime_error("cannot tell which account the tests run as");
  }
  user_ = me->pw_name;
  dir_ = std::make_unique<ServerDir>("sshd");
  const auto log = dir() / "sshd.log";
  keygen(dir() / "host_key", log);
  keygen(user_key(), log);
  std::filesystem::copy_file(dir() / "user_key.pub", dir() / "authorized_keys");
  if (run_command({kKeygen.string(), "-l", "-E", "sha256", "-f", (dir() / "host_key.pub").string()},
                  dir() / "fingerprint") != 0) {
    throw std::runtime_error("ssh-keygen -l failed");
  }
  std::istringstream words(slurp(dir() / "fingerprint"));
  std::string bits;
  words >> bits >> fingerprint_;

  port_ = free_local_port();
  std::istringstream host_key(slurp(dir() / "host_key.pub"));
  std::string type;
  std::string blob;
  host_key >> type >> blob;
  std::ofstream(known_hosts()) << "[127.0.0.1]:" << port_ << " " << type << " " << blob << "\n";

  const auto config = dir() / "sshd_config";
  std::ofstream(config) << "ListenAddress 127.0.0.1\n"
                        << "Port " << port_ << "\n"
                        << "HostKey " << (dir() / "host_key").string() << "\n"
                        << "PidFile " << (dir() / "sshd.pid").string() << "\n"
                        << "AuthorizedKeysFile " << (dir() / "authorized_keys").string() << "\n"
                        << "StrictModes no\n"
                        // CI runs as root: keys only, which is also what the tests need.
                        << "PermitRootLogin prohibit-password\n"
                        << "PasswordAuthentication yes\n"
                        << "KbdInteractiveAuthentication no\n"
                        << "UsePAM no\n"
                        << "Subsystem sftp internal-sftp\n"
                        << "LogLevel ERROR\n";
  if (::geteuid() == 0) {
    // sshd's privilege separation wants this folder; a fresh container may not have it.
    std::error_code ec;
    std::filesystem::create_directories("/run/sshd", ec);
  }
  server_ = ChildProcess({kSshd.string(), "-D", "-e", "-f", config.string()}, log);
  if (!wait_for_port(port_, std::chrono::seconds(10))) {
    throw std::runtime_error("sshd did not start within 10 s:\n" + slurp(log));
  }
}

SshdServer::~SshdServer() {
  stop();
}

void SshdServer::stop() {
  server_.stop(SIGTERM);
}

}  // namespace atpipe::testing
