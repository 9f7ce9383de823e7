#include "mesh_service.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <sstream>

namespace atpipe::mesh_server {
namespace {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, sep)) {
    parts.push_back(part);
  }
  if (!text.empty() && text.back() == sep) {
    parts.emplace_back();
  }
  return parts;
}

std::string hmac_hex(const std::string& key, const std::string& message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &size);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += {kHex[out[i] >> 4], kHex[out[i] & 0x0f]};
  }
  return hex;
}

bool all_digits(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

// yyyyMMddHHmm (UTC) within two hours of now (mesh.md 1.2).
bool fresh(const std::string& stamp) {
  if (stamp.size() != 12 || !all_digits(stamp)) {
    return false;
  }
  std::tm when{};
  when.tm_year = std::stoi(stamp.substr(0, 4)) - 1900;
  when.tm_mon = std::stoi(stamp.substr(4, 2)) - 1;
  when.tm_mday = std::stoi(stamp.substr(6, 2));
  when.tm_hour = std::stoi(stamp.substr(8, 2));
  when.tm_min = std::stoi(stamp.substr(10, 2));
  const std::time_t at = timegm(&when);
  return std::abs(std::difftime(std::time(nullptr), at)) <= 2 * 3600;
}

}  // namespace

std::string Request::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out += buffer;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

Response mesh_error(unsigned status, const std::string& event, const std::string& code,
                    const std::string& message) {
  Response out;
  out.status = status;
  out.headers.emplace_back("Content-Type", "application/json");
  out.error_event = event;
  out.error_code = code;
  out.error_message = message;
  out.body = R"({"message_id":"","internal_id":"","detail":[{"event":)" + json_string(event) +
             R"(,"code":)" + json_string(code) + R"(,"msg":)" + json_string(message) + "}]}";
  return out;
}

MeshService::MeshService(MeshStore store, ServiceOptions options)
    : store_(std::move(store)), options_(std::move(options)) {}

void MeshService::log(const Request& request, const std::string& outcome) {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::ofstream(store_.dir() / "requests.log", std::ios::app)
      << request.method << " " << request.target << " " << outcome << "\n";
}

std::pair<Fault, unsigned> MeshService::take_fault(const std::string& method,
                                                   const std::string& target) {
  const std::lock_guard<std::mutex> lock(mutex_);
  auto text = read_file(store_.dir() / "faults");
  if (!text || text->empty()) {
    return {Fault::None, 0};
  }
  std::vector<std::string> lines = split(*text, '\n');
  std::pair<Fault, unsigned> found{Fault::None, 0};
  std::string kept;
  bool used = false;
  for (const auto& line : lines) {
    if (line.empty()) {
      continue;
    }
    const auto space = line.find(' ');
    const std::string action = line.substr(0, space);
    const std::string where = space == std::string::npos ? "" : line.substr(space + 1);
    const std::string request = method + " " + target;
    if (action == "expire") {
      expire(true);
      continue;
    }
    if (!used && request.find(where) != std::string::npos) {
      used = true;
      if (action == "cut-before") {
        found = {Fault::CutBefore, 0};
      } else if (action == "cut-after") {
        found = {Fault::CutAfter, 0};
      } else if (action.rfind("status:", 0) == 0) {
        found = {Fault::Status, static_cast<unsigned>(std::stoul(action.substr(7)))};
      }
      continue;
    }
    kept += line + "\n";
  }
  write_file(store_.dir() / "faults", kept);
  return found;
}

std::optional<Response> MeshService::check_auth(const Request& request,
                                                const std::string& mailbox) {
  constexpr std::string_view kScheme = "NHSMESH ";
  const std::string header = request.header("authorization");
  if (header.rfind(kScheme, 0) != 0) {
    return mesh_error(403, "AUTH", "", "Error reading from Authorization header");
  }
  const auto parts = split(header.substr(kScheme.size()), ':');
  if (parts.size() != 5 || !all_digits(parts[2])) {
    return mesh_error(403, "AUTH", "", "Error reading from Authorization header");
  }
  if (parts[0] != mailbox) {
    return mesh_error(403, "AUTH", "", "Mailbox id does not match token");
  }
  auto known = options_.mailboxes.find(mailbox);
  if (known == options_.mailboxes.end()) {
    return mesh_error(403, "AUTH", "EPL-151", "No mailbox matched");
  }
  const std::string expected =
      hmac_hex(options_.shared_secret,
               parts[0] + ":" + parts[1] + ":" + parts[2] + ":" + known->second + ":" + parts[3]);
  const bool reused = used_tokens_.count(header) != 0;
  if (expected != parts[4] || !fresh(parts[3]) || reused) {
    return mesh_error(403, "AUTH", "", "Invalid Authentication Token");
  }
  used_tokens_.insert(header);
  return std::nullopt;
}

