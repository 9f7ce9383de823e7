// MeshService's message handlers: outbox (chunked), tracking, inbox, download, acknowledge
// and the REPORTs for messages nobody collected.
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <ctime>

#include "mesh_service.hpp"

namespace atpipe::mesh_server {
namespace {

Response json(unsigned status, std::string body) {
  return Response{status, {{"Content-Type", "application/json"}}, std::move(body), "", "", ""};
}

// v1 tracking names its fields in camelCase and title-cases the status (mesh.md 1.6).
std::string v1_tracking(std::string v2) {
  static const std::vector<std::pair<std::string, std::string>> kNames = {
      {"\"message_id\"", "\"messageID\""},
      {"\"local_id\"", "\"localID\""},
      {"\"workflow_id\"", "\"workflowId\""},
      {"\"filename\"", "\"fileName\""},
      {"\"status_success\"", "\"statusSuccess\""},
      {"\"status_code\"", "\"statusCode\""},
      {"\"status_event\"", "\"statusEvent\""},
      {"\"status_description\"", "\"statusDescription\""},
      {"\"status_timestamp\"", "\"statusTimestamp\""},
      {"\"upload_timestamp\"", "\"uploadTimestamp\""}};
  for (const auto& [from, to] : kNames) {
    if (auto at = v2.find(from + ":"); at != std::string::npos) {
      v2.replace(at, from.size(), to);
    }
  }
  if (auto at = v2.find("\"status\":\""); at != std::string::npos) {
    char& first = v2[at + 10];
    first = static_cast<char>(std::toupper(static_cast<unsigned char>(first)));
  }
  return v2;
}

// "k:N" with 1 <= k <= N, or nullopt.
std::optional<std::pair<std::size_t, std::size_t>> parse_range(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos) {
    return std::nullopt;
  }
  try {
    const auto k = std::stoul(text.substr(0, colon));
    const auto n = std::stoul(text.substr(colon + 1));
    if (k < 1 || k > n) {
      return std::nullopt;
    }
    return std::make_pair(std::size_t{k}, std::size_t{n});
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::string> gunzip(const std::string& data) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) {
    return std::nullopt;
  }
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[65536];
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  return result == Z_STREAM_END ? std::optional<std::string>(out) : std::nullopt;
}

std::string now_stamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[16];
  std::strftime(text, sizeof text, "%Y%m%d%H%M%S", &utc);
  return text;
}

std::string tracking_json(const std::string& id, const Meta& m) {
  auto field = [&m](const char* key) {
    auto it = m.find(key);
    return json_string(it == m.end() ? "" : it->second);
  };
  return R"({"message_id":)" + json_string(id) + R"(,"local_id":)" + field("local_id") +
         R"(,"workflow_id":)" + field("workflow_id") + R"(,"filename":)" + field("file_name") +
         R"(,"recipient":)" + field("to") + R"(,"status":)" + field("status") +
         R"(,"status_success":)" + field("status_success") + R"(,"status_code":)" +
         field("status_code") + R"(,"status_event":)" + field("status_event") +
         R"(,"status_description":)" + field("status_description") + R"(,"status_timestamp":)" +
         field("status_timestamp") + R"(,"upload_timestamp":)" + field("upload_timestamp") + "}";
}

}  // namespace

Response MeshService::send(const Request& request, const std::string& mailbox) {
  const std::string to = request.header("mex-to");
  const std::string workflow = request.header("mex-workflowid");
  if (to.empty() || workflow.empty()) {
    return json(400, R"({"detail":[{"loc":["header",")" +
                         std::string(to.empty() ? "mex-to" : "mex-workflowid") +
                         R"("],"msg":"field required","type":"value_error.missing"}]})");
  }
  for (const auto& [name, value] : request.headers) {
    const bool control = std::any_of(value.begin(), value.end(),
                                     [](unsigned char c) { return std::iscntrl(c) != 0; });
    if (name.rfind("mex-", 0) == 0 && control) {
      return mesh_error(400, "SEND", "06", "MalformedControlFile");
    }
  }
  const std::string encoding = request.header("content-encoding");
  if (!encoding.empty() && encoding != "gzip") {
    return mesh_error(422, "SEND", "", "UnsupportedContentEncoding");
  }
  if (request.body.empty()) {
    return mesh_error(417, "COLLECT", "02", "Data file is missing or inaccessible");
  }
  std::size_t chunks = 1;
  if (const auto range_text = request.header("mex-chunk-range"); !range_text.empty()) {
    const auto range = parse_range(range_text);
    if (!range || range->first != 1) {
      return mesh_error(417, "SEND", "", "InvalidHeaderChunks");
    }
    chunks = range->second;
  }
  if (options_.mailboxes.count(to) == 0) {
    return mesh_error(417, "SEND", "12", "Unregistered to address");
  }
  const std::string id = store_.new_id();
  Meta meta = {{"from", mailbox},
               {"to", to},
               {"workflow_id", workflow},
               {"local_id", request.header("mex-localid")},
               {"file_name", request.header("mex-filename")},
               {"subject", request.header("mex-subject")},
               {"content_type", request.header("mex-content-type")},
               {"compressed", request.header("mex-content-compressed")},
               {"encoding", encoding},
               {"type", "DATA"},
               {"chunks", std::to_string(chunks)},
               {"created", std::to_string(std::time(nullptr))},
               {"upload_timestamp", now_stamp()},
               {"status_timestamp", now_stamp()},
               {"status", chunks == 1 ? "accepted" : "uploading"}};
  store_.save_chunk(id, 1, request.body);
  store_.save(id, meta);
  if (chunks == 1) {
    store_.put_in_inbox(to, id);
  }
  return json(202, id_body(id));
}

