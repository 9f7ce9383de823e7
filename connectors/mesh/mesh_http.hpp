#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "connectors/mesh/mesh_config.hpp"
#include "core/expected.hpp"

namespace atpipe::connectors::mesh {

struct MeshRequest {
  std::string method = "GET";  // GET, POST or PUT
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string what;  // for messages: "send chunk 2 of 3", "inbox page 1"
  // On a new connection: libcurl silently re-sends a request whose reused connection died
  // before any answer, which for a message's first POST would be a blind resend.
  bool fresh_connection = false;
};

struct MeshResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names lower-case (mesh.md 1.1)
  std::string body;                            // decoded when the server sent gzip

  // The header's value, or "" when absent; `name` lower-case.
  [[nodiscard]] std::string header(const std::string& name) const;
};

// One libcurl handle for one MESH client: mutual TLS with the mailbox's certificate, TLS 1.2
// or later, verification always on, no automatic retries and no redirects (a MESH answer is
// never a redirect). Any HTTP status is returned as a response; only a transport failure (no
// answer, a cut connection, TLS) is an error, always ErrorCode::Network. Never sends or logs
// the Authorization header anywhere but the request. Owned by one MeshClient; one thread.
class MeshHttp {
 public:
  MeshHttp(std::string sink, MeshConfigPtr config);
  ~MeshHttp();
  MeshHttp(const MeshHttp&) = delete;
  MeshHttp& operator=(const MeshHttp&) = delete;

  [[nodiscard]] core::Expected<MeshResponse> exchange(const MeshRequest& request);

 private:
  [[nodiscard]] core::Error transport_error(const MeshRequest& request, int code,
                                            const std::string& text) const;

  std::string sink_;
  MeshConfigPtr config_;
  void* curl_ = nullptr;  // CURL*, kept so that the TLS connection is reused
};

}  // namespace atpipe::connectors::mesh
