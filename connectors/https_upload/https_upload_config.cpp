#include "connectors/https_upload/https_upload_config.hpp"

#include <cctype>

#include "connectors/common/http/http_config.hpp"
#include "connectors/common/http/http_url.hpp"

namespace atpipe::connectors::https_upload {
namespace {

std::string percent_encode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4U];
      out += kHex[c & 15U];
    }
  }
  return out;
}

// A template checked as the URL it becomes: https only (patient data), no credentials in it.
bool check_template(const config::NodeReader& reader, const std::string& key, std::string& out) {
  auto text = reader.string(key);
  if (!text) {
    return false;
  }
  out = *text;
  const std::string sample = expand_url(out, "f.csv", "id", "2026-10", "QPM");
  std::string problem;
  if (!http::check_url(sample, problem) || sample.rfind("https://", 0) != 0) {
    reader.diagnostics().error(reader.mark_of(key),
                               config::key_in(reader, key) + " must be an https:// URL" +
                                   (problem.empty() ? std::string() : " (" + problem + ")"));
    return false;
  }
  return true;
}

}  // namespace

std::string expand_url(const std::string& pattern, const std::string& file_name,
                       const std::string& local_id, const std::string& period,
                       const std::string& commissioner) {
  std::string out = pattern;
  for (const auto& [name, value] : {std::pair<std::string, std::string>{"{file_name}", file_name},
                                    {"{local_id}", local_id},
                                    {"{period}", period},
                                    {"{commissioner}", commissioner}}) {
    for (auto at = out.find(name); at != std::string::npos; at = out.find(name, at)) {
      const std::string encoded = percent_encode(value);
      out.replace(at, name.size(), encoded);
      at += encoded.size();
    }
  }
  return out;
}

const config::KeyTable& https_upload_keys() {
  using config::KeyType;
  static const config::KeyTable table = [] {
    config::KeyTable t = {
        {"url",
         KeyType::String,
         true,
         "",
         {},
         "https:// upload URL; {file_name}, {local_id}, {period}, {commissioner} are filled in"},
        {"method",
         KeyType::Enum,
         false,
         "put",
         {"put", "post"},
         "put: the file is the body; post: multipart/form-data"},
        {"form_field", KeyType::String, false, "file", {}, "the multipart field of a post"},
        {"status_url",
         KeyType::String,
         false,
         "",
         {},
         "asked before sending again after a crash: 2xx = arrived, 404 = not (default: HEAD "
         "on url, which must then hold {local_id})"},
    };
    for (const auto& key : http::http_keys()) {
      t.push_back(key);
    }
    return t;
  }();
  return table;
}

std::shared_ptr<const HttpsUploadConfig> parse_https_upload_config(
    const config::NodeReader& reader) {
  auto out = std::make_shared<HttpsUploadConfig>();
  bool ok = check_template(reader, "url", out->url);
  out->method = reader.string("method").value_or("put") == "post" ? Method::Post : Method::Put;
  out->form_field = reader.string("form_field").value_or("file");
  if (reader.has("status_url")) {
    std::string status;
    ok = check_template(reader, "status_url", status) && ok;
    out->status_url = status;
  }
  ok = http::read_http_settings(reader, out->http) && ok;
  // Never blindly send twice: atpipe must be able to ask whether this upload arrived.
  if (!out->status_url && out->url.find("{local_id}") == std::string::npos) {
    reader.diagnostics().error(
        reader.mark(),
        "submission.sink of type https_upload needs a way to ask whether an upload arrived: "
        "put {local_id} in 'url' (for method put) or give 'status_url'");
    ok = false;
  } else if (!out->status_url && out->method == Method::Post) {
    reader.diagnostics().error(reader.mark_of("method"),
                               "'method: post' in submission.sink needs 'status_url' (a POST "
                               "URL cannot be asked with HEAD whether the upload arrived)");
    ok = false;
  }
  return ok ? out : nullptr;
}

}  // namespace atpipe::connectors::https_upload
