#include "connectors/mesh/mesh_client.hpp"

#include <spdlog/spdlog.h>
#include <sys/utsname.h>

#include <algorithm>
#include <thread>
#include <utility>

#include "connectors/common/http/json_support.hpp"
#include "connectors/mesh/mesh_errors.hpp"
#include "connectors/mesh/mesh_gzip.hpp"

namespace atpipe::connectors::mesh {
namespace {

constexpr const char* kAccept = "application/vnd.mesh.v2+json";

void real_sleep(std::chrono::milliseconds wait) {
  std::this_thread::sleep_for(wait);
}

// One named logger per sink instance (style.md rule 9), writing where the default one does.
std::shared_ptr<spdlog::logger> logger_for(const std::string& sink) {
  const std::string name = "sink:mesh:" + sink;
  auto logger = spdlog::get(name);
  if (!logger) {
    auto fallback = spdlog::default_logger();
    logger =
        std::make_shared<spdlog::logger>(name, fallback->sinks().begin(), fallback->sinks().end());
    logger->set_level(fallback->level());
  }
  return logger;
}

std::string count_text(std::size_t k, std::size_t n) {
  return std::to_string(k) + ":" + std::to_string(n);
}

}  // namespace

MeshClient::MeshClient(std::string sink, MeshConfigPtr config, MeshSleeper sleep)
    : sink_(std::move(sink)),
      config_(std::move(config)),
      sleep_(sleep ? std::move(sleep) : MeshSleeper(real_sleep)),
      log_(logger_for(sink_)),
      tokens_(config_->mailbox, config_->password, config_->shared_secret),
      http_(sink_, config_) {}

std::string MeshClient::mailbox_url(const std::string& path) const {
  return config_->url + "/messageexchange/" + config_->mailbox + path;
}

std::chrono::milliseconds MeshClient::backoff(int attempt) const {
  // mesh-client's policy: a backoff factor of 0.5 s, doubling.
  std::chrono::milliseconds wait{500};
  for (int i = 1; i < attempt && wait < std::chrono::seconds(8); ++i) {
    wait *= 2;
  }
  return wait;
}

core::Expected<MeshResponse> MeshClient::call(MeshRequest request, bool repeatable) {
  request.headers.emplace_back("Accept", kAccept);
  const int attempts = repeatable ? 1 + config_->retries : 1;
  for (int attempt = 1;; ++attempt) {
    // A token is single-use (mesh.md 1.2), so every attempt gets its own.
    MeshRequest signed_request = request;
    signed_request.headers.emplace_back("Authorization",
                                        tokens_.next(std::chrono::system_clock::now()));
    auto response = http_.exchange(signed_request);
    const bool transient = !response || transient_status(response->status);
    if (!transient || attempt >= attempts) {
      return response;
    }
    log_->warn("{}: {}; trying again ({} of {})", request.what,
               response ? "HTTP " + std::to_string(response->status) : response.error().message(),
               attempt + 1, attempts);
    sleep_(backoff(attempt));
  }
}

core::Expected<MeshResponse> MeshClient::call_expecting(MeshRequest request, bool repeatable,
                                                        std::initializer_list<long> ok) {
  auto response = call(request, repeatable);
  if (!response) {
    return response;
  }
  if (std::find(ok.begin(), ok.end(), response->status) == ok.end()) {
    return core::fail(mesh_status_error(sink_, *config_, request, *response));
  }
  return response;
}

core::Expected<void> MeshClient::handshake() {
  utsname host{};
  ::uname(&host);
  MeshRequest request;
  request.method = "POST";
  request.url = mailbox_url("");
  request.what = "handshake";
  request.headers = {{"mex-ClientVersion", "atpipe"},
                     {"mex-OSName", host.sysname},
                     {"mex-OSVersion", host.release},
                     {"mex-OSArchitecture", host.machine}};
  auto response = call_expecting(std::move(request), true, {200});
  if (!response) {
    return core::fail(std::move(response).error());
  }
  return {};
}

std::vector<std::string> MeshClient::chunks_of(const std::string& content) const {
  std::vector<std::string> chunks;
  const std::size_t size = config_->chunk_size;
  for (std::size_t at = 0; at < content.size() || chunks.empty(); at += size) {
    // mesh.md 1.5: split the uncompressed data, then gzip each chunk on its own.
    std::string piece = content.substr(std::min(at, content.size()), size);
    chunks.push_back(config_->compress ? gzip_compress(piece) : std::move(piece));
  }
  return chunks;
}

core::Expected<std::string> MeshClient::post_first(const OutgoingMessage& message,
                                                   const std::vector<std::string>& chunks) {
  MeshRequest request;
  request.method = "POST";
  request.url = mailbox_url("/outbox");
  request.what = chunks.size() > 1 ? "send chunk 1 of " + std::to_string(chunks.size()) : "send";
  request.body = chunks.front();
  request.fresh_connection = true;
  request.headers = {{"mex-To", config_->to},
                     {"mex-WorkflowID", config_->workflow_id},
                     {"mex-FileName", message.file_name},
                     {"mex-LocalID", message.local_id},
                     {"mex-Content-Type", config_->content_type},
                     {"Content-Type", "application/octet-stream"}};
  if (!message.subject.empty()) {
    request.headers.emplace_back("mex-Subject", message.subject);
  }
  if (chunks.size() > 1) {
    request.headers.emplace_back("mex-Chunk-Range", count_text(1, chunks.size()));
  }
  if (config_->compress) {
    request.headers.emplace_back("Content-Encoding", "gzip");
    request.headers.emplace_back("mex-Content-Compressed", "Y");
  }
  for (int attempt = 1;; ++attempt) {
    auto response = call(request, false);
    if (response && response->status == 202) {
      rapidjson::Document doc;
      std::string problem;
      std::string id;
      if (http::parse_json(response->body, doc, problem) && doc.IsObject()) {
        id = http::string_member(doc, "message_id");
      }
      if (id.empty()) {
        return core::fail(core::ErrorCode::Parse,
                          request.what + ": MESH accepted the message but sent no message_id",
                          core::Provenance{sink_, request.url, 0, ""});
      }
      return id;
    }
    core::Error error = response ? mesh_status_error(sink_, *config_, request, *response)
                                 : std::move(response).error();
    if (response && !transient_status(response->status)) {
      return core::fail(std::move(error));
    }
    // No answer, a cut or a server failure: the message may have landed. Never post it again
    // without asking tracking first (mesh.md 1.3).
    log_->warn("{}; asking tracking whether it arrived before sending again", error.message());
    auto landed = track_local(message.local_id);
    if (!landed) {
      return core::fail(std::move(error).caused_by(std::move(landed).error()));
    }
    if (*landed) {
      log_->info("tracking found message {}: it arrived, so it is not sent again",
                 (*landed)->message_id);
      return (*landed)->message_id;
    }
    if (attempt > config_->retries) {
      return core::fail(std::move(error));
    }
    sleep_(backoff(attempt));
  }
}

core::Expected<void> MeshClient::post_rest(const std::string& message_id,
                                           const std::vector<std::string>& chunks) {
  for (std::size_t k = 2; k <= chunks.size(); ++k) {
    MeshRequest request;
    request.method = "POST";
    request.url = mailbox_url("/outbox/" + message_id + "/" + std::to_string(k));
    request.what = "send chunk " + std::to_string(k) + " of " + std::to_string(chunks.size());
    request.body = chunks[k - 1];
    request.headers = {{"mex-Chunk-Range", count_text(k, chunks.size())},
                       {"Content-Type", "application/octet-stream"}};
    if (config_->compress) {
      request.headers.emplace_back("Content-Encoding", "gzip");
    }
    // 423: the message is already complete, so a chunk re-posted after a cut answer landed.
    auto response = call_expecting(std::move(request), true, {202, 423});
    if (!response) {
      return core::fail(std::move(response).error());
    }
  }
  return {};
}

core::Expected<std::string> MeshClient::send(const OutgoingMessage& message) {
  const auto chunks = chunks_of(message.content);
  auto id = post_first(message, chunks);
  if (!id) {
    return id;
  }
  if (auto rest = post_rest(*id, chunks); !rest) {
    return core::fail(rest.error());
  }
  return id;
}

core::Expected<void> MeshClient::resume(const std::string& message_id,
                                        const OutgoingMessage& message) {
  return post_rest(message_id, chunks_of(message.content));
}

}  // namespace atpipe::connectors::mesh