Response MeshService::send_chunk(const Request& request, const std::string& mailbox,
                                 const std::string& id, const std::string& k_text) {
  auto meta = store_.meta(id);
  if (!meta || (*meta)["from"] != mailbox) {
    return mesh_error(404, "SEND", "", "Message does not exist");
  }
  if ((*meta)["status"] != "uploading") {
    return mesh_error(423, "SEND", "", "Message already finalised");
  }
  const auto range = parse_range(request.header("mex-chunk-range"));
  const std::size_t total = std::stoul((*meta)["chunks"]);
  if (!range || range->second != total || std::to_string(range->first) != k_text ||
      range->first < 2) {
    return mesh_error(417, "SEND", "", "InvalidHeaderChunks");
  }
  if (request.header("content-encoding") != (*meta)["encoding"]) {
    return mesh_error(417, "SEND", "", "cannot change content encoding");
  }
  store_.save_chunk(id, range->first, request.body);
  bool complete = true;
  for (std::size_t k = 1; k <= total; ++k) {
    complete = complete && store_.has_chunk(id, k);
  }
  if (complete) {
    (*meta)["status"] = "accepted";
    (*meta)["status_timestamp"] = now_stamp();
    store_.save(id, *meta);
    store_.put_in_inbox((*meta)["to"], id);
  }
  return json(202, v1_ ? R"({"messageID":)" + json_string(id) + R"(,"blockID":)" +
                             std::to_string(range->first) + "}"
                       : std::string("{}"));
}

Response MeshService::tracking(const std::string& mailbox, const std::string& id) {
  auto meta = store_.meta(id);
  if (!meta || (*meta)["from"] != mailbox) {
    return mesh_error(404, "TRACK", "", "Message does not exist");
  }
  const std::string body = tracking_json(id, *meta);
  return json(200, v1_ ? v1_tracking(body) : body);
}

Response MeshService::tracking_local(const std::string& mailbox, const std::string& local_id) {
  std::vector<std::pair<std::string, Meta>> found;
  for (const auto& id : store_.all_ids()) {
    auto meta = store_.meta(id);
    if (meta && (*meta)["from"] == mailbox && (*meta)["local_id"] == local_id &&
        (*meta)["type"] == "DATA") {
      found.emplace_back(id, *meta);
    }
  }
  if (found.empty()) {
    return mesh_error(404, "TRACK", "", "Message does not exist");
  }
  if (found.size() > 1) {
    return json(300, R"({"detail":[{"msg":"local_id is not unique"}]})");
  }
  const std::string body = tracking_json(found[0].first, found[0].second);
  return json(200, v1_ ? v1_tracking(body) : body);
}

Response MeshService::inbox(const Request& request, const std::string& mailbox) {
  std::size_t page = options_.page_size;
  const auto& target = request.target;
  if (const auto at = target.find("max_results="); at != std::string::npos) {
    page = std::min<std::size_t>(page, std::stoul(target.substr(at + 12)));
  }
  std::string from;
  if (const auto at = target.find("continue_from="); at != std::string::npos) {
    from = target.substr(at + 14, target.find('&', at) - at - 14);
  }
  const auto ids = store_.inbox(mailbox);
  std::string list;
  std::string last;
  std::size_t count = 0;
  bool more = false;
  for (const auto& id : ids) {
    if (!from.empty() && id <= from) {
      continue;
    }
    if (count == page) {
      more = true;
      break;
    }
    list += (count++ == 0 ? "" : ",") + json_string(id);
    last = id;
  }
  const std::string self = "/messageexchange/" + mailbox + "/inbox";
  std::string links = R"({"self":)" + json_string(self);
  if (more) {
    links += R"(,"next":)" +
             json_string(self + "?max_results=" + std::to_string(page) + "&continue_from=" + last);
  }
  if (v1_) {
    return json(200, R"({"messages":[)" + list + "]}");
  }
  return json(200, R"({"messages":[)" + list + R"(],"links":)" + links +
                       R"(},"approx_inbox_count":)" + std::to_string(ids.size()) + "}");
}

