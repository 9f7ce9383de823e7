#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "connectors/mesh/mesh_config.hpp"
#include "tests/integration/support/child_process.hpp"

namespace atpipe::testing {

// The test CA and certificates from tests/mesh_server/make_test_pki.sh, made once per test
// process in a temporary folder; the client certificate is valid for 20 days.
struct MeshPki {
  std::filesystem::path dir;
  [[nodiscard]] std::filesystem::path ca() const { return dir / "ca.pem"; }
  [[nodiscard]] std::filesystem::path client_cert() const { return dir / "client.pem"; }
  [[nodiscard]] std::filesystem::path client_key() const { return dir / "client.key"; }
};
[[nodiscard]] const MeshPki& mesh_pki();

// atpipe_mesh_server started for one test case in its own folder, with two mailboxes
// (X26ABC1 sends, X26ABC2 receives) and shared secret "TestKey"; stopped at the end.
class MeshTestServer {
 public:
  static constexpr const char* kSender = "X26ABC1";
  static constexpr const char* kReceiver = "X26ABC2";

  explicit MeshTestServer(std::size_t page_size = 500);
  ~MeshTestServer();
  MeshTestServer(const MeshTestServer&) = delete;
  MeshTestServer& operator=(const MeshTestServer&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_->path(); }
  // A config for `mailbox` sending to the receiver, with short timeouts and small chunks off.
  [[nodiscard]] connectors::mesh::MeshConfig config(const std::string& mailbox = kSender) const;
  // Plans faults for the next matching requests (the DIR/faults file, one line each).
  void plan(const std::vector<std::string>& faults) const;
  // "METHOD target outcome" for every request so far.
  [[nodiscard]] std::vector<std::string> requests() const;
  // Messages waiting in `mailbox`'s inbox (files under DIR/inbox/<mailbox>).
  [[nodiscard]] std::size_t inbox_count(const std::string& mailbox) const;

 private:
  std::unique_ptr<ServerDir> dir_;
  int port_ = 0;
  ChildProcess server_;
};

}  // namespace atpipe::testing
