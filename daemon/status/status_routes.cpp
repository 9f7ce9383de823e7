#include "daemon/status/status_routes.hpp"

#include <openssl/crypto.h>

#include <algorithm>

#include "core/regular_file.hpp"
#include "daemon/status/published_set.hpp"
#include "daemon/status/status_metrics.hpp"
#include "daemon/status/status_render.hpp"
#include "daemon/status/web_assets.hpp"

namespace atpipe::daemon::status {
namespace {

constexpr std::uint64_t kMaxDownload = 512U << 20;

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

RouteResponse plain(unsigned status, std::string body) {
  return {status, "text/plain; charset=utf-8", std::move(body) + "\n", {}};
}

std::string content_type_of(std::string_view name) {
  if (ends_with(name, ".html")) {
    return "text/html; charset=utf-8";
  }
  if (ends_with(name, ".css")) {
    return "text/css; charset=utf-8";
  }
  if (ends_with(name, ".js")) {
    return "text/javascript; charset=utf-8";
  }
  if (ends_with(name, ".svg")) {
    return "image/svg+xml";
  }
  if (ends_with(name, ".csv")) {
    return "text/csv; charset=utf-8";
  }
  if (ends_with(name, ".xlsx")) {
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  return "application/octet-stream";
}

RouteResponse asset(std::string_view name) {
  auto found = find_web_asset(name);
  if (!found) {
    return plain(404, "not found");
  }
  return {200, content_type_of(name), std::string(found->bytes), {}};
}

// Only a query list file the newest published set's MANIFEST names, and only from that set.
RouteResponse download(std::string_view rest, const SnapshotFn& snapshot) {
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) {
    return plain(404, "not found");
  }
  const std::string period(rest.substr(0, slash));
  const std::string name(rest.substr(slash + 1));
  const auto facts = snapshot(SnapshotScope::Downloads).store;
  const auto& set = facts.downloads;
  const bool listed = set && set->period == period &&
                      std::find(set->files.begin(), set->files.end(), name) != set->files.end();
  if (!is_period(period) || !listed) {
    return plain(404, "no such file in the published output set");
  }
  auto bytes = core::read_regular_file(set->folder / name, {}, kMaxDownload);
  if (!bytes) {
    return plain(500, "the file could not be read");
  }
  std::string shown = name;  // a quote or control character would break the header
  for (char& c : shown) {
    c = (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) ? '_' : c;
  }
  return {200,
          content_type_of(name),
          std::move(*bytes),
          {{"Content-Disposition", "attachment; filename=\"" + shown + "\""}}};
}

RouteResponse data_route(std::string_view path, const SnapshotFn& snapshot) {
  if (path == "/status") {
    return {200, "application/json", render_status_json(snapshot(SnapshotScope::Status)), {}};
  }
  if (path == "/metrics") {
    return {200,
            "text/plain; version=0.0.4; charset=utf-8",
            render_metrics(snapshot(SnapshotScope::Status)),
            {}};
  }
  if (path == "/api/dashboard") {
    return {200, "application/json", render_dashboard_json(snapshot(SnapshotScope::Dashboard)), {}};
  }
  if (path.rfind("/download/", 0) == 0) {
    return download(path.substr(10), snapshot);
  }
  return plain(404, "not found");
}

}  // namespace

bool bearer_allowed(const config::StatusSpec& spec, std::string_view authorization) {
  if (!spec.token_required()) {
    return true;
  }
  constexpr std::string_view kScheme = "Bearer ";
  if (!spec.token || authorization.substr(0, kScheme.size()) != kScheme) {
    return false;
  }
  const std::string_view given = authorization.substr(kScheme.size());
  const std::string& token = *spec.token;
  return given.size() == token.size() &&
         CRYPTO_memcmp(given.data(), token.data(), token.size()) == 0;
}

RouteResponse route(const RouteRequest& request, const config::StatusSpec& spec,
                    const SnapshotFn& snapshot) {
  if (request.method != "GET" && request.method != "HEAD") {
    auto response = plain(405, "only GET and HEAD");
    response.headers.emplace_back("Allow", "GET, HEAD");
    return response;
  }
  const std::string_view target = request.target;
  const std::string_view path = target.substr(0, target.find('?'));
  if (path == "/" || path == "/index.html") {
    return asset("index.html");
  }
  if (path.rfind("/assets/", 0) == 0) {
    const auto name = path.substr(8);
    return name.find('/') == std::string_view::npos ? asset(name) : plain(404, "not found");
  }
  if (path == "/healthz") {
    const auto health = render_health(snapshot(SnapshotScope::Health));
    return {health.healthy ? 200U : 503U, "application/json", health.body, {}};
  }
  if (!bearer_allowed(spec, request.authorization)) {
    auto response = plain(401, "a bearer token is required (Authorization: Bearer TOKEN)");
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"atpipe\"");
    return response;
  }
  return data_route(path, snapshot);
}

}  // namespace atpipe::daemon::status