Response MeshService::download(const Request& request, const std::string& mailbox,
                               const std::string& id, std::size_t k) {
  auto meta = store_.meta(id);
  if (!meta) {
    return mesh_error(404, "DOWNLOAD", "", "Message does not exist");
  }
  if ((*meta)["to"] != mailbox) {
    return mesh_error(403, "DOWNLOAD", "", "Message not addressed to this mailbox");
  }
  const auto inbox = store_.inbox(mailbox);
  const std::size_t total = std::stoul((*meta)["chunks"]);
  if (std::find(inbox.begin(), inbox.end(), id) == inbox.end()) {
    return mesh_error(410, "DOWNLOAD", "", "Message has gone");
  }
  if (k < 1 || k > total) {
    return mesh_error(404, "DOWNLOAD", "", "Chunk does not exist");
  }
  Response out;
  out.status = k < total ? 206 : 200;
  static const std::vector<std::pair<const char*, const char*>> kHeaders = {
      {"from", "mex-from"},
      {"to", "mex-to"},
      {"workflow_id", "mex-workflowid"},
      {"local_id", "mex-localid"},
      {"file_name", "mex-filename"},
      {"subject", "mex-subject"},
      {"linked_id", "mex-linkedmsgid"},
      {"status_code", "mex-statuscode"},
      {"status_event", "mex-statusevent"},
      {"status_description", "mex-statusdescription"},
      {"status_success", "mex-statussuccess"},
      {"status_timestamp", "mex-statustimestamp"},
      {"content_type", "mex-content-type"},
      {"compressed", "mex-content-compressed"}};
  for (const auto& [key, header] : kHeaders) {
    if (!(*meta)[key].empty()) {
      out.headers.emplace_back(header, (*meta)[key]);
    }
  }
  out.headers.emplace_back("mex-messageid", id);
  out.headers.emplace_back("mex-messagetype", (*meta)["type"]);
  out.headers.emplace_back("mex-chunk-range", std::to_string(k) + ":" + std::to_string(total));
  out.headers.emplace_back("mex-total-chunks", std::to_string(total));
  out.headers.emplace_back("mex-addresstype", "ALL");
  out.headers.emplace_back("mex-version", "1.0");
  out.headers.emplace_back("Content-Type", "application/octet-stream");
  std::string body = store_.chunk(id, k).value_or("");
  if ((*meta)["encoding"] == "gzip") {
    if (request.header("accept-encoding").find("gzip") != std::string::npos) {
      out.headers.emplace_back("Content-Encoding", "gzip");
    } else {
      body = gunzip(body).value_or("");
    }
  }
  out.body = std::move(body);
  return out;
}

Response MeshService::acknowledge(const std::string& mailbox, const std::string& id) {
  auto meta = store_.meta(id);
  const auto inbox = store_.inbox(mailbox);
  if (!meta || (*meta)["to"] != mailbox ||
      std::find(inbox.begin(), inbox.end(), id) == inbox.end()) {
    return mesh_error(404, "ACK", "", "Message does not exist");
  }
  (*meta)["status"] = "acknowledged";
  (*meta)["status_timestamp"] = now_stamp();
  store_.save(id, *meta);
  store_.take_from_inbox(mailbox, id);
  return v1_ ? json(200, id_body(id)) : Response{200, {}, "", "", "", ""};
}

void MeshService::expire(bool all) {
  const auto cutoff = std::time(nullptr) - options_.expire_after.count();
  for (const auto& id : store_.all_ids()) {
    auto meta = store_.meta(id);
    if (!meta || (*meta)["type"] != "DATA" || (*meta)["status"] != "accepted" ||
        (!all && std::stol((*meta)["created"]) > cutoff)) {
      continue;
    }
    // mesh.md 1.4: uncollected messages leave the inbox and the sender gets REPORT 14.
    (*meta)["status"] = "undeliverable";
    (*meta)["status_success"] = "ERROR";
    (*meta)["status_code"] = "14";
    (*meta)["status_event"] = "TRANSFER";
    (*meta)["status_description"] = "Message not collected by recipient after 5 days";
    (*meta)["status_timestamp"] = now_stamp();
    store_.save(id, *meta);
    store_.take_from_inbox((*meta)["to"], id);
    const std::string report = store_.new_id();
    Meta r = {{"from", (*meta)["to"]},
              {"to", (*meta)["from"]},
              {"workflow_id", (*meta)["workflow_id"]},
              {"local_id", (*meta)["local_id"]},
              {"linked_id", id},
              {"type", "REPORT"},
              {"chunks", "1"},
              {"created", std::to_string(std::time(nullptr))},
              {"status", "accepted"},
              {"status_success", "ERROR"},
              {"status_code", "14"},
              {"status_event", "TRANSFER"},
              {"status_description", (*meta)["status_description"]},
              {"status_timestamp", now_stamp()}};
    store_.save_chunk(report, 1, "");
    store_.save(report, r);
    store_.put_in_inbox(r["to"], report);
  }
}

}  // namespace atpipe::mesh_server
