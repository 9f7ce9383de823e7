#include "mesh_test_server.hpp"

#include <signal.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace atpipe::testing {

const MeshPki& mesh_pki() {
  static const MeshPki pki = []() {
    static ServerDir dir("mesh-pki");
    if (run_command({"/bin/bash", ATPIPE_MESH_PKI_SCRIPT, (dir.path() / "pki").string(), "20"},
                    dir.path() / "pki.log") != 0) {
      throw std::runtime_error("make_test_pki.sh failed:\n" + slurp(dir.path() / "pki.log"));
    }
    return MeshPki{dir.path() / "pki"};
  }();
  return pki;
}

MeshTestServer::MeshTestServer(std::size_t page_size) {
  const auto& pki = mesh_pki();
  dir_ = std::make_unique<ServerDir>("mesh");
  const auto box = dir() / "mailboxes";
  std::filesystem::create_directories(box);
  server_ = ChildProcess(
      {ATPIPE_MESH_SERVER, "--dir", box.string(), "--port", "0", "--cert",
       (pki.dir / "server.pem").string(), "--key", (pki.dir / "server.key").string(), "--client-ca",
       pki.ca().string(), "--shared-secret", "TestKey", "--mailbox",
       std::string(kSender) + ":sender-pw", "--mailbox", std::string(kReceiver) + ":receiver-pw",
       "--page-size", std::to_string(page_size)},
      dir() / "server.log");
  for (int i = 0; i < 200 && port_ == 0; ++i) {
    const std::string text = slurp(box / "port");
    if (!text.empty() && text.back() == '\n') {
      port_ = std::stoi(text);
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }
  if (port_ == 0 || !wait_for_port(port_, std::chrono::seconds(5))) {
    throw std::runtime_error("atpipe_mesh_server did not start:\n" + slurp(dir() / "server.log"));
  }
}

MeshTestServer::~MeshTestServer() {
  server_.stop(SIGTERM);
}

connectors::mesh::MeshConfig MeshTestServer::config(const std::string& mailbox) const {
  connectors::mesh::MeshConfig config;
  config.url = "https://127.0.0.1:" + std::to_string(port_);
  config.mailbox = mailbox;
  config.password = mailbox == kSender ? "sender-pw" : "receiver-pw";
  config.shared_secret = "TestKey";
  config.to = mailbox == kSender ? kReceiver : kSender;
  config.workflow_id = "AT_RETURN";
  config.client_cert = mesh_pki().client_cert();
  config.client_key = mesh_pki().client_key();
  config.ca_bundle = mesh_pki().ca();
  config.timeout = std::chrono::seconds(10);
  config.connect_timeout = std::chrono::seconds(5);
  config.retries = 2;
  return config;
}

void MeshTestServer::plan(const std::vector<std::string>& faults) const {
  std::ofstream out(dir() / "mailboxes" / "faults", std::ios::app);
  for (const auto& fault : faults) {
    out << fault << "\n";
  }
}

std::vector<std::string> MeshTestServer::requests() const {
  std::vector<std::string> lines;
  std::istringstream in(slurp(dir() / "mailboxes" / "requests.log"));
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
  }
  return lines;
}

std::size_t MeshTestServer::inbox_count(const std::string& mailbox) const {
  std::size_t count = 0;
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::directory_iterator(dir() / "mailboxes" / "inbox" / mailbox, ec)) {
    (void)entry;
    ++count;
  }
  return count;
}

}  // namespace atpipe::testing
