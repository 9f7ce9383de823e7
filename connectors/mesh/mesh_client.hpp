#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/mesh/mesh_auth.hpp"
#include "connectors/mesh/mesh_config.hpp"
#include "connectors/mesh/mesh_http.hpp"
#include "core/expected.hpp"

namespace spdlog {
class logger;
}

namespace atpipe::connectors::mesh {

// A file to send: the bytes and the mex-* headers that describe them.
struct OutgoingMessage {
  std::string content;
  std::string file_name;  // mex-FileName
  std::string local_id;   // mex-LocalID: how a restarted sender finds it again
  std::string subject;    // mex-Subject
};

// What MESH tracking says about a sent message (v2 field names, mesh.md 1.3).
struct Tracking {
  std::string message_id;
  std::string local_id;
  std::string status;  // uploading, accepted, acknowledged, undeliverable, error
  std::string status_success;
  std::string status_code;
  std::string status_event;
  std::string status_description;
  std::string recipient;
};

// A downloaded message, DATA or REPORT, with its chunks joined and decoded.
struct InboxMessage {
  std::string id;
  std::string type;  // DATA or REPORT (mex-messagetype)
  std::string from;
  std::string workflow_id;
  std::string local_id;
  std::string file_name;
  std::string linked_id;  // REPORT: the message it reports on (mex-linkedmsgid)
  std::string status_success;
  std::string status_code;
  std::string status_event;
  std::string status_description;
  std::string content;
};

// Waits between attempts; tests inject one that returns at once.
using MeshSleeper = std::function<void(std::chrono::milliseconds)>;

// A MESH API v2 client for one mailbox (shared/mesh.md): signs every request with a fresh
// NHSMESH token, repeats only requests that are safe to repeat, and never repeats the first
// POST of a message without first asking tracking whether it arrived. Errors carry the code
// the engine needs: 403 Auth, 417 unknown recipient Config, other refusals Validation, 5xx
// and cut connections Network. Owned by one sink or command; one thread.
class MeshClient {
 public:
  MeshClient(std::string sink, MeshConfigPtr config, MeshSleeper sleep = {});

  [[nodiscard]] core::Expected<void> handshake();
  // Sends `message` to the configured recipient, in chunks above `chunk_size`; the message id.
  [[nodiscard]] core::Expected<std::string> send(const OutgoingMessage& message);
  // Posts chunks 2..N of a message whose first chunk is already on the server (after a
  // restart found it `uploading`); re-posting a chunk before the last is safe.
  [[nodiscard]] core::Expected<void> resume(const std::string& message_id,
                                            const OutgoingMessage& message);
  [[nodiscard]] core::Expected<Tracking> track(const std::string& message_id);
  // The message sent with this local id, or nullopt when the server has none.
  [[nodiscard]] core::Expected<std::optional<Tracking>> track_local(const std::string& local_id);
  // Every message id in the inbox, reading all pages.
  [[nodiscard]] core::Expected<std::vector<std::string>> inbox();
  [[nodiscard]] core::Expected<InboxMessage> download(const std::string& message_id);
  [[nodiscard]] core::Expected<void> acknowledge(const std::string& message_id);

 private:
  [[nodiscard]] core::Expected<MeshResponse> call(MeshRequest request, bool repeatable);
  [[nodiscard]] core::Expected<MeshResponse> call_expecting(MeshRequest request, bool repeatable,
                                                            std::initializer_list<long> ok);
  [[nodiscard]] core::Expected<std::string> post_first(const OutgoingMessage& message,
                                                       const std::vector<std::string>& chunks);
  [[nodiscard]] core::Expected<void> post_rest(const std::string& message_id,
                                               const std::vector<std::string>& chunks);
  [[nodiscard]] std::vector<std::string> chunks_of(const std::string& content) const;
  [[nodiscard]] std::string mailbox_url(const std::string& path) const;
  [[nodiscard]] std::chrono::milliseconds backoff(int attempt) const;

  std::string sink_;
  MeshConfigPtr config_;
  MeshSleeper sleep_;
  std::shared_ptr<spdlog::logger> log_;  // "sink:mesh:<name>"
  MeshTokens tokens_;
  MeshHttp http_;
};

}  // namespace atpipe::connectors::mesh
