#include "connectors/mesh/mesh_errors.hpp"

#include <rapidjson/document.h>

#include "connectors/common/http/http_url.hpp"
#include "connectors/common/http/json_support.hpp"

namespace atpipe::connectors::mesh {
namespace {

struct Detail {
  std::string code;
  std::string text;
};

std::string scalar(const rapidjson::Value& object, const char* name) {
  std::string out;
  (void)http::scalar_text(http::member(object, name), out);
  return out;
}

Detail detail_of(const std::string& body) {
  rapidjson::Document doc;
  std::string problem;
  if (body.empty() || !http::parse_json(body, doc, problem) || !doc.IsObject()) {
    return {};
  }
  if (const auto* detail = http::member(doc, "detail");
      detail != nullptr && detail->IsArray() && !detail->Empty() && (*detail)[0].IsObject()) {
    const auto& first = (*detail)[0];
    return {scalar(first, "code"), scalar(first, "msg")};
  }
  return {scalar(doc, "errorCode"), scalar(doc, "errorDescription")};
}

}  // namespace

std::string mesh_error_detail(const std::string& body) {
  const Detail detail = detail_of(body);
  if (detail.code.empty()) {
    return detail.text;
  }
  return "code " + detail.code + (detail.text.empty() ? "" : ", " + detail.text);
}

std::string mesh_error_code(const std::string& body) {
  return detail_of(body).code;
}

bool transient_status(long status) {
  return status == 425 || status == 429 || status >= 500;
}

core::Error mesh_status_error(const std::string& sink, const MeshConfig& config,
                              const MeshRequest& request, const MeshResponse& response) {
  using core::ErrorCode;
  const core::Provenance where{sink, http::redact_url(request.url), 0, ""};
  const std::string status = "HTTP " + std::to_string(response.status);
  const std::string detail = mesh_error_detail(response.body);
  const std::string head =
      request.what + " failed: " + status + (detail.empty() ? "" : " (" + detail + ")");
  const long code = response.status;
  if (code == 401 || code == 403) {
    return {ErrorCode::Auth,
            head + "; MESH refused mailbox '" + config.mailbox +
                "': check 'mailbox', 'password', 'shared_secret' and the client certificate",
            where};
  }
  if (code == 417 && mesh_error_code(response.body) == "12") {
    return {ErrorCode::Config,
            head + "; the recipient mailbox '" + config.to + "' is not registered: check 'to'",
            where};
  }
  if (code == 404 || code == 410) {
    return {ErrorCode::NotFound, head + "; MESH has no such message", where};
  }
  if (transient_status(code)) {
    return {ErrorCode::Network, head + "; the MESH server is failing or busy, try again later",
            where};
  }
  return {ErrorCode::Validation, head + "; MESH refused the request", where};
}

}  // namespace atpipe::connectors::mesh
