#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "mesh_store.hpp"

namespace atpipe::mesh_server {

struct Request {
  std::string method;
  std::string target;                          // path and query
  std::map<std::string, std::string> headers;  // names lower-case
  std::string body;
  [[nodiscard]] std::string header(const std::string& name) const;
};

struct Response {
  unsigned status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // An error's parts, so that a v1 client gets the v1 shape of the same error.
  std::string error_event;
  std::string error_code;
  std::string error_message;
};

struct ServiceOptions {
  std::string shared_secret;
  std::map<std::string, std::string> mailboxes;      // id -> password
  std::size_t page_size = 500;                       // the most ids one inbox page holds
  std::chrono::seconds expire_after{5 * 24 * 3600};  // uncollected -> REPORT 14 (mesh.md 1.4)
};

// What the connection loop should do with one request instead of answering normally, taken
// from DIR/faults (one per line, "<action> [path substring]", each line used once):
//   status:<code>  answer <code> without acting on the request
//   cut-before     close the connection after the headers, before the body: nothing happens
//   cut-after      act on the request, then close without answering
//   expire         (any request) expire every uncollected message now, then go on normally
enum class Fault { None, Status, CutBefore, CutAfter };

// The MESH API v2 as shared/mesh.md describes it, over MeshStore: auth, handshake, outbox
// (chunked), tracking, inbox, download, acknowledge, REPORTs; v2 bodies, or v1 ones when the
// Accept header asks for v1 or is absent. Every call holds one lock, so connection threads
// may call it at once.
class MeshService {
 public:
  MeshService(MeshStore store, ServiceOptions options);

  // The fault, if any, planned for a request to `target` (consumes it).
  [[nodiscard]] std::pair<Fault, unsigned> take_fault(const std::string& method,
                                                      const std::string& target);
  [[nodiscard]] Response handle(const Request& request);
  void log(const Request& request, const std::string& outcome);

 private:
  [[nodiscard]] std::optional<Response> check_auth(const Request& request,
                                                   const std::string& mailbox);
  [[nodiscard]] Response route(const Request& request, const std::string& mailbox,
                               const std::vector<std::string>& rest);
  [[nodiscard]] Response handshake(const Request& request);
  [[nodiscard]] Response send(const Request& request, const std::string& mailbox);
  [[nodiscard]] Response send_chunk(const Request& request, const std::string& mailbox,
                                    const std::string& id, const std::string& k);
  [[nodiscard]] Response tracking(const std::string& mailbox, const std::string& id);
  [[nodiscard]] Response tracking_local(const std::string& mailbox, const std::string& local_id);
  [[nodiscard]] Response inbox(const Request& request, const std::string& mailbox);
  [[nodiscard]] Response download(const Request& request, const std::string& mailbox,
                                  const std::string& id, std::size_t k);
  [[nodiscard]] Response acknowledge(const std::string& mailbox, const std::string& id);
  void expire(bool all);
  // v1 (Accept application/json, vnd.mesh.v1+json or none) wants camelCase bodies.
  [[nodiscard]] std::string id_body(const std::string& id) const;

  bool v1_ = false;  // the API version of the request being handled
  MeshStore store_;
  ServiceOptions options_;
  std::set<std::string> used_tokens_;  // a token is single-use (mesh.md 1.2)
  std::mutex mutex_;
};

// A MESH v2 error body: {"message_id":"","internal_id":"","detail":[{"event","code","msg"}]}.
[[nodiscard]] Response mesh_error(unsigned status, const std::string& event,
                                  const std::string& code, const std::string& message);
[[nodiscard]] std::string json_string(const std::string& text);

}  // namespace atpipe::mesh_server
