// MeshClient's reading side: tracking, the inbox, download and acknowledge.
#include <rapidjson/document.h>

#include <cctype>
#include <utility>

#include "connectors/common/http/http_url.hpp"
#include "connectors/common/http/json_support.hpp"
#include "connectors/common/http/pager.hpp"
#include "connectors/mesh/mesh_client.hpp"
#include "connectors/mesh/mesh_errors.hpp"

namespace atpipe::connectors::mesh {
namespace {

constexpr std::size_t kInboxPage = 500;  // mesh.md 1.4: up to 500 ids per page

std::string text_of(const rapidjson::Value& object, const char* name) {
  std::string out;
  (void)http::scalar_text(http::member(object, name), out);
  return out;
}

core::Expected<rapidjson::Document> json_body(const std::string& sink, const MeshRequest& request,
                                              const std::string& body) {
  rapidjson::Document doc;
  std::string problem;
  if (!http::parse_json(body, doc, problem) || !doc.IsObject()) {
    return core::fail(core::ErrorCode::Parse,
                      request.what + ": the MESH answer is not a JSON object" +
                          (problem.empty() ? "" : " (" + problem + ")"),
                      core::Provenance{sink, http::redact_url(request.url), 0, ""});
  }
  return doc;
}

Tracking tracking_of(const rapidjson::Value& object) {
  Tracking out;
  out.message_id = text_of(object, "message_id");
  out.local_id = text_of(object, "local_id");
  out.status = text_of(object, "status");
  out.status_success = text_of(object, "status_success");
  out.status_code = text_of(object, "status_code");
  out.status_event = text_of(object, "status_event");
  out.status_description = text_of(object, "status_description");
  out.recipient = text_of(object, "recipient");
  return out;
}

// The chunk count from "k:N", or 1 when the header is absent or odd.
std::size_t total_chunks(const std::string& range) {
  const auto colon = range.find(':');
  if (colon == std::string::npos) {
    return 1;
  }
  try {
    return std::max<std::size_t>(1, std::stoul(range.substr(colon + 1)));
  } catch (const std::exception&) {
    return 1;
  }
}

// RFC 3986 unreserved characters pass; every other byte is percent-encoded.
std::string path_segment(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 0x0f]};
    }
  }
  return out;
}

}  // namespace

core::Expected<Tracking> MeshClient::track(const std::string& message_id) {
  MeshRequest request;
  request.url = http::with_query(mailbox_url("/outbox/tracking"), "messageID", message_id);
  request.what = "tracking of message " + message_id;
  auto response = call_expecting(request, true, {200});
  if (!response) {
    return core::fail(std::move(response).error());
  }
  auto doc = json_body(sink_, request, response->body);
  if (!doc) {
    return core::fail(std::move(doc).error());
  }
  return tracking_of(*doc);
}

core::Expected<std::optional<Tracking>> MeshClient::track_local(const std::string& local_id) {
  MeshRequest request;
  request.url = mailbox_url("/outbox/tracking/" + path_segment(local_id));
  request.what = "tracking by local id";
  auto response = call(request, true);
  if (!response) {
    return core::fail(std::move(response).error());
  }
  if (response->status == 404) {
    return std::optional<Tracking>();
  }
  if (response->status == 300) {
    return core::fail(core::ErrorCode::Validation,
                      request.what + " failed: MESH holds several messages with local id '" +
                          local_id + "'; settle by hand which one counts",
                      core::Provenance{sink_, http::redact_url(request.url), 0, ""});
  }
  if (response->status != 200) {
    return core::fail(mesh_status_error(sink_, *config_, request, *response));
  }
  auto doc = json_body(sink_, request, response->body);
  if (!doc) {
    return core::fail(std::move(doc).error());
  }
  return std::optional<Tracking>(tracking_of(*doc));
}

core::Expected<std::vector<std::string>> MeshClient::inbox() {
  std::vector<std::string> ids;
  const auto read = [&](const std::string& url,
                        std::size_t page) -> core::Expected<std::optional<std::string>> {
    MeshRequest request;
    request.url = url;
    request.what = "inbox page " + std::to_string(page);
    auto response = call_expecting(request, true, {200});
    if (!response) {
      return core::fail(std::move(response).error());
    }
    auto doc = json_body(sink_, request, response->body);
    if (!doc) {
      return core::fail(std::move(doc).error());
    }
    if (const auto* messages = http::member(*doc, "messages");
        messages != nullptr && messages->IsArray()) {
      for (const auto& id : messages->GetArray()) {
        if (id.IsString()) {
          ids.emplace_back(id.GetString());
        }
      }
    }
    const auto* links = http::member(*doc, "links");
    const std::string next = links != nullptr ? text_of(*links, "next") : "";
    if (next.empty()) {
      return std::optional<std::string>();
    }
    auto resolved = http::resolve_url(url, next);
    if (!resolved) {
      return core::fail(core::ErrorCode::Parse, request.what + ": links.next is not a URL",
                        core::Provenance{sink_, http::redact_url(url), 0, ""});
    }
    return resolved;
  };
  http::PagerLimits limits;
  limits.source = sink_;
  limits.what = "the inbox";
  limits.max_pages = config_->max_inbox_pages;
  limits.max_key = "max_inbox_pages";
  const auto first =
      http::with_query(mailbox_url("/inbox"), "max_results", std::to_string(kInboxPage));
  if (auto pages = http::read_pages(first, limits, read); !pages) {
    return core::fail(std::move(pages).error());
  }
  return ids;
}

core::Expected<InboxMessage> MeshClient::download(const std::string& message_id) {
  InboxMessage out;
  out.id = message_id;
  std::size_t chunks = 1;
  for (std::size_t k = 1; k <= chunks; ++k) {
    MeshRequest request;
    request.url = mailbox_url("/inbox/" + message_id + (k == 1 ? "" : "/" + std::to_string(k)));
    request.what =
        "download of message " + message_id + (k == 1 ? "" : " chunk " + std::to_string(k));
    auto response = call_expecting(request, true, {200, 206});
    if (!response) {
      return core::fail(std::move(response).error());
    }
    if (k == 1) {
      chunks = total_chunks(response->header("mex-chunk-range"));
      out.type = response->header("mex-messagetype");
      out.from = response->header("mex-from");
      out.workflow_id = response->header("mex-workflowid");
      out.local_id = response->header("mex-localid");
      out.file_name = response->header("mex-filename");
      out.linked_id = response->header("mex-linkedmsgid");
      out.status_success = response->header("mex-statussuccess");
      out.status_code = response->header("mex-statuscode");
      out.status_event = response->header("mex-statusevent");
      out.status_description = response->header("mex-statusdescription");
    }
    out.content += response->body;  // libcurl has undone Content-Encoding: gzip
  }
  return out;
}

core::Expected<void> MeshClient::acknowledge(const std::string& message_id) {
  MeshRequest request;
  request.method = "PUT";
  request.url = mailbox_url("/inbox/" + message_id + "/status/acknowledged");
  request.what = "acknowledgement of message " + message_id;
  auto response = call_expecting(std::move(request), true, {200});
  if (!response) {
    return core::fail(std::move(response).error());
  }
  return {};
}

}  // namespace atpipe::connectors::mesh
