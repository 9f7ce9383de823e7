#include "connectors/mesh/mesh_config.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "connectors/common/http/http_config.hpp"
#include "connectors/common/http/http_url.hpp"

namespace atpipe::connectors::mesh {
namespace {

using config::key_in;
using http::read_range;

// mesh.md 1.4: at most 100 MB per request after compression; chunks are cut before it.
constexpr long kMaxChunk = 100L * 1000 * 1000;
constexpr long kMinChunk = 1024;

// A mailbox id: letters and digits (X26ABC1), kept upper-case as the token needs it.
bool read_mailbox(const config::NodeReader& reader, const std::string& key, std::string& out) {
  auto text = reader.string(key);
  if (!text) {
    return false;
  }
  const bool plain = !text->empty() && std::all_of(text->begin(), text->end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
  });
  if (!plain) {
    reader.diagnostics().error(reader.mark_of(key), key_in(reader, key) +
                                                        " must be a MESH mailbox id such as "
                                                        "'X26ABC1' (letters and digits)");
    return false;
  }
  std::transform(text->begin(), text->end(), text->begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  out = std::move(*text);
  return true;
}

bool read_secret(const config::NodeReader& reader, const std::string& key, std::string& out) {
  auto value = reader.secret(key);
  if (!value) {
    return false;
  }
  if (value->empty()) {
    reader.diagnostics().error(reader.mark_of(key), key_in(reader, key) + " is empty");
    return false;
  }
  out = std::move(*value);
  return true;
}

// A value that goes into a mex-* header: control characters would be a malformed header
// (MESH error 06), so they are refused here instead.
bool read_header_text(const config::NodeReader& reader, const std::string& key, std::string& out) {
  auto text = reader.string(key);
  if (!text) {
    return false;
  }
  const bool control = std::any_of(text->begin(), text->end(), [](char c) {
    return std::iscntrl(static_cast<unsigned char>(c)) != 0;
  });
  if (text->empty() || control) {
    reader.diagnostics().error(reader.mark_of(key),
                               key_in(reader, key) + " must be non-empty text on one line");
    return false;
  }
  out = std::move(*text);
  return true;
}

bool read_base_url(const config::NodeReader& reader, std::string& out) {
  auto url = reader.string("url");
  if (!url) {
    return false;
  }
  std::string problem;
  if (!http::check_url(*url, problem) || url->rfind("https://", 0) != 0) {
    reader.diagnostics().error(reader.mark_of("url"),
                               key_in(reader, "url") +
                                   " must be an https:// URL such as "
                                   "'https://msg.intspineservices.nhs.uk'" +
                                   (problem.empty() ? std::string() : ", but " + problem));
    return false;
  }
  while (!url->empty() && url->back() == '/') {
    url->pop_back();
  }
  out = std::move(*url);
  return true;
}

}  // namespace

const config::KeyTable& mesh_keys() {
  using config::KeyType;
  // clang-format off
  static const config::KeyTable table = {
      {"url", KeyType::String, true, "", {},
       "MESH base URL, e.g. https://msg.intspineservices.nhs.uk (INT)"},
      {"mailbox", KeyType::String, true, "", {}, "this organisation's MESH mailbox id"},
      {"password", KeyType::Secret, true, "", {},
       "the mailbox password: \"${VAR}\" or file:/path"},
      {"shared_secret", KeyType::Secret, true, "", {},
       "the environment's shared secret (HMAC key): \"${VAR}\" or file:/path"},
      {"to", KeyType::String, true, "", {}, "the recipient's mailbox id (mex-To)"},
      {"workflow_id", KeyType::String, true, "", {}, "the collection's workflow id"},
      {"content_type", KeyType::String, false, "text/csv", {},
       "the file's real type, sent as mex-Content-Type"},
      {"client_cert", KeyType::Path, true, "", {}, "PEM client certificate issued for the mailbox"},
      {"client_key", KeyType::Path, true, "", {}, "PEM private key of 'client_cert'"},
      {"ca_bundle", KeyType::Path, false, "", {},
       "PEM file of the CAs that sign the MESH server (the NHS bundle of the environment)"},
      {"chunk_size", KeyType::Int, false, "78643200", {},
       "uncompressed bytes per chunk; larger files go in several (1024 to 100000000)"},
      {"compress", KeyType::Bool, false, "true", {}, "gzip the file (Content-Encoding: gzip)"},
      {"timeout_seconds", KeyType::Int, false, "600", {}, "limit on each request (1 to 3600)"},
      {"connect_timeout_seconds", KeyType::Int, false, "30", {},
       "limit on connecting (1 to 300)"},
      {"retries", KeyType::Int, false, "3", {},
       "extra attempts for requests safe to repeat, after 429, 5xx or a cut connection (0 to 10)"},
      {"max_inbox_pages", KeyType::Int, false, "100", {},
       "pages of inbox ids read before stopping (1 to 10000)"},
  };
  // clang-format on
  return table;
}

std::shared_ptr<const MeshConfig> parse_mesh_config(const config::NodeReader& reader) {
  auto out = std::make_shared<MeshConfig>();
  bool ok = read_base_url(reader, out->url);
  ok = read_mailbox(reader, "mailbox", out->mailbox) && ok;
  ok = read_mailbox(reader, "to", out->to) && ok;
  ok = read_secret(reader, "password", out->password) && ok;
  ok = read_secret(reader, "shared_secret", out->shared_secret) && ok;
  ok = read_header_text(reader, "workflow_id", out->workflow_id) && ok;
  ok = read_header_text(reader, "content_type", out->content_type) && ok;
  auto cert = reader.path("client_cert");
  auto key = reader.path("client_key");
  out->ca_bundle = reader.path("ca_bundle");
  ok = ok && cert && key && (!reader.has("ca_bundle") || out->ca_bundle);
  if (cert && key) {
    out->client_cert = *cert;
    out->client_key = *key;
  }
  long number = 0;
  ok = read_range(reader, "chunk_size", kMinChunk, kMaxChunk, number) && ok;
  out->chunk_size = static_cast<std::size_t>(number);
  ok = read_range(reader, "timeout_seconds", 1, 3600, number) && ok;
  out->timeout = std::chrono::seconds(number);
  ok = read_range(reader, "connect_timeout_seconds", 1, 300, number) && ok;
  out->connect_timeout = std::chrono::seconds(number);
  ok = read_range(reader, "retries", 0, 10, number) && ok;
  out->retries = static_cast<int>(number);
  ok = read_range(reader, "max_inbox_pages", 1, 10000, number) && ok;
  out->max_inbox_pages = static_cast<std::size_t>(number);
  auto compress = reader.boolean("compress");
  ok = ok && compress.has_value();
  out->compress = compress.value_or(true);
  if (!ok) {
    return nullptr;
  }
  return out;
}

}  // namespace atpipe::connectors::mesh