Response MeshService::handle(const Request& request) {
  const std::lock_guard<std::mutex> lock(mutex_);
  expire(false);
  const auto query = request.target.find('?');
  const std::string path = request.target.substr(0, query);
  auto segments = split(path, '/');  // "", "messageexchange", mailbox, ...
  if (segments.size() < 3 || segments[1] != "messageexchange") {
    return mesh_error(404, "ROUTE", "", "Not found");
  }
  if (segments[2] == "_ping" && request.method == "GET") {
    return Response{200, {{"Content-Type", "application/json"}}, "{}", "", "", ""};
  }
  const std::string accept = request.header("accept");
  if (accept.find("vnd.mesh") != std::string::npos &&
      accept.find("application/vnd.mesh.v2+json") == std::string::npos &&
      accept.find("application/vnd.mesh.v1+json") == std::string::npos) {
    return mesh_error(400, "ACCEPT", "", "Unsupported Accept header");
  }
  v1_ = accept.find("application/vnd.mesh.v2+json") == std::string::npos;
  const std::string mailbox = segments[2];
  auto response = check_auth(request, mailbox);
  if (!response) {
    response =
        route(request, mailbox, std::vector<std::string>(segments.begin() + 3, segments.end()));
  }
  if (v1_ && response->status >= 400 && !response->error_event.empty()) {
    response->body = R"({"messageID":"","errorEvent":)" + json_string(response->error_event) +
                     R"(,"errorCode":)" + json_string(response->error_code) +
                     R"(,"errorDescription":)" + json_string(response->error_message) + "}";
  }
  return *response;
}

std::string MeshService::id_body(const std::string& id) const {
  return std::string(v1_ ? R"({"messageID":)" : R"({"message_id":)") + json_string(id) + "}";
}

Response MeshService::route(const Request& request, const std::string& mailbox,
                            const std::vector<std::string>& rest) {
  const std::string& method = request.method;
  const auto n = rest.size();
  if (n == 0 && method == "POST") {
    return handshake(request);
  }
  if (n == 1 && rest[0] == "count" && method == "GET") {
    return Response{200,
                    {{"Content-Type", "application/json"}},
                    R"({"count":)" + std::to_string(store_.inbox(mailbox).size()) + "}",
                    "",
                    "",
                    ""};
  }
  if (n >= 1 && rest[0] == "inbox") {
    if (n == 1 && method == "GET") {
      return inbox(request, mailbox);
    }
    if (n == 2 && method == "GET") {
      return download(request, mailbox, rest[1], 1);
    }
    if (n == 2 && method == "HEAD") {
      Response head = download(request, mailbox, rest[1], 1);
      head.body.clear();
      return head;
    }
    if (n == 3 && method == "GET" && !rest[2].empty() &&
        std::all_of(rest[2].begin(), rest[2].end(), ::isdigit)) {
      return download(request, mailbox, rest[1], std::stoul(rest[2]));
    }
    if (n == 4 && method == "PUT" && rest[2] == "status" && rest[3] == "acknowledged") {
      return acknowledge(mailbox, rest[1]);
    }
  }
  if (n >= 1 && rest[0] == "outbox") {
    if (n == 1 && method == "POST") {
      return send(request, mailbox);
    }
    if (n == 2 && rest[1] == "tracking" && method == "GET") {
      const auto at = request.target.find("messageID=");
      return tracking(mailbox, at == std::string::npos ? "" : request.target.substr(at + 10));
    }
    if (n == 3 && rest[1] == "tracking" && method == "GET") {
      return tracking_local(mailbox, rest[2]);
    }
    if (n == 3 && method == "POST") {
      return send_chunk(request, mailbox, rest[1], rest[2]);
    }
  }
  return mesh_error(404, "ROUTE", "", "Not found");
}

Response MeshService::handshake(const Request& request) {
  for (const char* name : {"mex-clientversion", "mex-osname", "mex-osversion"}) {
    if (request.header(name).empty()) {
      return mesh_error(400, "HANDSHAKE", "", std::string("missing header ") + name);
    }
  }
  if (v1_) {
    const auto mailbox = request.target.substr(request.target.rfind('/') + 1);
    return Response{200,
                    {{"Content-Type", "application/json"}},
                    R"({"mailboxId":)" + json_string(mailbox) + "}",
                    "",
                    "",
                    ""};
  }
  return Response{200, {}, "", "", "", ""};
}

}  // namespace atpipe::mesh_server
